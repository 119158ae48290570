/**
 * @module
 * The archive's user-facing text: API messages Danish first with English alongside (the answer
 * gives the caller's language, see `inLanguage`), receipt labels in one language each.
 */
import type { Channel, LetterStatus } from '@brevdue/shared';
import type { ReceiptLanguage } from '@brevdue/shared/api';

/** What a receipt PDF says, in one language: its labels, and every channel and status by name. */
interface ReceiptLabels {
  title: string;
  subtitle: string;
  sender: string;
  recipient: string;
  subject: string;
  channel: string;
  provider: string;
  providerMessageId: string;
  messageId: string;
  letterId: string;
  status: string;
  created: string;
  submitted: string;
  delivered: string;
  documents: string;
  issued: string;
  /** How times in Danish (Norwegian) local time are marked. */
  localTime: string;
  channels: Record<Channel, string>;
  statuses: Record<LetterStatus, string>;
}

/** The receipt PDF's labels, one language per receipt (the organisation's `receipt_language`). */
export const receiptTexts: Record<ReceiptLanguage, ReceiptLabels> = {
  da: {
    title: 'Afsendelseskvittering',
    subtitle: 'Udstedt af Brevdue for afsenderen',
    sender: 'Afsender',
    recipient: 'Modtager',
    subject: 'Emne',
    channel: 'Kanal',
    provider: 'Leverandør',
    providerMessageId: 'Leverandørens reference',
    messageId: 'Meddelelses-id',
    letterId: 'Brev-id',
    status: 'Status',
    created: 'Oprettet',
    submitted: 'Afsendt',
    delivered: 'Leveret',
    documents: 'Dokumenter (SHA-256)',
    issued: 'Kvittering udstedt',
    localTime: 'dansk tid',
    channels: { digital: 'Digital post', print: 'Fysisk brev', sms: 'SMS' },
    statuses: {
      held: 'Tilbageholdt',
      scheduled: 'Planlagt',
      queued: 'I kø',
      submitted: 'Afsendt',
      delivered_digital: 'Leveret digitalt',
      delivered_print: 'Leveret som fysisk brev',
      delivered_sms: 'Leveret som SMS',
      failed: 'Fejlet',
      cancelled: 'Annulleret',
    },
  },
  en: {
    title: 'Dispatch receipt',
    subtitle: 'Issued by Brevdue for the sender',
    sender: 'Sender',
    recipient: 'Recipient',
    subject: 'Subject',
    channel: 'Channel',
    provider: 'Provider',
    providerMessageId: 'Provider reference',
    messageId: 'Message id',
    letterId: 'Letter id',
    status: 'Status',
    created: 'Created',
    submitted: 'Submitted',
    delivered: 'Delivered',
    documents: 'Documents (SHA-256)',
    issued: 'Receipt issued',
    localTime: 'Danish time',
    channels: { digital: 'Digital post', print: 'Printed letter', sms: 'SMS' },
    statuses: {
      held: 'Held',
      scheduled: 'Scheduled',
      queued: 'Queued',
      submitted: 'Submitted',
      delivered_digital: 'Delivered digitally',
      delivered_print: 'Delivered in print',
      delivered_sms: 'Delivered by SMS',
      failed: 'Failed',
      cancelled: 'Cancelled',
    },
  },
  nb: {
    title: 'Forsendelseskvittering',
    subtitle: 'Utstedt av Brevdue for avsenderen',
    sender: 'Avsender',
    recipient: 'Mottaker',
    subject: 'Emne',
    channel: 'Kanal',
    provider: 'Leverandør',
    providerMessageId: 'Leverandørens referanse',
    messageId: 'Meldings-ID',
    letterId: 'Brev-ID',
    status: 'Status',
    created: 'Opprettet',
    submitted: 'Sendt',
    delivered: 'Levert',
    documents: 'Dokumenter (SHA-256)',
    issued: 'Kvittering utstedt',
    // Norway keeps the same time as Denmark, summer time included.
    localTime: 'norsk tid',
    channels: { digital: 'Digital post', print: 'Papirbrev', sms: 'SMS' },
    statuses: {
      held: 'Holdt tilbake',
      scheduled: 'Planlagt',
      queued: 'I kø',
      submitted: 'Sendt',
      delivered_digital: 'Levert digitalt',
      delivered_print: 'Levert som papirbrev',
      delivered_sms: 'Levert som SMS',
      failed: 'Feilet',
      cancelled: 'Kansellert',
    },
  },
};

export const archiveMessages = {
  forbidden: (role: string) =>
    `Rollen "${role}" må ikke dette i arkivet / the role "${role}" may not do this in the archive: ask an admin or archivist`,
  recordNotFound: 'Arkivpost',
  documentNotFound: 'Arkivdokument',
  caseNotFound: 'Sag',
  documentDeleted: 'Dokumentet er slettet efter reglerne for kassation / the document was deleted by retention (kassation)',
  unknownTarget: (name: string, known: string[]) =>
    `Ukendt arkivsystem "${name}" / unknown archive target "${name}": use one of ${known.length ? known.join(', ') : '(none configured)'}`,
  exportScope: 'Angiv caseId eller from og to / give caseId, or from and to',
  auditBrokenElsewhere:
    'Auditloggen er brudt ved en post fra en anden organisation; kontakt driften, som kan køre `brevdue audit verify` / the audit log is broken at an entry of another organisation; ask operations, who can run `brevdue audit verify`',
  partyNotTaken: (target: string, partyType: string, takes: readonly string[]) =>
    `Arkivsystemet "${target}" arkiverer kun ${takes.join(', ')}, ikke ${partyType} / archive target "${target}" files ${takes.join(', ')} parties only, not ${partyType}`,
  partyRequired: 'Angiv party (CPR) / give party (a CPR number)',
  insightScope: 'Angiv enten party eller caseId / give party or caseId (one of them)',
  invalidParty: 'Ugyldigt CPR/CVR-nummer / invalid CPR or CVR number: give 10 digits (CPR) or 8 digits (CVR)',
} as const;
