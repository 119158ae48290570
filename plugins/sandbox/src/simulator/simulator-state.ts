/**
 * @module
 * The simulator's memory: accepted messages, counters, and the delivery timers that turn
 * `submitted` into a final status and send the signed callback. Held in memory: a restarted
 * simulator is a fresh remote (the platform's fault tests restart workers, not the remote).
 */
import type { Channel, IdType } from '@brevdue/shared';
import type { CallbackBody, MessageStatusResponse, WireStatus } from '../protocol.ts';
import { MEDIA_TYPE, SIGNATURE_HEADER } from '../protocol.ts';
import { signCallback } from '../signature.ts';
import type { Settings } from './settings.ts';
import { defaultSettings } from './settings.ts';

/** One accepted message as the simulator keeps it (document content is not kept). */
export interface StoredMessage {
  messageId: string;
  reference?: string;
  /** Channel asked for. */
  channel: Channel;
  /** Channel delivered on (print when the remote fell back to print). */
  deliveredChannel: Channel;
  recipient: { idType: IdType; id: string };
  subject: string;
  documents: Array<{ role: string; filename: string; mediaType: string; bytes: number; sha256: string }>;
  actionCodes: string[];
  status: WireStatus;
  reason?: string;
  /** How many times this message id was accepted: 1, or the simulator failed to deduplicate. */
  acceptCount: number;
  /** How many `POST /messages` carried this id (failed, accepted and duplicate ones). */
  attempts: number;
  acceptedAt: string;
  statusAt: string;
  callbackUrl?: string;
  callbacks: { delivered: number; failedAttempts: number };
}

/** Counters shown by `GET /stats`. */
export function emptyStats() {
  return {
    lookups: 0,
    messageRequests: 0,
    accepted: 0,
    duplicates: 0,
    rejected: 0,
    /** `POST /messages` refused with 429: more than `maxConcurrent` at once. */
    throttled: 0,
    failedBeforeAccept: 0,
    lostAcks: 0,
    lookupFailures: 0,
    delivered: { digital: 0, print: 0, sms: 0 },
    failed: 0,
    callbacks: { delivered: 0, failedAttempts: 0, abandoned: 0 },
  };
}
export type SimulatorStats = ReturnType<typeof emptyStats>;

const CALLBACK_ATTEMPTS = 8;
const CALLBACK_FIRST_BACKOFF_MS = 250;

/** State of one running simulator. */
export class SimulatorState {
  settings: Settings;
  readonly initialSettings: Settings;
  messages = new Map<string, StoredMessage>();
  /** Attempts of message ids never accepted (503 before accept, rejections). */
  attemptsBeforeAccept = new Map<string, number>();
  /** reference → message ids accepted under it: more than one means a sender resent a letter under a new id. */
  references = new Map<string, Set<string>>();
  stats: SimulatorStats = emptyStats();
  private timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(settings: Settings = defaultSettings()) {
    this.settings = settings;
    this.initialSettings = settings;
  }

  /** Counts one `POST /messages` carrying this message id. */
  countAttempt(messageId: string): void {
    const m = this.messages.get(messageId);
    if (m) m.attempts++;
    else this.attemptsBeforeAccept.set(messageId, (this.attemptsBeforeAccept.get(messageId) ?? 0) + 1);
  }

  /** Stores a newly accepted message. Synchronous: no await between the duplicate check and this. */
  accept(m: Omit<StoredMessage, 'attempts' | 'acceptCount' | 'callbacks'>): StoredMessage {
    const prior = this.attemptsBeforeAccept.get(m.messageId) ?? 0;
    this.attemptsBeforeAccept.delete(m.messageId);
    // This request was counted by countAttempt already.
    const stored: StoredMessage = { ...m, attempts: Math.max(prior, 1), acceptCount: 1, callbacks: { delivered: 0, failedAttempts: 0 } };
    this.messages.set(m.messageId, stored);
    if (m.reference) {
      const set = this.references.get(m.reference) ?? new Set<string>();
      set.add(m.messageId);
      this.references.set(m.reference, set);
    }
    this.stats.accepted++;
    return stored;
  }

  /** Records a final status (and counts it). */
  finish(m: StoredMessage, status: WireStatus, reason?: string): void {
    m.status = status;
    m.reason = reason;
    m.statusAt = new Date().toISOString();
    if (status === 'failed') this.stats.failed++;
    else this.stats.delivered[m.deliveredChannel]++;
  }

  /** Finishes a message after `delayMs`, then sends its callback. */
  scheduleDelivery(m: StoredMessage, delayMs: number, status: WireStatus, reason?: string): void {
    // setTimeout overflows past 2^31-1 ms (~24.8 days); a later sendAt stays `submitted`.
    if (delayMs > 2_147_483_647) return;
    this.later(delayMs, () => {
      this.finish(m, status, reason);
      this.sendCallback(m, 0);
    });
  }

  /** POSTs the signed status callback, retrying with back-off while the platform is unreachable. */
  private sendCallback(m: StoredMessage, attempt: number): void {
    const url = m.callbackUrl ?? this.settings.callbackUrl;
    if (!url || this.closed) return;
    const body: CallbackBody = {
      messageId: m.messageId,
      ...(m.reference ? { reference: m.reference } : {}),
      event: m.status === 'failed' ? 'failed' : 'delivered',
      status: m.status,
      channel: m.deliveredChannel,
      ...(m.reason ? { reason: m.reason } : {}),
      at: m.statusAt,
    };
    const text = JSON.stringify(body);
    const headers: Record<string, string> = { 'content-type': MEDIA_TYPE };
    if (this.settings.callbackSecret) headers[SIGNATURE_HEADER] = signCallback(this.settings.callbackSecret, text);
    const retry = () => {
      m.callbacks.failedAttempts++;
      this.stats.callbacks.failedAttempts++;
      if (attempt + 1 >= CALLBACK_ATTEMPTS) {
        this.stats.callbacks.abandoned++;
        return;
      }
      this.later(CALLBACK_FIRST_BACKOFF_MS * 2 ** attempt, () => this.sendCallback(m, attempt + 1));
    };
    fetch(url, { method: 'POST', headers, body: text, signal: AbortSignal.timeout(10_000) })
      .then(async (res) => {
        await res.arrayBuffer();
        if (res.ok) {
          m.callbacks.delivered++;
          this.stats.callbacks.delivered++;
        } else retry();
      })
      .catch(retry);
  }

  private later(ms: number, fn: () => void): void {
    if (this.closed) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  /** The status answer for one message. */
  statusOf(m: StoredMessage, duplicate?: boolean): MessageStatusResponse {
    return {
      messageId: m.messageId,
      status: m.status,
      channel: m.deliveredChannel,
      ...(duplicate === undefined ? {} : { duplicate }),
      ...(m.reason ? { reason: m.reason } : {}),
      at: m.statusAt,
    };
  }

  /** Forgets every message and counter and restores the start-up settings. */
  reset(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.messages.clear();
    this.attemptsBeforeAccept.clear();
    this.references.clear();
    this.stats = emptyStats();
    this.settings = this.initialSettings;
  }

  /** Stops every timer; no more callbacks are sent. */
  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
