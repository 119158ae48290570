/**
 * @module
 * Texts of the letter routes (the error list's paging and cancelling), Danish first with English
 * alongside, as every API error of the platform.
 */
export const LETTER_MESSAGES = {
  notFailed: (status: string) =>
    `Kun fejlede breve kan annulleres; brevet har status ${status} / only failed letters can be cancelled; the letter is ${status}`,
  alreadyResent: (id: string) =>
    `Brevet er allerede sendt igen som ${id} og kan ikke annulleres / the letter has already been resent as ${id} and cannot be cancelled`,
  cancelledByPerson: 'Annulleret fra fejllisten / cancelled from the error list',
  badCursor: 'cursor: ukendt side; start forfra uden cursor / unknown page; start again without a cursor',
  fromAfterTo: 'from: skal ligge før to / must be before to',
} as const;
