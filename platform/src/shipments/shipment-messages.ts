/**
 * @module
 * Texts of shipments (validation, channel planning, review), Danish first with English alongside.
 * One place, so wording stays consistent and can be translated.
 */
export const SHIPMENT_MESSAGES = {
  noProvider: (idType: string, channel: string) =>
    `Ingen udbyder er sat op til ${channel} for ${idType}-modtagere / no provider is configured for ${channel} to ${idType} recipients (see "routing" in the config)`,
  noSms: 'Modtageren kan ikke modtage SMS / the recipient cannot receive SMS',
  notRegistered: (registration: string) =>
    registration === 'exempt'
      ? 'Modtageren er fritaget for digital post, og forsendelsen tillader kun digital post / the recipient is exempt from digital post and the shipment is digital-only'
      : 'Modtageren er ikke tilmeldt digital post, og forsendelsen tillader kun digital post / the recipient is not registered for digital post and the shipment is digital-only',
  registrationUnknown:
    'Modtagerens tilmelding kunne ikke afgøres; brevet sendes som fysisk post / registration unknown; the letter goes by print',
  documentMissing: (field: string) => `${field}: dokumentet findes ikke / document not found (upload it with POST /v1/documents first)`,
  shipmentTooLarge: (bytes: number, max: number) =>
    `Forsendelsen er for stor: ${(bytes / 1e6).toFixed(1)} MB, højst ${(max / 1e6).toFixed(1)} MB / the shipment is too large: ${bytes} bytes, at most ${max}`,
  recipientDocumentMissing: (field: string) =>
    `${field} har intet dokument, og forsendelsen har intet mainDocument; giv modtageren sit eget dokument (document) eller forsendelsen et fælles / ` +
    `${field} has no document and the shipment has no mainDocument; give the recipient its own document or the shipment a shared one`,
  documentTwice: (field: string) =>
    `${field}: samme dokument er med to gange i brevet (som dokument og bilag, eller som eget og fælles bilag) / ` +
    `${field}: the same document is in the letter twice (as document and attachment, or as own and shared attachment)`,
  letterTooLarge: (field: string, bytes: number, max: number) =>
    `${field}: brevet er for stort: ${(bytes / 1e6).toFixed(1)} MB med bilag, højst ${(max / 1e6).toFixed(1)} MB / ` +
    `${field}: the letter is too large: ${bytes} bytes with attachments, at most ${max}`,
  idempotencyMismatch:
    'Idempotency-Key er allerede brugt til en anden forsendelse / Idempotency-Key was already used with a different body; use a new key for a new shipment',
  actionNotSupported: (code: string, provider: string) =>
    `Handlingen ${code} understøttes ikke af ${provider} / action ${code} is not supported by provider ${provider}`,
  letterNotHeld: 'Brevet afventer ikke godkendelse / the letter is not held for review',
  shipmentNotHeld: 'Forsendelsen afventer ikke godkendelse / the shipment is not held for review',
  notFailed: 'Kun fejlede breve kan sendes igen / only failed letters can be resent',
  removedInReview: 'Fjernet under gennemsyn / removed during review',
  copyRemovedInReview: 'Fjernet under gennemsyn sammen med brevet, den er en kopi af / removed during review with the letter it copies',
  noRegister: (detail: string) =>
    `Kopi til forældremyndighedsindehavere kræver et register, og der er intet sat op / guardian copies need a register: ${detail}`,
  guardiansUnknown: (field: string) =>
    `${field}: registret kender ikke barnets CPR-nummer, så forældremyndighedsindehaverne kan ikke findes; ret nummeret eller send uden kopi til forældremyndighedsindehavere / ` +
    `${field}: the register does not know the child's CPR number, so its custody holders cannot be found; correct it or send without guardianCopies`,
  registerUnavailable: (field: string, detail: string) =>
    `${field}: forældremyndighedsindehaverne kunne ikke slås op lige nu; prøv igen om lidt / ${field}: the custody holders could not be looked up right now (${detail}); try again shortly`,
  registerFailed: (field: string, detail: string) =>
    `${field}: opslaget af forældremyndighedsindehavere fejlede / ${field}: looking up the custody holders failed (${detail})`,
  noGuardians:
    'Registret har ingen forældremyndighedsindehaver med CPR-nummer for barnet; ingen kopi sendes / the register records no custody holder with a CPR number for the child; no copy is sent',
  guardianAddressProtected:
    'Forældremyndighedsindehaveren har navne- og adressebeskyttelse; kopien kan kun sendes digitalt / the custody holder has address protection; the copy can only go by digital post',
} as const;
