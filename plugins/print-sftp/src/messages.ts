/**
 * @module
 * Every user-facing text of the print-sftp plugin and its simulator, Danish by default and
 * English by the config's `language: "en"`. Texts say what failed and what to do; they never
 * contain a CPR number.
 */

/** Languages the plugin speaks. */
export type Language = 'da' | 'en';

const da = {
  noAddress: 'Brevet har ingen postadresse til print; angiv modtagerens adresse og send igen',
  noDocument: 'Brevet har intet hoveddokument at printe',
  notPdf: (name: string) => `"${name}" er ikke en PDF; kun PDF-dokumenter kan printes hos printleverandøren`,
  unreadablePdf: (name: string) => `"${name}" kan ikke læses som PDF; gem det som PDF igen og send igen`,
  notA4: (name: string, page: number) =>
    `Side ${page} i "${name}" er ikke A4 (210 × 297 mm); printleverandøren tager kun A4. Gem brevet i A4 og send igen`,
  notPrintChannel: (channel: string) => `print-sftp sender kun med print, ikke "${channel}"; ret "routing" i konfigurationen`,
  lookupWarning: 'Printleverandøren kan ikke slå digital post op; brevet sendes som fysisk post',
  sftpAuth: 'Printleverandørens SFTP-server afviste login; ret "sftp.username" og "sftp.privateKeyFile" eller "sftp.password"',
  sftpHostKey:
    'Printleverandørens SFTP-server har ikke den nøgle, der står i "sftp.hostKeySha256"; ' +
    'bekræft fingeraftrykket med leverandøren og ret det',
  sftpDenied: (detail: string) =>
    `Printleverandørens SFTP-server nægtede adgang (${detail}); ret rettigheder eller "sftp.dropDir"/"sftp.returnDir"`,
  sftpTransient: (detail: string) => `Overførslen til printleverandøren fejlede midlertidigt (${detail}); den prøves igen`,
  indexInvalid: (detail: string) => `Indeksfilen passer ikke til leverandørens skema (${detail}); ret leverandørprofilens "index"`,
  vendorError: (reason: string) => `Printleverandøren afviste brevet: ${reason}`,
  vendorReturned: (reason: string) => `Brevet kom retur fra postvæsenet: ${reason}. Kontrollér adressen og send igen`,
  batchRejected: (reason: string) => `Printleverandøren afviste hele leverancen: ${reason}`,
} as const;

const en: { [K in keyof typeof da]: (typeof da)[K] extends string ? string : (typeof da)[K] } = {
  noAddress: "The letter has no postal address for print; give the recipient's address and send again",
  noDocument: 'The letter has no main document to print',
  notPdf: (name) => `"${name}" is not a PDF; the print vendor prints PDF documents only`,
  unreadablePdf: (name) => `"${name}" cannot be read as a PDF; save it as PDF again and send again`,
  notA4: (name, page) =>
    `Page ${page} of "${name}" is not A4 (210 × 297 mm); the print vendor takes A4 only. Save the letter as A4 and send again`,
  notPrintChannel: (channel) => `print-sftp sends by print only, not "${channel}"; fix "routing" in the config`,
  lookupWarning: 'The print vendor cannot look up digital post; the letter goes by post',
  sftpAuth: 'The print vendor\'s SFTP server refused the login; fix "sftp.username" and "sftp.privateKeyFile" or "sftp.password"',
  sftpHostKey:
    'The print vendor\'s SFTP server does not have the key in "sftp.hostKeySha256"; confirm the fingerprint with the vendor and fix it',
  sftpDenied: (detail) => `The print vendor's SFTP server denied access (${detail}); fix permissions or "sftp.dropDir"/"sftp.returnDir"`,
  sftpTransient: (detail) => `The transfer to the print vendor failed for now (${detail}); it will be retried`,
  indexInvalid: (detail) => `The index file does not match the vendor's schema (${detail}); fix the vendor profile's "index"`,
  vendorError: (reason) => `The print vendor refused the letter: ${reason}`,
  vendorReturned: (reason) => `The letter was returned by the postal service: ${reason}. Check the address and send again`,
  batchRejected: (reason) => `The print vendor refused the whole batch: ${reason}`,
};

/** The texts in one language. */
export type Messages = typeof da;

/**
 * The plugin's texts in `lang`.
 * @example const t = messagesFor(config.language); throw new ProviderError('permanent', 'NO_ADDRESS', t.noAddress);
 */
export function messagesFor(lang: Language): Messages {
  return (lang === 'en' ? en : da) as Messages;
}
