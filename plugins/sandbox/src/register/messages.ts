/**
 * @module
 * Every user-facing text of the sandbox register: Danish by default, English when the config
 * says `"language": "en"`. The texts never carry a CPR number.
 */

/** The texts of one language. */
export interface RegisterMessages {
  notFound(kind: 'CPR' | 'CVR'): string;
  invalidId(kind: 'CPR' | 'CVR'): string;
}

const da: RegisterMessages = {
  notFound: (kind) =>
    `${kind}-nummeret findes ikke i sandkassens register: ` +
    'brug et af numrene i plugins/sandbox/README.md eller tilføj det i konfigurationen',
  invalidId: (kind) =>
    kind === 'CPR'
      ? 'Ugyldigt CPR-nummer: skriv ti cifre (DDMMÅÅLLLL) med en rigtig dato'
      : 'Ugyldigt CVR-nummer: skriv otte cifre, der opfylder modulus 11',
};

const en: RegisterMessages = {
  notFound: (kind) =>
    `The ${kind} number is not in the sandbox register: use one listed in plugins/sandbox/README.md or add it in the config`,
  invalidId: (kind) =>
    kind === 'CPR'
      ? 'Invalid CPR number: give ten digits (DDMMYYSSSS) with a real date'
      : 'Invalid CVR number: give eight digits satisfying modulus 11',
};

/** The texts in a language. */
export function registerMessages(language: 'da' | 'en'): RegisterMessages {
  return language === 'en' ? en : da;
}
