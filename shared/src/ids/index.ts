export { isValidCpr, cprBirthDate, cprPassesModulus11, maskCpr, normaliseCpr } from './cpr.ts';
export { isValidCvr, isValidPNumber } from './cvr.ts';
export { findIdentifiers, type FoundIdentifier } from './find-identifiers.ts';
export { isValidFnr, isValidOrgnr, isValidNorwegianAccount, isValidKid } from './norway.ts';
