/**
 * @module
 * User-facing text of the audit log (entry and config errors, the verify report, the CSV
 * header): Danish by default, English by a switch. One language at a time; every string of the
 * audit module lives here. Texts never hold a full CPR number.
 */

/** The languages of the audit texts; Danish is the default. */
export type Locale = 'da' | 'en';

const da = {
  notSha256: 'er ikke en SHA-256; giv dokumentets checksum som 64 hex-tegn (0-9, a-f)',
  emptyParty: 'parten mangler idType eller id; giv fx { "idType": "CPR", "id": "0101904321" }',
  keyUnreadable: (detail: string) =>
    `kan ikke læses som en Ed25519-privatnøgle (PKCS8 som PEM, base64 eller en ` +
    `sti til en fil): ${detail}. Lav en med "openssl genpkey -algorithm ed25519"`,
  keyNotEd25519: (type: string) => `er en ${type}-nøgle; auditloggen signeres med Ed25519: lav en med "openssl genpkey -algorithm ed25519"`,
  publicKeyUnreadable: (detail: string) => `kan ikke læses som en offentlig Ed25519-nøgle (SPKI som PEM, base64 eller en fil): ${detail}`,
  changed: (id: number) => `auditpost ${id} er ændret efter den blev skrevet (indholdet giver ikke længere dens hash)`,
  unlinked: (id: number) => `auditpost ${id} følger ikke den forrige post (en post er slettet, indsat eller flyttet)`,
  rewritten: (cp: number, lastId: number, afterId: number) =>
    `kontrolpunkt ${cp} signerede post ${lastId} med en anden hash: kæden er skrevet ` +
    `om med genberegnede hashes efter post ${afterId} og til og med post ${lastId}`,
  missingHead: (cp: number, lastId: number) =>
    `post ${lastId}, som kontrolpunkt ${cp} signerede, findes ikke længere: loggen er skåret af eller poster slettet`,
  countMismatch: (cp: number, lastId: number, signed: number, found: number) =>
    `kontrolpunkt ${cp} signerede ${signed} poster til og med post ${lastId}, men der er ${found}: poster før den er slettet eller indsat`,
  tailCut: (cp: number, lastId: number, end: number | null) =>
    `kontrolpunkt ${cp} signerede post ${lastId}, men loggen slutter ` +
    `${end === null ? 'uden poster' : `ved post ${end}`}: halen er skåret af`,
  badSignature: (cp: number) => `kontrolpunkt ${cp} har en ugyldig signatur: det er ændret eller forfalsket`,
  unknownKey: (cp: number, keyId: string) =>
    `kontrolpunkt ${cp} er signeret med en ukendt nøgle (${keyId}); angiv den gamle offentlige nøgle i audit.verifyKeys`,
  noKey:
    'ingen signeringsnøgle (audit.signingKey eller BREVDUE_AUDIT_SIGNING_KEY): kontrolpunkterne ' +
    'er ikke kontrolleret, så en genberegnet kæde eller en afskåret hale kan ikke opdages',
  noCheckpoints: 'der er endnu ingen signerede kontrolpunkter: en genberegnet kæde eller en afskåret hale kan ikke opdages',
  stale: (signedAt: string, minutes: number) =>
    `det nyeste signerede kontrolpunkt er fra ${signedAt}, ældre end 2 × ${minutes} ` +
    `minutter: har platformen kørt siden, er kontrolpunkter slettet eller planen kører ikke`,
  checkpointGap: (from: number, to: number) => `kontrolpunkterne ${from}–${to} mangler: de kan være slettet`,
  moreProblems: (n: number) => `... og ${n} fund mere`,
  brokenElsewhere: 'Auditloggen er brudt ved en post fra en anden organisation; kontakt driften, som kan køre `brevdue audit verify`',
  intact: (checked: number, lastHash: string | null) => `Auditloggen er intakt: ${checked} poster, sidste hash ${lastHash ?? '-'}`,
  broken: (n: number) => `Auditloggen er IKKE intakt: ${n} fund`,
  checkpointSummary: (found: number, verified: number, unsigned: number) =>
    `Kontrolpunkter: ${found} fundet, ${verified} med gyldig signatur; ${unsigned} poster efter det seneste er endnu ikke signeret`,
  lastCheckpoint: (cp: number, lastId: number, signedAt: string) =>
    `Seneste kontrolpunkt: ${cp} til og med post ${lastId}, signeret ${signedAt}`,
  warning: 'Advarsel',
  pageNumber: 'skal være et helt tal fra 1',
  pageSizeRange: (max: number) => `skal være 1–${max}; brug CSV-eksporten til flere`,
  notDate: 'er ikke en dato; giv fx 2026-12-01 eller 2026-12-01T08:00:00Z',
  partyDigits: 'giv CPR-, FNR-, CVR- eller ORGNR-cifrene, fx 0101904321',
  actionFormat: 'en handling er små ord med punktum imellem, fx letter.message.read eller letter.',
  csvHeader: [
    'id',
    'tidspunkt',
    'aktør',
    'aktørnavn',
    'handling',
    'objekttype',
    'objekt-id',
    'part-type',
    'part',
    'kildeadresse',
    'dokument-sha256',
    'detaljer',
  ],
} as const;

type Texts = {
  readonly [K in keyof typeof da]: (typeof da)[K] extends (...a: infer A) => string
    ? (...a: A) => string
    : (typeof da)[K] extends readonly string[]
      ? readonly string[]
      : string;
};

const en: Texts = {
  notSha256: 'is not a SHA-256; give the document checksum as 64 hex digits (0-9, a-f)',
  emptyParty: 'the party lacks idType or id; give e.g. { "idType": "CPR", "id": "0101904321" }',
  keyUnreadable: (detail) =>
    `cannot be read as an Ed25519 private key (PKCS8 as PEM, base64 or a file ` +
    `path): ${detail}. Make one with "openssl genpkey -algorithm ed25519"`,
  keyNotEd25519: (type) => `is a ${type} key; the audit log is signed with Ed25519: make one with "openssl genpkey -algorithm ed25519"`,
  publicKeyUnreadable: (detail) => `cannot be read as an Ed25519 public key (SPKI as PEM, base64 or a file): ${detail}`,
  changed: (id) => `audit entry ${id} was changed after it was written (its content no longer gives its hash)`,
  unlinked: (id) => `audit entry ${id} does not follow the entry before it (an entry was deleted, inserted or moved)`,
  rewritten: (cp, lastId, afterId) =>
    `checkpoint ${cp} signed entry ${lastId} with another hash: the chain was ` +
    `rewritten with recomputed hashes after entry ${afterId} and up to entry ${lastId}`,
  missingHead: (cp, lastId) => `entry ${lastId}, signed by checkpoint ${cp}, no longer exists: the log was cut off or entries deleted`,
  countMismatch: (cp, lastId, signed, found) =>
    `checkpoint ${cp} signed ${signed} entries up to entry ${lastId}, but there are ${found}: entries before it were deleted or inserted`,
  tailCut: (cp, lastId, end) =>
    `checkpoint ${cp} signed entry ${lastId}, but the log ends ` +
    `${end === null ? 'with no entries' : `at entry ${end}`}: the tail was cut off`,
  badSignature: (cp) => `checkpoint ${cp} has an invalid signature: it was changed or forged`,
  unknownKey: (cp, keyId) => `checkpoint ${cp} is signed with an unknown key (${keyId}); list the old public key in audit.verifyKeys`,
  noKey:
    'no signing key (audit.signingKey or BREVDUE_AUDIT_SIGNING_KEY): checkpoints ' +
    'were not checked, so a recomputed chain or a cut-off tail cannot be found',
  noCheckpoints: 'there are no signed checkpoints yet: a recomputed chain or a cut-off tail cannot be found',
  stale: (signedAt, minutes) =>
    `the newest signed checkpoint is from ${signedAt}, older than 2 × ${minutes} minutes: if the ` +
    `platform has been running since, checkpoints were deleted or the schedule is not running`,
  checkpointGap: (from, to) => `checkpoints ${from}–${to} are missing: they may have been deleted`,
  moreProblems: (n) => `... and ${n} more findings`,
  brokenElsewhere: 'The audit log is broken at an entry of another organisation; ask operations, who can run `brevdue audit verify`',
  intact: (checked, lastHash) => `The audit log is intact: ${checked} entries, last hash ${lastHash ?? '-'}`,
  broken: (n) => `The audit log is NOT intact: ${n} findings`,
  checkpointSummary: (found, verified, unsigned) =>
    `Checkpoints: ${found} found, ${verified} with a valid signature; ${unsigned} entries after the newest are not signed yet`,
  lastCheckpoint: (cp, lastId, signedAt) => `Newest checkpoint: ${cp} up to entry ${lastId}, signed ${signedAt}`,
  warning: 'Warning',
  pageNumber: 'must be a whole number from 1',
  pageSizeRange: (max) => `must be 1–${max}; use the CSV export for more`,
  notDate: 'is not a date; give e.g. 2026-12-01 or 2026-12-01T08:00:00Z',
  partyDigits: 'give the CPR, FNR, CVR or ORGNR digits, e.g. 0101904321',
  actionFormat: 'an action is dotted lower-case words, e.g. letter.message.read or letter.',
  csvHeader: [
    'id',
    'time',
    'actor',
    'actor name',
    'action',
    'object type',
    'object id',
    'party type',
    'party',
    'source address',
    'document sha256',
    'details',
  ],
};

/** The audit texts in one language (Danish unless `en`). */
export function auditMessages(locale: Locale = 'da'): Texts {
  return locale === 'en' ? en : da;
}

/** Picks the locale from a `lang` value (query, CLI option); anything but `en` is Danish. */
export function localeOf(value: string | null | undefined): Locale {
  return value === 'en' ? 'en' : 'da';
}
