/**
 * @module
 * Every user-facing text of the Digipost plugin in one place: Norwegian first, English alongside.
 * Each says what failed and what to do.
 */

export const MSG = {
  noPrintAddress:
    'Ingen postadresse til print / no postal address for print: the recipient has no Digipost account; add a postal address to the recipient and resend',
  noReturnAddress:
    'Ingen returadresse til print / no return address for print: set the organisation\'s returnAddress (or the plugin\'s config field "returnAddress") and resend',
  unsupportedRecipient: (idType: string) =>
    `Digipost kan ikke nå mottakertypen ${idType} / Digipost cannot reach recipient type ${idType}: use FNR (fødselsnummer) or ORGNR (organisasjonsnummer)`,
  noDocument: 'Brevet mangler hoveddokument / the letter has no main document: attach the document and resend',
  invalidMessage: (errors: string) =>
    `Digipost-meldingen er ugyldig mot api_v8.xsd / the Digipost message does not validate against api_v8.xsd: ${errors}`,
  invoiceNeedsAccount:
    'Faktura krever kontonummer / an invoice needs an account number: give the BETALING action an "account", or set the plugin\'s "paymentDataType" to "inkasso"',
  signatureRefused: (detail: string) =>
    `Digipost avviste signaturen / Digipost refused the request signature (${detail}): check that the certificate in "certificatePath" is the one uploaded to Digipost for the broker id in "brokerId"`,
  rejected: (code: string, message: string) => `Digipost avviste brevet / Digipost rejected the letter (${code}): ${message}`,
  unavailable: (detail: string) => `Digipost svarer ikke / Digipost is not answering (${detail}); the letter is retried`,
  unverifiedAnswer: (detail: string) =>
    `Digipost-svaret kunne ikke verifiseres / Digipost's answer could not be verified (${detail}); the letter is retried`,
  printFailed: (code: string) => `Print feilet / printing failed (${code}): check the recipient's postal address and resend`,
  invalidRecipient: (reason: string) => `Ugyldig mottaker hos Digipost / Digipost says the identifier is invalid (${reason})`,
  multipleMatches: 'Flere treff hos Digipost / Digipost found several matching persons',
} as const;
