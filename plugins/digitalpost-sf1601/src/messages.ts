/**
 * @module
 * Every user-facing text of the plugin, Danish first with English alongside. Error codes are
 * stable; the text says what failed, the field and the fix.
 */

/** Text of a MeMo/ForsendelseI limit a letter breaks. */
export const limitText = {
  tooLong: (field: string, max: number, actual: number) =>
    `${field} er for lang (${actual} tegn, højst ${max}) / ${field} is too long (${actual} characters, at most ${max}): forkort teksten / shorten it`,
  required: (field: string) => `${field} mangler / ${field} is missing: udfyld feltet / fill it in`,
  notUuidV4: (field: string) => `${field} skal være et UUID version 4 / ${field} must be a version 4 UUID`,
  notDateTime: (field: string, value: string) =>
    `${field} "${value}" er ikke et gyldigt tidspunkt / is not a valid date-time: brug ISO 8601 med tidszone, fx 2026-12-03T10:00:00+01:00`,
  urlNotHttps: (field: string) => `${field} skal være et https-link / ${field} must be an https: link`,
  tooMany: (field: string, max: number) => `for mange ${field} (højst ${max}) / too many ${field} (at most ${max})`,
  endBeforeStart: (field: string) => `${field}: sluttidspunktet skal ligge efter starttidspunktet / the end must be after the start`,
};

export const smsText = {
  empty: 'SMS-teksten er tom / the SMS text is empty: skriv en tekst / write a text',
  tooLong: (max: number, actual: number) =>
    `SMS-teksten er for lang (${actual} tegn, højst ${max} i NemSMS) / the SMS text is too long (${actual} characters, NemSMS takes at most ${max}): forkort den / shorten it`,
  badCharacters: (chars: string) =>
    `SMS-teksten indeholder tegn NemSMS ikke kan sende (${chars}) / the SMS text has characters NemSMS cannot send (${chars}): brug kun GSM-tegn (a–å, 0–9, almindelig tegnsætning) / use GSM characters only`,
  notRegistered:
    'Modtageren er ikke tilmeldt NemSMS / the recipient is not registered for NemSMS: send som digital post / send as digital post',
};

export const sendText = {
  schemaInvalid: (what: string, errors: string[]) =>
    `${what} overholder ikke skemaet og blev ikke sendt / does not validate against the schema and was not sent: ${errors.slice(0, 3).join('; ')}`,
  noDocument: 'Brevet har intet hoveddokument / the letter has no main document: vedhæft et PDF-dokument / attach a PDF',
  noAddress: 'Modtageren har ingen postadresse til print / the recipient has no postal address for print: angiv adressen / add the address',
  tooBig: (bytes: number, max: number) =>
    `Forsendelsen er for stor (${(bytes / 1048576).toFixed(1)} MB, højst ${(max / 1048576).toFixed(1)} MB) / the shipment is too big: del den op / split it`,
  recipientType: (t: string) =>
    `Digital Post kan ikke sendes til ${t} / Danish Digital Post cannot reach a ${t} recipient: brug CPR eller CVR / use CPR or CVR`,
  noSenderCvr:
    'Afsenderens CVR-nummer mangler / the sender CVR is missing: sæt "cvr" i plugin-konfigurationen / set "cvr" in the plugin config',
  remoteRejected: (code: string, text: string) =>
    `Digital Post afviste brevet (${code}) / Digital Post refused the letter (${code}): ${text}`,
  remoteUnavailable: (detail: string) =>
    `Serviceplatformen svarer ikke / Serviceplatformen did not answer (${detail}): prøver igen / will retry`,
  authFailed: (detail: string) =>
    `Adgang til Serviceplatformen afvist / access to Serviceplatformen refused (${detail}): tjek certifikat og serviceaftale / check the certificate and service agreement`,
};

export const configText = {
  certificateMissing: (path: string) =>
    `certifikatfilen "${path}" findes ikke eller kan ikke læses / the certificate file "${path}" is missing or unreadable: angiv stien til organisationens PKCS#12-fil / give the path of the organisation's PKCS#12 file`,
  passphraseEnvMissing: (name: string) =>
    `miljøvariablen ${name} er ikke sat / the environment variable ${name} is not set: sæt den til certifikatets adgangskode / set it to the certificate passphrase`,
  passphraseFileMissing: (path: string) => `adgangskodefilen "${path}" kan ikke læses / the passphrase file "${path}" is unreadable`,
  certificateUnreadable: (detail: string) =>
    `certifikatet kan ikke åbnes med den angivne adgangskode / the certificate cannot be opened with the given passphrase (${detail})`,
  caMissing: (path: string) => `CA-filen "${path}" kan ikke læses / the CA file "${path}" is unreadable`,
};

export const lookupText = {
  exempt: 'Fritaget for Digital Post: brevet sendes som fysisk post / exempt from Digital Post: the letter goes by physical post',
  notRegistered: 'Ikke tilmeldt Digital Post / not registered for Digital Post',
  unknown: 'Ukendt i CPR/CVR / unknown in the CPR/CVR register',
};

/** Reasons PostModtag (SF1606) gives the Postkomponent when it refuses a message. */
export const inboundText = {
  certificateRequired: 'Klientcertifikat mangler / a client certificate is required (mutual TLS with the Postkomponent certificate)',
  certificateUntrusted: (detail: string) => `Klientcertifikatet er ikke godkendt / the client certificate is not trusted (${detail})`,
  tooLarge: (max: number) => `Meddelelsen er over ${(max / 1048576).toFixed(0)} MB / the message is over ${(max / 1048576).toFixed(0)} MB`,
  dtd: 'DOCTYPE/DTD er ikke tilladt i MeMo / a DOCTYPE (DTD, entities) is not allowed in MeMo',
  notXml: (detail: string) => `Ikke gyldig XML / not well-formed XML: ${detail}`,
  notMemo: 'Kroppen er ikke en MeMo-meddelelse (memo:Message) / the body is not a MeMo message',
  memoVersion: (v: string) => `memoVersion "${v}" understøttes ikke / is not supported: 1.1 eller/or 1.2`,
  schema: (errors: string[]) => `Skemafejl / schema error: ${errors.slice(0, 3).join('; ')}`,
  wrongRecipient: (idType: string) =>
    `Meddelelsen er ikke til denne organisation (${idType}) / the message is not addressed to this organisation: tjek fordelingsreglerne i Postkomponenten / check the Postkomponent's distribution rules`,
  badContent: (file: string) => `Dokumentet "${file}" er ikke gyldig base64 / the document "${file}" is not valid base64`,
  notWired: 'Platformen modtager ikke post endnu / the platform does not take inbound post yet: prøv igen senere / try again later',
  storeFailed: 'Meddelelsen kunne ikke gemmes / the message could not be stored: prøv igen / try again',
  caMissing: (path: string) =>
    `CA-filen "${path}" kan ikke læses / the CA file "${path}" is unreadable: angiv PEM-filen med Postkomponentens udsteder / give the PEM file of the Postkomponent's issuer`,
  listenerFileMissing: (field: string, path: string) => `${field}: filen "${path}" kan ikke læses / the file "${path}" is unreadable`,
};
