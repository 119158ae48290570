/**
 * @module
 * The simulator's `POST /messages`: the multipart send checked as Digipost checks it (part layout,
 * XSD, duplicates, recipient, print content), then delivered digitally or to print.
 */
import { createHash } from 'node:crypto';
import { getMultipartBoundary, parseMultipart, type MultipartPart } from '@remix-run/multipart-parser';
import { DIGIPOST_MEDIA_TYPE, DIGIPOST_MULTIPART_SUBTYPE } from '../media-types.ts';
import { parseXml, text } from '../xml.ts';
import { validateDigipostXml } from '../xsd-validator.ts';
import { errorXml, messageDeliveryXml, type StoredDocument } from './sim-answers.ts';
import type { SimulatorSettings } from './sim-settings.ts';
import type { SimulatorStore, StoredMessage } from './sim-store.ts';

export interface SimAnswer {
  status: number;
  body: string;
}

const fail = (status: number, code: string, message: string, type: 'CLIENT_DATA' | 'CLIENT_TECHNICAL' = 'CLIENT_DATA'): SimAnswer => ({
  status,
  body: errorXml(code, message, type),
});

type Node = Record<string, unknown>;

/** Handles one multipart send. */
export async function receiveMessage(opts: {
  contentType: string;
  body: Buffer;
  brokerId: string;
  settings: SimulatorSettings;
  identifications: Record<string, string>;
  store: SimulatorStore;
  now: Date;
}): Promise<SimAnswer> {
  const { settings, store, now } = opts;
  const ct = opts.contentType.toLowerCase();
  if (!ct.startsWith(`multipart/${DIGIPOST_MULTIPART_SUBTYPE}`)) {
    return fail(
      415,
      'PROBLEM_WITH_REQUEST',
      `Content-Type must be multipart/${DIGIPOST_MULTIPART_SUBTYPE}; boundary=..., was ${opts.contentType}`,
      'CLIENT_TECHNICAL',
    );
  }
  const boundary = getMultipartBoundary(opts.contentType);
  if (!boundary) return fail(400, 'PROBLEM_WITH_REQUEST', 'multipart Content-Type without boundary', 'CLIENT_TECHNICAL');
  let parts: MultipartPart[];
  try {
    parts = [...parseMultipart(opts.body, { boundary, maxFileSize: 200 * 1024 * 1024, maxTotalSize: 400 * 1024 * 1024 })];
  } catch (e) {
    return fail(
      400,
      'PROBLEM_WITH_REQUEST',
      `unreadable multipart body: ${e instanceof Error ? e.message : String(e)}`,
      'CLIENT_TECHNICAL',
    );
  }
  for (const p of parts) {
    if (!p.headers['content-disposition'])
      return fail(400, 'MISSING_BODYPART_CONTENT_DISPOSITION', 'every body part needs Content-Disposition', 'CLIENT_TECHNICAL');
    if (!p.filename)
      return fail(400, 'MISSING_BODYPART_FILENAME', 'every body part needs a filename in Content-Disposition', 'CLIENT_TECHNICAL');
  }
  const messagePart = parts.find((p) => p.filename === 'message');
  if (!messagePart || !(p0MediaType(messagePart) === DIGIPOST_MEDIA_TYPE)) {
    return fail(
      400,
      'PROBLEM_WITH_REQUEST',
      `the first part must be the message (filename "message", Content-Type ${DIGIPOST_MEDIA_TYPE})`,
      'CLIENT_TECHNICAL',
    );
  }
  const xml = Buffer.from(messagePart.bytes).toString('utf8');
  const check = validateDigipostXml(xml);
  if (!check.valid)
    return fail(
      400,
      'SCHEMA_VALIDATION_ERROR',
      `message does not validate against api_v8.xsd: ${check.errors.join(' | ')}`,
      'CLIENT_TECHNICAL',
    );

  const m = parseXml(xml).message as Node;
  const messageId = text(m, 'message-id');
  const senderId = text(m, 'sender-id') ?? opts.brokerId;
  if (messageId && store.findMessage(senderId, messageId)) {
    return fail(409, 'DUPLICATE_MESSAGE', `A message with message-id ${messageId} has already been delivered.`);
  }
  const docNodes = [m['primary-document'] as Node, ...(((m.attachment as Node[] | undefined) ?? []) as Node[])];
  const uuids = docNodes.map((d) => text(d, 'uuid') ?? '');
  if (uuids.some((u) => !u))
    return fail(400, 'PROBLEM_WITH_REQUEST', 'every document needs a uuid in the one-request send', 'CLIENT_TECHNICAL');
  if (new Set(uuids).size !== uuids.length || uuids.some((u) => store.findDocument(u)))
    return fail(409, 'DUPLICATE_DOCUMENT_ID', 'a document uuid is already in use');
  const files = parts.filter((p) => p !== messagePart);
  const fileNames = files.map((p) => p.filename!);
  if (fileNames.length !== uuids.length || uuids.some((u) => !fileNames.includes(u))) {
    return fail(
      400,
      'DOCUMENTS_AND_FILES_MISMATCH',
      `documents ${uuids.join(', ')} but body parts ${fileNames.join(', ') || '(none)'}`,
      'CLIENT_TECHNICAL',
    );
  }
  const contents = uuids.map((u) => Buffer.from(files.find((p) => p.filename === u)!.bytes));
  if (contents.some((c) => c.length === 0)) return fail(400, 'MISSING_CONTENT', 'a document part is empty');

  const r = m.recipient as Node;
  const recipientId = text(r, 'personal-identification-number') ?? text(r, 'organisation-number');
  const hasPrint = r['print-details'] !== undefined;
  const answer = recipientId ? (opts.identifications[recipientId] ?? 'UNIDENTIFIED') : undefined;
  let method: 'DIGIPOST' | 'PRINT';
  if (answer === 'DIGIPOST') method = 'DIGIPOST';
  else if (hasPrint) method = 'PRINT';
  else if (!recipientId) return fail(400, 'MISSING_RECIPIENT', 'the recipient has neither an identifier nor print details');
  else return fail(400, 'UNKNOWN_RECIPIENT', 'The recipient does not have a Digipost account.');
  if (method === 'PRINT') {
    const notPdf = docNodes.findIndex(
      (d, i) => text(d, 'file-type')?.toLowerCase() !== 'pdf' || contents[i]!.subarray(0, 5).toString('latin1') !== '%PDF-',
    );
    if (notPdf !== -1)
      return fail(400, 'CONTENT_OF_PRINT_MESSAGE_MUST_BE_PDF', `document ${uuids[notPdf]} is not a PDF; print takes PDF only`);
  }

  const deliveryTime = now.toISOString();
  const documents: StoredMessage['documents'] = docNodes.map((d, i) => ({
    uuid: uuids[i]!,
    subject: text(d, 'subject'),
    fileType: text(d, 'file-type') ?? '',
    authenticationLevel: text(d, 'authentication-level') ?? 'PASSWORD',
    sensitivityLevel: text(d, 'sensitivity-level') ?? 'NORMAL',
    contentHash: createHash('sha256').update(contents[i]!).digest('base64'),
    bytes: contents[i]!.length,
    mediaType: files.find((p) => p.filename === uuids[i])!.mediaType ?? '',
  }));
  const stored: StoredMessage = {
    messageId,
    senderId,
    brokerId: opts.brokerId,
    recipientId,
    method,
    status: method === 'DIGIPOST' ? 'DELIVERED' : 'DELIVERED_TO_PRINT',
    deliveryTime,
    documents,
    xml,
    printDetails: hasPrint,
    printIfUnreadAfter: text(m['print-if-unread'], 'print-if-unread-after'),
    receivedAt: deliveryTime,
  };
  store.add(stored);
  scheduleEvents(stored, settings, store, now);
  return {
    status: 200,
    body: messageDeliveryXml({ messageId, method, senderId, status: stored.status, deliveryTime, documents: documents.map(stripped) }),
  };
}

const stripped = (d: StoredMessage['documents'][number]): StoredDocument => ({
  uuid: d.uuid,
  subject: d.subject,
  fileType: d.fileType,
  authenticationLevel: d.authenticationLevel,
  sensitivityLevel: d.sensitivityLevel,
  contentHash: d.contentHash,
});

function p0MediaType(p: MultipartPart): string {
  return (p.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

/** The events a delivery produces, timed `eventDelayMs` after it (visible once that time has come). */
function scheduleEvents(m: StoredMessage, settings: SimulatorSettings, store: SimulatorStore, now: Date): void {
  const at = new Date(now.getTime() + settings.eventDelayMs).toISOString();
  const uuid = m.documents[0]!.uuid;
  const base = { uuid, created: at, documentCreated: m.deliveryTime };
  if (m.method === 'DIGIPOST' && m.recipientId && settings.opens.includes(m.recipientId)) store.events.push({ ...base, type: 'OPENED' });
  if (m.method === 'PRINT') {
    if (m.recipientId && settings.printFails.includes(m.recipientId)) {
      store.events.push({
        ...base,
        type: 'PRINT_FAILED',
        metadata: { xsiType: 'failed-print-metadata', attributes: { 'error-code': 'ADDRESS_UNKNOWN' } },
      });
    } else {
      store.events.push({
        ...base,
        type: 'POSTMARKED',
        metadata: { xsiType: 'postmarked-metadata', attributes: { 'postmarked-date': at } },
      });
    }
  }
}
