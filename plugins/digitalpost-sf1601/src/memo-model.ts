/**
 * @module
 * The MeMo message as plain data, made from the platform's letter. The writer turns it into XML
 * in schema order; `checkMemoLimits` checks it against the schema's limits before that.
 */
import type { Action } from '@brevdue/shared';
import type { LetterDocument, OutgoingLetter } from '@brevdue/shared/sdk';
import { copenhagenDate, endOfCopenhagenDay, stableUuidV4, toMemoDateTime } from './dates.ts';

export type MemoVersion = '1.1' | '1.2';

export interface MemoFile {
  encodingFormat: string;
  filename: string;
  language: string;
  document: LetterDocument;
}

export interface MemoAction {
  label: string;
  actionCode: string;
  startDateTime?: string;
  endDateTime?: string;
  reservation?: {
    description: string;
    reservationUUID: string;
    abstract: string;
    location: string;
    startDateTime: string;
    endDateTime: string;
    organizerName?: string;
  };
  entryPoint?: { url: string };
}

export interface MemoDocument {
  id?: string;
  label?: string;
  files: MemoFile[];
  actions: MemoAction[];
}

export interface MemoMessage {
  version: MemoVersion;
  messageType: 'DIGITALPOST' | 'NEMSMS';
  messageUUID: string;
  label: string;
  notification?: string;
  reply?: boolean;
  replyByDateTime?: string;
  doNotDeliverUntilDate?: string;
  mandatory?: boolean;
  legalNotification?: boolean;
  postType?: string;
  sender: { senderID: string; idType: 'CVR'; label: string; contactPoint?: { contactPointID: string; label?: string } };
  recipient: { recipientID: string; idType: 'CPR' | 'CVR'; label?: string; productionUnitNumber?: string };
  contentData?: {
    cpr?: { cprNumber: string; name?: string };
    cvr?: { cvrNumber: string; companyName?: string };
    caseId?: { caseID: string; caseSystem: string };
  };
  replyData?: { messageID?: string; messageUUID: string };
  body?: { createdDateTime: string; mainDocument: MemoDocument; additionalDocuments: MemoDocument[] };
}

/** What the plugin config adds to a letter. */
export interface MemoSettings {
  version: MemoVersion;
  cvr: string;
  contactPointId?: string;
  caseSystem: string;
}

/** Characters Digital Post file names must not contain (as itk-dev's client replaces them). */
const BAD_FILENAME = /[\\/:*?"<>|\p{Cc}]/gu;

function file(doc: LetterDocument): MemoFile {
  return { encodingFormat: doc.mediaType, filename: doc.filename.replace(BAD_FILENAME, '-'), language: 'da', document: doc };
}

/** Maps one domain action to MeMo; date-times become UTC (`Z`); an unparsable one stays as given so the limit check names it. */
export function memoAction(a: Action, seed: string, organizer: string): MemoAction {
  const utc = (s: string) => toMemoDateTime(s) ?? s;
  switch (a.code) {
    case 'AFTALE':
      return {
        label: a.label,
        actionCode: a.code,
        startDateTime: utc(a.start),
        endDateTime: utc(a.end),
        reservation: {
          description: a.description ?? a.label,
          reservationUUID: stableUuidV4(`${seed}:reservation`),
          abstract: a.label,
          // Reservation/location is required by the schema; without a place the letter says where.
          location: a.place ?? 'Se brevet / see the letter',
          startDateTime: utc(a.start),
          endDateTime: utc(a.end),
          organizerName: organizer,
        },
      };
    case 'TILMELDING':
      return { label: a.label, actionCode: a.code, endDateTime: utc(a.deadline), entryPoint: { url: a.url } };
    case 'BETALING':
      return {
        label: a.label,
        actionCode: a.code,
        endDateTime: endOfCopenhagenDay(a.dueDate) ?? a.dueDate,
        ...(a.url ? { entryPoint: { url: a.url } } : {}),
      };
    default:
      return { label: a.label, actionCode: a.code, ...(a.url ? { entryPoint: { url: a.url } } : {}) };
  }
}

/**
 * Makes the MeMo message for a letter. Pure: reads no document bytes (the writer streams them).
 * @example const m = memoFromLetter(letter, { version: '1.2', cvr: '29189846', caseSystem: 'Brevdue' });
 */
export function memoFromLetter(letter: OutgoingLetter, s: MemoSettings): MemoMessage {
  const sms = letter.channel === 'sms';
  const r = letter.recipient;
  const isCpr = r.idType === 'CPR';
  const m: MemoMessage = {
    version: s.version,
    messageType: sms ? 'NEMSMS' : 'DIGITALPOST',
    messageUUID: letter.messageId,
    label: letter.subject,
    sender: {
      senderID: letter.sender.cvr ?? s.cvr,
      idType: 'CVR',
      label: letter.sender.name,
      ...(s.contactPointId
        ? {
            contactPoint: {
              contactPointID: s.contactPointId,
              ...(letter.sender.contactPoint ? { label: letter.sender.contactPoint } : {}),
            },
          }
        : {}),
    },
    recipient: {
      recipientID: r.id,
      idType: isCpr ? 'CPR' : 'CVR',
      ...(r.name ? { label: r.name } : {}),
      ...(r.pNumber ? { productionUnitNumber: r.pNumber } : {}),
    },
  };
  if (sms) {
    // NemSMS: the text travels as the notification; there is no body.
    m.notification = letter.smsText ?? '';
  } else {
    if (letter.options.notification) m.notification = letter.options.notification;
    if (letter.options.replyAllowed) m.reply = true;
    if (letter.options.replyAllowed && letter.options.replyBy)
      m.replyByDateTime = toMemoDateTime(letter.options.replyBy) ?? letter.options.replyBy;
    if (letter.options.sendAt) m.doNotDeliverUntilDate = copenhagenDate(letter.options.sendAt) ?? letter.options.sendAt;
  }
  // MeMo 1.1 requires both flags; 1.2 makes them optional, so they are sent only when set.
  if (s.version === '1.1' || letter.options.mandatory !== undefined) m.mandatory = letter.options.mandatory ?? false;
  if (s.version === '1.1' || letter.options.legalNotification !== undefined)
    m.legalNotification = letter.options.legalNotification ?? false;
  m.postType = 'MYNDIGHEDSPOST';
  m.contentData = {
    ...(isCpr
      ? { cpr: { cprNumber: r.id, ...(r.name ? { name: r.name } : {}) } }
      : { cvr: { cvrNumber: r.id, ...(r.name ? { companyName: r.name } : {}) } }),
    ...(letter.caseId ? { caseId: { caseID: letter.caseId, caseSystem: s.caseSystem } } : {}),
  };
  // ReplyData needs the UUID of the message answered; a reply to something without one is sent as a new letter.
  if (letter.replyTo?.messageUuid) m.replyData = { messageID: letter.replyTo.messageId, messageUUID: letter.replyTo.messageUuid };
  if (!sms && letter.mainDocument) {
    m.body = {
      createdDateTime: toMemoDateTime(letter.createdAt)!,
      mainDocument: {
        id: letter.mainDocument.id,
        label: letter.subject,
        files: [file(letter.mainDocument)],
        actions: letter.actions.map((a, i) => memoAction(a, `${letter.messageId}:${i}`, letter.sender.name)),
      },
      additionalDocuments: letter.attachments.map((d) => ({ id: d.id, label: d.filename, files: [file(d)], actions: [] })),
    };
  }
  return m;
}
