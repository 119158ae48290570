/**
 * @module
 * How a letter's status reads to people: Danish, Norwegian (the words KK2's users know:
 * "Sendt web", "Sendt print", "Venter", "Ikke sendt") and English.
 */
import type { LetterStatus } from './letter-status.ts';

export interface StatusLabel {
  da: string;
  nb: string;
  en: string;
}

export const STATUS_LABELS: Record<LetterStatus, StatusLabel> = {
  held: { da: 'Afventer godkendelse', nb: 'Venter', en: 'Held for review' },
  scheduled: { da: 'Planlagt', nb: 'Venter', en: 'Scheduled' },
  queued: { da: 'I kø', nb: 'Venter', en: 'Queued' },
  submitted: { da: 'Afsendt', nb: 'Venter', en: 'Submitted' },
  delivered_digital: { da: 'Leveret digitalt', nb: 'Sendt web', en: 'Delivered digitally' },
  delivered_print: { da: 'Sendt som fysisk post', nb: 'Sendt print', en: 'Sent by print' },
  delivered_sms: { da: 'Sendt som SMS', nb: 'Sendt SMS', en: 'Sent by SMS' },
  failed: { da: 'Ikke sendt', nb: 'Ikke sendt', en: 'Not sent' },
  cancelled: { da: 'Annulleret', nb: 'Ikke sendt', en: 'Cancelled' },
};

/** The label of a status; unknown statuses read as themselves. */
export function statusLabel(status: string): StatusLabel {
  return STATUS_LABELS[status as LetterStatus] ?? { da: status, nb: status, en: status };
}
