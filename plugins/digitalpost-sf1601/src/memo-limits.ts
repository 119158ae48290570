/**
 * @module
 * The MeMo schema's limits, checked on the message model before any XML is written, so a letter
 * that breaks one fails with a sentence naming the field and the limit (the XSD message would
 * name an element and a facet). The XSD validation afterwards remains the final word.
 */
import { UUID_V4 } from './dates.ts';
import type { MemoAction, MemoDocument, MemoMessage } from './memo-model.ts';
import { limitText } from './messages.ts';

/** memoTextType, memoNotificationType and memoUriType maxima (MeMo_dataTypes.xsd). */
export const MEMO_LIMITS = { text: 256, notification: 150, uri: 256, comment: 512, language: 2 } as const;

/** One limit a message breaks. */
export interface LimitViolation {
  field: string;
  message: string;
}

const MEMO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/**
 * Lists every MeMo limit the message breaks (empty when it keeps them all).
 * @example const v = checkMemoLimits(memoFromLetter(letter, settings)); if (v.length) throw ...
 */
export function checkMemoLimits(m: MemoMessage): LimitViolation[] {
  const out: LimitViolation[] = [];
  const text = (field: string, v: string | undefined, max: number = MEMO_LIMITS.text, required = false) => {
    if (v === undefined || v === '') {
      if (required) out.push({ field, message: limitText.required(field) });
      return;
    }
    if ([...v].length > max) out.push({ field, message: limitText.tooLong(field, max, [...v].length) });
  };
  const uuid = (field: string, v: string) => {
    if (!UUID_V4.test(v)) out.push({ field, message: limitText.notUuidV4(field) });
  };
  const dateTime = (field: string, v: string | undefined) => {
    if (v !== undefined && !MEMO_DATE_TIME.test(v)) out.push({ field, message: limitText.notDateTime(field, v) });
  };

  uuid('messageUUID', m.messageUUID);
  text('label', m.label, MEMO_LIMITS.text, true);
  text('notification', m.notification, MEMO_LIMITS.notification, m.messageType === 'NEMSMS');
  dateTime('replyByDateTime', m.replyByDateTime);
  if (m.doNotDeliverUntilDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(m.doNotDeliverUntilDate)) {
    out.push({ field: 'doNotDeliverUntilDate', message: limitText.notDateTime('doNotDeliverUntilDate', m.doNotDeliverUntilDate) });
  }
  text('Sender/senderID', m.sender.senderID, MEMO_LIMITS.text, true);
  text('Sender/label', m.sender.label, MEMO_LIMITS.text, true);
  text('Sender/ContactPoint/contactPointID', m.sender.contactPoint?.contactPointID);
  text('Sender/ContactPoint/label', m.sender.contactPoint?.label);
  text('Recipient/recipientID', m.recipient.recipientID, MEMO_LIMITS.text, true);
  text('Recipient/label', m.recipient.label);
  if (m.recipient.productionUnitNumber !== undefined && !/^\d{1,10}$/.test(m.recipient.productionUnitNumber)) {
    out.push({
      field: 'Recipient/AttentionData/ProductionUnit',
      message: limitText.tooLong('productionUnitNumber', 10, m.recipient.productionUnitNumber.length),
    });
  }
  text('ContentData/CaseID/caseID', m.contentData?.caseId?.caseID);
  if (m.replyData) uuid('ReplyData/messageUUID', m.replyData.messageUUID);
  text('ReplyData/messageID', m.replyData?.messageID);
  if (m.body) {
    dateTime('createdDateTime', m.body.createdDateTime);
    checkDocument('MainDocument', m.body.mainDocument, out, text, uuid, dateTime);
    m.body.additionalDocuments.forEach((d, i) => checkDocument(`AdditionalDocument[${i + 1}]`, d, out, text, uuid, dateTime));
  }
  return out;
}

type Check = (field: string, v: string | undefined, max?: number, required?: boolean) => void;
type Check1 = (field: string, v: string) => void;
type CheckOpt = (field: string, v: string | undefined) => void;

function checkDocument(path: string, d: MemoDocument, out: LimitViolation[], text: Check, uuid: Check1, dateTime: CheckOpt): void {
  text(`${path}/label`, d.label);
  d.files.forEach((f, i) => {
    text(`${path}/File[${i + 1}]/filename`, f.filename, MEMO_LIMITS.text, true);
    text(`${path}/File[${i + 1}]/encodingFormat`, f.encodingFormat, MEMO_LIMITS.text, true);
  });
  d.actions.forEach((a, i) => checkAction(`${path}/Action[${i + 1}] (${a.actionCode})`, a, out, text, uuid, dateTime));
}

function checkAction(path: string, a: MemoAction, out: LimitViolation[], text: Check, uuid: Check1, dateTime: CheckOpt): void {
  text(`${path}/label`, a.label, MEMO_LIMITS.text, true);
  dateTime(`${path}/startDateTime`, a.startDateTime);
  dateTime(`${path}/endDateTime`, a.endDateTime);
  if (a.entryPoint) {
    text(`${path}/EntryPoint/url`, a.entryPoint.url, MEMO_LIMITS.uri, true);
    if (!a.entryPoint.url.startsWith('https://'))
      out.push({ field: `${path}/EntryPoint/url`, message: limitText.urlNotHttps(`${path}/EntryPoint/url`) });
  }
  const r = a.reservation;
  if (r) {
    text(`${path}/Reservation/description`, r.description, MEMO_LIMITS.text, true);
    uuid(`${path}/Reservation/reservationUUID`, r.reservationUUID);
    text(`${path}/Reservation/abstract`, r.abstract, MEMO_LIMITS.text, true);
    text(`${path}/Reservation/location`, r.location, MEMO_LIMITS.text, true);
    dateTime(`${path}/Reservation/startDateTime`, r.startDateTime);
    dateTime(`${path}/Reservation/endDateTime`, r.endDateTime);
    text(`${path}/Reservation/organizerName`, r.organizerName);
    if (Date.parse(r.endDateTime) <= Date.parse(r.startDateTime))
      out.push({ field: `${path}/Reservation/endDateTime`, message: limitText.endBeforeStart(path) });
  }
}
