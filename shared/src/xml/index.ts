/**
 * @module
 * `@brevdue/shared/xml`: XML schema validation for plugins and platform (Node only: it loads
 * libxml2 as WebAssembly, which is why the add-ins' `@brevdue/shared` barrel does not export it).
 * `createXsdValidator` compiles a schema set once and validates on the calling thread (sub-ms for
 * small documents); `createXsdWorkerValidator` does the same on worker threads for big documents.
 */
export { createXsdValidator, XsdSchemaError } from './xsd-validator.ts';
export type { XsdSchemaErrorCode } from './xsd-validator.ts';
export type { XsdValidationError, XsdValidationResult, XsdValidator, XsdValidatorOptions } from './xsd-validator.ts';
export { createXsdWorkerValidator } from './xsd-worker-validator.ts';
export type { XsdWorkerValidator, XsdWorkerValidatorOptions } from './xsd-worker-validator.ts';
export { readSchemaFiles } from './read-schema-files.ts';
