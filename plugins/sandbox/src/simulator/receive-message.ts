/**
 * @module
 * `POST /messages` as the remote handles it: validate, inject transient failures, answer a
 * repeated message id as a duplicate, apply the registration rules, accept, and decide when
 * and how the message is delivered.
 */
import { createHash } from 'node:crypto';
import { MAX_SHIPMENT_BYTES, isValidCpr, isValidCvr, isValidFnr, isValidOrgnr } from '@brevdue/shared';
import type { Channel, IdType } from '@brevdue/shared';
import type { ErrorResponse, MessageStatusResponse, WireStatus } from '../protocol.ts';
import { wireMessageSchema } from '../protocol.ts';
import { REMOTE_ERRORS } from '../messages.ts';
import type { RemoteErrorCode } from '../messages.ts';
import { resolveRegistration } from './settings.ts';
import type { SimulatorState } from './simulator-state.ts';

/** An HTTP answer: status and JSON body. */
export interface Answer {
  status: number;
  body: MessageStatusResponse | ErrorResponse;
}

/** Longest SMS text taken (NemSMS concatenates up to about this much). */
export const MAX_SMS_LENGTH = 1000;

const ID_CHECKS: Record<IdType, (id: string) => boolean> = { CPR: isValidCpr, CVR: isValidCvr, FNR: isValidFnr, ORGNR: isValidOrgnr };

/** Builds an error answer with the catalogue text. */
export function errorAnswer(status: number, code: RemoteErrorCode, detail?: string, field?: string): Answer {
  const message = detail ? `${REMOTE_ERRORS[code]}: ${detail}` : REMOTE_ERRORS[code];
  return { status, body: { error: { code, message, ...(field ? { field } : {}) } } };
}

/** Whether a random draw falls within `rate` (0 never, 1 always). */
function roll(rate: number): boolean {
  return rate > 0 && Math.random() < rate;
}

/**
 * Handles one `POST /messages` body (already JSON-parsed).
 * @param state the simulator's state, changed when the message is accepted
 */
export function receiveMessage(state: SimulatorState, input: unknown): Answer {
  state.stats.messageRequests++;
  const parsed = wireMessageSchema.safeParse(input);
  if (!parsed.success) {
    state.stats.rejected++;
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.');
    return errorAnswer(400, 'INVALID_MESSAGE', `${field || '(body)'}: ${issue?.message ?? 'invalid'}`, field);
  }
  const msg = parsed.data;
  const s = state.settings;
  state.countAttempt(msg.messageId);

  if (roll(s.failureRate)) {
    state.stats.failedBeforeAccept++;
    return errorAnswer(503, 'UNAVAILABLE');
  }

  const existing = state.messages.get(msg.messageId);
  if (existing) {
    // As NgDP and Digipost: the same message id again is answered as a duplicate, never delivered twice.
    state.stats.duplicates++;
    return { status: 200, body: state.statusOf(existing, true) };
  }

  const reject = (status: number, code: RemoteErrorCode, detail?: string, field?: string): Answer => {
    state.stats.rejected++;
    return errorAnswer(status, code, detail, field);
  };

  const { idType, id } = msg.recipient;
  if (!ID_CHECKS[idType](id)) return reject(400, 'INVALID_RECIPIENT', `${idType}`, 'recipient.id');

  // Documents: one main document for digital and print, each arriving whole.
  let total = 0;
  for (const [i, d] of msg.documents.entries()) {
    total += d.bytes;
    if (total > MAX_SHIPMENT_BYTES) return reject(413, 'TOO_LARGE');
    const content = Buffer.from(d.content, 'base64');
    if (content.length !== d.bytes || createHash('sha256').update(content).digest('hex') !== d.sha256) {
      return reject(400, 'DOCUMENT_MISMATCH', d.filename, `documents.${i}.content`);
    }
  }
  if (msg.channel === 'sms') {
    if (!msg.smsText || msg.smsText.trim() === '') return reject(400, 'MISSING_SMS_TEXT', undefined, 'smsText');
    if (msg.smsText.length > MAX_SMS_LENGTH) return reject(400, 'SMS_TOO_LONG', undefined, 'smsText');
  } else if (msg.documents.filter((d) => d.role === 'main').length !== 1) {
    return reject(400, 'MISSING_DOCUMENT', 'exactly one document with role "main" is required', 'documents');
  }

  // Registration rules: who can be reached on which channel.
  const reg = resolveRegistration(s, idType, id);
  let deliveredChannel: Channel = msg.channel;
  if (msg.channel === 'digital') {
    if (reg.registration === 'unknown') return reject(422, 'UNKNOWN_RECIPIENT', undefined, 'recipient.id');
    if (reg.registration !== 'digital') {
      if (!msg.printFallback) return reject(422, reg.registration === 'exempt' ? 'EXEMPT' : 'NOT_REGISTERED', undefined, 'recipient.id');
      deliveredChannel = 'print';
    }
  } else if (msg.channel === 'sms') {
    if (reg.registration === 'unknown') return reject(422, 'UNKNOWN_RECIPIENT', undefined, 'recipient.id');
    if (!reg.sms && !msg.recipient.mobile) return reject(422, 'NO_SMS', undefined, 'recipient.id');
  } else if (reg.registration === 'unknown' && !msg.recipient.address) {
    // Print to a known person or company uses the register's address; an unknown one needs an address.
    return reject(422, 'NO_ADDRESS', undefined, 'recipient.address');
  }

  const now = new Date();
  const printFails = deliveredChannel === 'print' && roll(s.printFailureRate);
  const finalStatus: WireStatus = printFails ? 'failed' : (`delivered_${deliveredChannel}` as WireStatus);
  const sendAt = msg.sendAt ? Date.parse(msg.sendAt) : NaN;
  const delay = Math.max(s.deliveryDelayMs, Number.isNaN(sendAt) ? 0 : sendAt - now.getTime());
  // A synchronous answer can only say "delivered"; a print failure is always reported afterwards.
  const synchronous = delay <= 0 && !printFails;

  const stored = state.accept({
    messageId: msg.messageId,
    reference: msg.reference,
    channel: msg.channel,
    deliveredChannel,
    recipient: { idType, id },
    subject: msg.subject,
    documents: msg.documents.map(({ content: _content, ...meta }) => meta),
    actionCodes: msg.actions.map((a) => a.code),
    status: 'submitted',
    acceptedAt: now.toISOString(),
    statusAt: now.toISOString(),
    callbackUrl: msg.callbackUrl,
  });
  if (synchronous) state.finish(stored, finalStatus);
  else state.scheduleDelivery(stored, Math.max(0, delay), finalStatus, printFails ? REMOTE_ERRORS.PRINT_FAILED : undefined);

  if (roll(s.lostAckRate)) {
    // Accepted, but the answer is "lost": the sender sees a 503 and must retry with the same id.
    state.stats.lostAcks++;
    return errorAnswer(503, 'UNAVAILABLE');
  }
  return { status: 201, body: state.statusOf(stored, false) };
}
