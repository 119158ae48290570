/**
 * @module
 * XSD validation of SF1520 and SF1530 payloads (requests and answers) against the official
 * schemas shipped in `schemas/` (see schemas/SOURCES.md), with libxml2 through
 * `@brevdue/shared/xml`. Each set is compiled once per process on first use (tens of ms); a
 * payload then validates in well under a millisecond.
 */
import { fileURLToPath } from 'node:url';
import { createXsdValidator, readSchemaFiles, type XsdValidator } from '@brevdue/shared/xml';

/** The two services: SF1520 (CPR) and SF1530 (CVR). */
export type ServiceId = 'sf1520' | 'sf1530';

const SCHEMA_ROOT = fileURLToPath(new URL('../schemas/', import.meta.url));

/** The root of each set. SF1520's is our local copy: see its header comment. */
const ROOTS: Record<ServiceId, string> = {
  sf1520: 'local/PersonBaseDataExtendedServiceMsg-local.xsd',
  sf1530: 'OnlineServiceMsg.xsd',
};

const validators = new Map<ServiceId, XsdValidator>();

/**
 * Validates one payload document (the SOAP Body's element) against its service's schema.
 * @example const errors = validatePayload('sf1520', xml); if (errors.length) throw ...
 * @throws XsdSchemaError when the shipped schema files are missing or do not compile (a packaging bug).
 */
export function validatePayload(service: ServiceId, xml: string): string[] {
  let v = validators.get(service);
  if (!v) {
    v = createXsdValidator({ files: readSchemaFiles(SCHEMA_ROOT, [service]), root: `${service}/${ROOTS[service]}` });
    validators.set(service, v);
  }
  const r = v.validate(xml);
  return r.errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message));
}
