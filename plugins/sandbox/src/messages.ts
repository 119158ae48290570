/**
 * @module
 * Every user-facing text of the sandbox plugin and simulator, Danish first with English
 * alongside. Codes are stable: the simulator answers them and the plugin maps them.
 */

/** Error codes the simulator answers, with the text shown to the user. */
export const REMOTE_ERRORS = {
  INVALID_MESSAGE: 'Ugyldig forsendelse / Invalid message',
  TOO_MANY_REQUESTS: 'For mange forsendelser på én gang; prøv igen om lidt / Too many messages at once; try again shortly',
  INVALID_RECIPIENT: 'Ugyldigt modtager-id / Invalid recipient identifier',
  UNKNOWN_RECIPIENT:
    'Modtageren findes ikke i registret; kontrollér CPR/CVR-nummeret / The recipient is not known to the register; check the identifier',
  NOT_REGISTERED:
    'Modtageren er ikke tilmeldt digital post; send med print (kanalpolitik "digital-else-print") / The recipient is not registered for digital post; send by print (channel policy "digital-else-print")',
  EXEMPT: 'Modtageren er fritaget for digital post; send med print / The recipient is exempt from digital post; send by print',
  NO_SMS: 'Modtageren kan ikke modtage SMS; send digitalt eller med print / The recipient cannot receive SMS; send digitally or by print',
  NO_ADDRESS: "Ingen postadresse til print; angiv modtagerens adresse / No postal address for print; give the recipient's address",
  DOCUMENT_MISMATCH:
    'Dokumentet kom ikke helt frem (størrelse eller SHA-256 passer ikke); send igen / The document arrived damaged (size or SHA-256 mismatch); send again',
  MISSING_DOCUMENT: 'Brevet mangler et hoveddokument / The letter has no main document',
  MISSING_SMS_TEXT: 'SMS-teksten mangler / The SMS text is missing',
  SMS_TOO_LONG: 'SMS-teksten er for lang (højst 1000 tegn) / The SMS text is too long (at most 1000 characters)',
  TOO_LARGE: 'Forsendelsen er for stor (højst 99,5 MB) / The shipment is too large (at most 99.5 MB)',
  NOT_FOUND: 'Meddelelsen findes ikke / No such message',
  UNAVAILABLE: 'Tjenesten er midlertidigt utilgængelig; prøv igen / The service is temporarily unavailable; try again',
  PRINT_FAILED:
    'Brevet kunne ikke printes og sendes; kontrollér adressen og send igen / The letter could not be printed and posted; check the address and send again',
} as const;
export type RemoteErrorCode = keyof typeof REMOTE_ERRORS;

/** Texts of the plugin's own failures (transport, unexpected answers). */
export const PLUGIN_ERRORS = {
  NETWORK: (url: string, detail: string) =>
    `Sandbox-simulatoren svarer ikke på ${url} (${detail}); start den med "brevdue simulate sandbox" eller ret "url" / The sandbox simulator does not answer at ${url} (${detail}); start it with "brevdue simulate sandbox" or fix "url"`,
  TIMEOUT: (ms: number) =>
    `Sandbox-simulatoren svarede ikke inden ${ms} ms; prøver igen / The sandbox simulator did not answer within ${ms} ms; will retry`,
  UNAVAILABLE: (status: number) =>
    `Sandbox-simulatoren svarede ${status}; prøver igen / The sandbox simulator answered ${status}; will retry`,
  THROTTLED: (seconds: number) =>
    `Sandbox-simulatoren beder os sende langsommere; prøver igen om ${seconds} s / The sandbox simulator asks us to slow down; will retry in ${seconds} s`,
  BAD_ANSWER: (status: number) =>
    `Uventet svar fra sandbox-simulatoren (HTTP ${status}); kontrollér at "url" peger på en sandbox-simulator / Unexpected answer from the sandbox simulator (HTTP ${status}); check that "url" points at a sandbox simulator`,
  CALLBACK_NO_SECRET:
    'Callback afvist: pluginnet har ingen "callbackSecret" / Callback refused: the plugin has no "callbackSecret" configured',
  CALLBACK_BAD_SIGNATURE: (reason: string) =>
    `Callback afvist: ugyldig signatur (${reason}) / Callback refused: invalid signature (${reason})`,
  CALLBACK_BAD_BODY: 'Callback afvist: ugyldigt indhold / Callback refused: invalid body',
} as const;

/** Lookup warnings shown in the preview. */
export const LOOKUP_WARNINGS = {
  not_registered: 'Ikke tilmeldt digital post: sendes med print / Not registered for digital post: will be printed',
  exempt: 'Fritaget for digital post: sendes med print / Exempt from digital post: will be printed',
  unknown: 'Ukendt i registret: kontrollér nummeret / Unknown to the register: check the identifier',
} as const;
