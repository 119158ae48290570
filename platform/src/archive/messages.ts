/**
 * @module
 * The archive's user-facing text, Danish first with English alongside.
 */

export const receiptText = {
  title: 'Afsendelseskvittering / Dispatch receipt',
  subtitle: 'Udstedt af Brevdue for afsenderen / Issued by Brevdue for the sender',
  sender: 'Afsender / Sender',
  recipient: 'Modtager / Recipient',
  subject: 'Emne / Subject',
  channel: 'Kanal / Channel',
  provider: 'Leverandør / Provider',
  providerMessageId: 'Leverandørens reference / Provider reference',
  messageId: 'Meddelelses-id / Message id',
  letterId: 'Brev-id / Letter id',
  status: 'Status',
  created: 'Oprettet / Created',
  submitted: 'Afsendt / Submitted',
  delivered: 'Leveret / Delivered',
  documents: 'Dokumenter (SHA-256) / Documents (SHA-256)',
  issued: 'Kvittering udstedt / Receipt issued',
} as const;

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
