/**
 * @module
 * Every user-facing text of the plugin: Danish by default, English when the config says
 * `"language": "en"`. A text says what failed and what to do, and never carries a CPR number.
 */

/** The texts of one language. */
export interface Messages {
  invalidCpr: string;
  invalidCvr: string;
  cprNotFound: string;
  cvrNotFound: string;
  serviceNotConfigured(service: 'sf1520' | 'sf1530'): string;
  unavailable(service: string, detail: string): string;
  authFailed(service: string, detail: string): string;
  rejected(service: string, detail: string): string;
  badAnswer(service: string, detail: string): string;
  requestInvalid(service: string, detail: string): string;
  certificateMissing(path: string): string;
  passphraseEnvMissing(name: string): string;
  passphraseFileMissing(path: string): string;
  certificateUnreadable(detail: string): string;
  caMissing(path: string): string;
}

const SERVICE_NAMES = { sf1520: 'CPR (SF1520)', sf1530: 'CVR (SF1530)' } as const;

const da: Messages = {
  invalidCpr: 'Ugyldigt CPR-nummer: skriv ti cifre (DDMMÅÅLLLL) med en rigtig dato',
  invalidCvr: 'Ugyldigt CVR-nummer: skriv otte cifre, der opfylder modulus 11',
  cprNotFound: 'CPR-nummeret findes ikke i CPR: kontrollér nummeret',
  cvrNotFound: 'CVR-nummeret findes ikke i CVR: kontrollér nummeret',
  serviceNotConfigured: (s) =>
    `Opslag i ${SERVICE_NAMES[s]} er ikke sat op: tilføj services.${s}.serviceAgreementUuid i plugin-konfigurationen`,
  unavailable: (s, d) => `${s} svarer ikke (${d}): prøv igen om lidt`,
  authFailed: (s, d) => `${s} afviste adgangen (${d}): kontrollér certifikat, serviceaftale og anvendersystem på Serviceplatformen`,
  rejected: (s, d) => `${s} afviste opslaget (${d})`,
  badAnswer: (s, d) => `Uventet svar fra ${s} (${d}): kontakt support`,
  requestInvalid: (s, d) => `Opslaget til ${s} overholder ikke skemaet og blev ikke sendt (${d}): kontakt support`,
  certificateMissing: (p) => `certifikatfilen "${p}" findes ikke eller kan ikke læses: angiv stien til organisationens PKCS#12-fil`,
  passphraseEnvMissing: (n) => `miljøvariablen ${n} er ikke sat: sæt den til certifikatets adgangskode`,
  passphraseFileMissing: (p) => `adgangskodefilen "${p}" kan ikke læses: ret stien`,
  certificateUnreadable: (d) => `certifikatet kan ikke åbnes med den angivne adgangskode (${d}): kontrollér fil og adgangskode`,
  caMissing: (p) => `CA-filen "${p}" kan ikke læses: ret stien`,
};

const en: Messages = {
  invalidCpr: 'Invalid CPR number: give ten digits (DDMMYYSSSS) with a real date',
  invalidCvr: 'Invalid CVR number: give eight digits satisfying modulus 11',
  cprNotFound: 'The CPR number is not in the CPR register: check the number',
  cvrNotFound: 'The CVR number is not in the CVR register: check the number',
  serviceNotConfigured: (s) =>
    `Look-ups in ${SERVICE_NAMES[s]} are not set up: add services.${s}.serviceAgreementUuid to the plugin config`,
  unavailable: (s, d) => `${s} did not answer (${d}): try again shortly`,
  authFailed: (s, d) => `${s} refused access (${d}): check the certificate, service agreement and user system on Serviceplatformen`,
  rejected: (s, d) => `${s} refused the look-up (${d})`,
  badAnswer: (s, d) => `Unexpected answer from ${s} (${d}): contact support`,
  requestInvalid: (s, d) => `The request to ${s} does not validate against the schema and was not sent (${d}): contact support`,
  certificateMissing: (p) => `the certificate file "${p}" is missing or unreadable: give the path of the organisation's PKCS#12 file`,
  passphraseEnvMissing: (n) => `the environment variable ${n} is not set: set it to the certificate passphrase`,
  passphraseFileMissing: (p) => `the passphrase file "${p}" is unreadable: fix the path`,
  certificateUnreadable: (d) => `the certificate cannot be opened with the given passphrase (${d}): check the file and passphrase`,
  caMissing: (p) => `the CA file "${p}" is unreadable: fix the path`,
};

/** The texts in a language. */
export function messages(language: 'da' | 'en'): Messages {
  return language === 'en' ? en : da;
}

/** The display name of a service in messages and logs. */
export function serviceName(service: 'sf1520' | 'sf1530'): string {
  return SERVICE_NAMES[service];
}

/** A remote's words for a message: CPR-shaped numbers masked, cut to 200 characters. */
export function remoteWords(text: string): string {
  return text
    .replace(/\d{6}-?\d{4}/g, 'XXXXXX-XXXX')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);
}
