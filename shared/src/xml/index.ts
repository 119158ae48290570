/**
 * @module
 * `@brevdue/shared/xml`: XML schema validation for plugins and platform (Node only: it loads
 * libxml2 as WebAssembly, which is why the add-ins' `@brevdue/shared` barrel does not export it).
 */
export { createXsdValidator, XsdSchemaError } from './xsd-validator.ts';
export type { XsdSchemaErrorCode } from './xsd-validator.ts';
export type { XsdValidationError, XsdValidationResult, XsdValidator, XsdValidatorOptions } from './xsd-validator.ts';
export { readSchemaFiles } from './read-schema-files.ts';
