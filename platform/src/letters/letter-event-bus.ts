/**
 * @module
 * Letter status changes as a stream for server-sent events. Changes are published with
 * PostgreSQL NOTIFY inside the transaction that makes them (delivered on commit), so a change
 * made by a worker in another process reaches every API process.
 */
import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import { listenChannel } from '../db/listen-channel.ts';

export const LETTER_CHANNEL = 'brevdue_letter_events';

export interface LetterChange {
  organisationId: string;
  shipmentId: string;
  letterId: string;
  status: string;
  event: string;
  channel: string;
  reason?: string | null;
  at: string;
}

export interface LetterEventBus {
  subscribe(shipmentId: string, fn: (c: LetterChange) => void): () => void;
  close(): Promise<void>;
}

/** Listens on the database; reconnects when the connection drops. */
export async function createLetterEventBus(url: string, logger: Logger): Promise<LetterEventBus> {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  const listener = await listenChannel(url, LETTER_CHANNEL, logger, (payload) => {
    try {
      const changes = JSON.parse(payload) as LetterChange[];
      for (const ch of changes) emitter.emit(ch.shipmentId, ch);
    } catch (e) {
      logger.warn({ err: e }, 'bad letter event payload');
    }
  });
  return {
    subscribe(shipmentId, fn) {
      emitter.on(shipmentId, fn);
      return () => emitter.off(shipmentId, fn);
    },
    close: () => listener.close(),
  };
}
