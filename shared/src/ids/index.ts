export { isValidCpr, cprBirthDate, cprPassesModulus11, normaliseCpr } from './cpr.ts';
export { maskCpr, maskCprsInText, maskId } from './mask-identifier.ts';
export { isValidCvr, isValidPNumber } from './cvr.ts';
export { AGE_OF_MAJORITY, ageOn, cprAge, cprDateOfBirth, danishCalendarDate, isMinorCpr, type CalendarDate } from './cpr-birth-date.ts';
export { findIdentifiers, type FoundIdentifier } from './find-identifiers.ts';
export { isValidFnr, isValidOrgnr, isValidNorwegianAccount, isValidKid } from './norway.ts';
