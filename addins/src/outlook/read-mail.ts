/// <reference types="office-js" />
/**
 * @module
 * The Office side of the Outlook pane, apart from any DOM code: reads the open message (read or
 * compose mode) into the body of `POST /v1/documents/from-email`.
 */
import type { EmailAddress, EmailDocumentRequest } from '@brevdue/shared/api';
import { messages } from '../common/messages.ts';

type Cb<T> = (r: Office.AsyncResult<T>) => void;

/** A property that is a value in read mode and an async getter in compose mode. */
type Field<T> = T | { getAsync(cb: Cb<T>): void } | { getAsync(options: unknown, cb: Cb<T>): void };

/** The bits of the mail item this module uses. */
export interface MailItemLike {
  subject: Field<string>;
  from?: Field<Office.EmailAddressDetails>;
  to: Field<Office.EmailAddressDetails[]>;
  cc?: Field<Office.EmailAddressDetails[]>;
  dateTimeCreated?: Date;
  body: { getAsync(coercionType: unknown, cb: Cb<string>): void };
  /** Read mode: the attachment list. */
  attachments?: Office.AttachmentDetails[];
  /** Compose mode (Mailbox 1.8): the attachment list. */
  getAttachmentsAsync?(cb: Cb<Office.AttachmentDetailsCompose[]>): void;
  /** Mailbox 1.8. */
  getAttachmentContentAsync?(id: string, cb: Cb<Office.AttachmentContent>): void;
}

/** The bits of `Office` this module uses. */
export interface OutlookOfficeLike {
  context: {
    mailbox: { item: MailItemLike | null | undefined; userProfile?: { displayName: string; emailAddress: string } };
    requirements: { isSetSupported(name: string, minVersion?: string | number): boolean };
  };
  CoercionType: { Html: unknown };
  AsyncResultStatus: { Succeeded: unknown };
  MailboxEnums?: { AttachmentContentFormat?: { Base64: unknown } };
}

/** The message, ready for the platform, and what could not be included. */
export interface ReadMail {
  payload: EmailDocumentRequest;
  notices: string[];
}

function asyncCall<T>(office: OutlookOfficeLike, fn: (cb: Cb<T>) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    fn((r) =>
      r.status === office.AsyncResultStatus.Succeeded ? resolve(r.value) : reject(new Error(r.error?.message ?? 'Outlook error')),
    );
  });
}

/** Reads a field in either mode: a value in read mode, `getAsync` in compose mode. */
async function field<T>(office: OutlookOfficeLike, f: Field<T> | undefined): Promise<T | undefined> {
  if (f === undefined || f === null) return undefined;
  if (typeof f === 'object' && 'getAsync' in (f as object) && typeof (f as { getAsync: unknown }).getAsync === 'function') {
    const g = f as { getAsync(cb: Cb<T>): void };
    return asyncCall<T>(office, (cb) => g.getAsync(cb));
  }
  return f as T;
}

const address = (a: Office.EmailAddressDetails): EmailAddress => ({ name: a.displayName || a.emailAddress, email: a.emailAddress });

/** Whether attachments can be read here (Mailbox 1.8: `getAttachmentContentAsync`). */
export function canReadAttachments(office: OutlookOfficeLike): boolean {
  return (
    office.context.requirements.isSetSupported('Mailbox', '1.8') &&
    typeof office.context.mailbox.item?.getAttachmentContentAsync === 'function'
  );
}

/**
 * Reads subject, sender, recipients, date, the HTML body, file attachments and inline `cid:`
 * images of the open message. Without Mailbox 1.8 it reads the body only and says so in `notices`.
 * @throws Error when no message is open
 */
export async function readMail(office: OutlookOfficeLike): Promise<ReadMail> {
  const item = office.context.mailbox.item;
  if (!item) throw new Error('Ingen e-mail er åben / No e-mail is open');
  const notices: string[] = [];
  const subject = (await field(office, item.subject)) ?? '';
  const fromDetails = await field(office, item.from).catch(() => undefined);
  const profile = office.context.mailbox.userProfile;
  const from = fromDetails ? address(fromDetails) : { name: profile?.displayName ?? '', email: profile?.emailAddress ?? '' };
  const to = ((await field(office, item.to)) ?? []).map(address);
  const cc = ((await field(office, item.cc)) ?? []).map(address);
  // Compose mode has no creation date yet: the letter is dated now.
  const date = (item.dateTimeCreated instanceof Date ? item.dateTimeCreated : new Date()).toISOString();
  const html = await asyncCall<string>(office, (cb) => item.body.getAsync(office.CoercionType.Html, cb));

  const inlineImages: EmailDocumentRequest['inlineImages'] = [];
  const attachments: EmailDocumentRequest['attachments'] = [];
  const referencedCids = new Set([...html.matchAll(/cid:([^"'\s)>]+)/gi)].map((m) => decodeURIComponent(m[1]!)));
  if (canReadAttachments(office)) {
    const list: Array<Office.AttachmentDetails | Office.AttachmentDetailsCompose> =
      item.attachments ?? (item.getAttachmentsAsync ? await asyncCall(office, (cb) => item.getAttachmentsAsync!(cb)) : []);
    for (const a of list) {
      // Only files: cloud links and attached items (.msg) have no bytes we can send.
      if (String(a.attachmentType).toLowerCase() !== 'file') continue;
      const content = await asyncCall<Office.AttachmentContent>(office, (cb) => item.getAttachmentContentAsync!(a.id, cb));
      if (String(content.format).toLowerCase() !== 'base64') continue;
      const contentType = ('contentType' in a && a.contentType) || guessType(a.name);
      const cid = inlineCid(a, referencedCids);
      if (a.isInline && cid) inlineImages.push({ cid, contentType, base64: content.content });
      else attachments.push({ filename: a.name, contentType, base64: content.content });
    }
  } else {
    notices.push(messages.outlookNoAttachments);
  }
  return { payload: { subject, from, to, ...(cc.length ? { cc } : {}), date, html, inlineImages, attachments }, notices };
}

/**
 * The cid the body refers to for an inline attachment: its `contentId` where the host gives
 * one, else the referenced cid that starts with the file name (Outlook's `image001.png@01DA…`).
 */
function inlineCid(a: { name: string; contentId?: string }, referenced: Set<string>): string | undefined {
  if (a.contentId) return a.contentId.replace(/^<|>$/g, '');
  for (const c of referenced) if (c === a.name || c.startsWith(`${a.name}@`)) return c;
  return undefined;
}

function guessType(name: string): string {
  const ext = name.toLowerCase().split('.').pop();
  const types: Record<string, string> = {
    pdf: 'application/pdf',
    png: 'image/png',
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    gif: 'image/gif',
    docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  };
  return types[ext ?? ''] ?? 'application/octet-stream';
}
