/**
 * @module
 * Changes of the inbox as a stream for server-sent events (`GET /v1/inbox/events`): a message
 * received, assigned or closed. Published with PostgreSQL NOTIFY inside the transaction that
 * makes the change (delivered on commit, so an event never announces what was rolled back), so
 * post received by one process reaches the console connected to another.
 *
 * A change carries ids, the status and the assignment only — never the sender's CPR or the
 * subject: a client fetches the message (an audited read) when it wants to show it.
 */
import { EventEmitter } from 'node:events';
import { type Kysely, sql } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/schema.ts';
import type { InboxStatus } from '../db/inbox-schema.ts';
import { type ChannelListener, listenChannel } from '../db/listen-channel.ts';

export const INBOX_CHANNEL = 'brevdue_inbox_events';

/** One change of one received message. */
export interface InboxChange {
  type: 'received' | 'assigned' | 'done';
  id: string;
  organisationId: string;
  status: InboxStatus;
  team: string | null;
  user: string | null;
  /** Where it was before an assignment or closing: whoever saw it then is told too. */
  was?: { status: InboxStatus; team: string | null; user: string | null };
}

/** Announces changes on commit of `trx` (call it inside the transaction that makes them). */
export async function notifyInboxChange(trx: Kysely<Database>, changes: readonly InboxChange[]): Promise<void> {
  if (changes.length === 0) return;
  await sql`select pg_notify(${INBOX_CHANNEL}, ${JSON.stringify(changes)})`.execute(trx);
}

export interface InboxEventHub {
  /** Calls `fn` for every change of any organisation (the caller filters); answers the unsubscribe (safe to call twice). */
  subscribe(fn: (c: InboxChange) => void): Promise<() => void>;
}

/**
 * The process's listener on the inbox channel. The LISTEN connection is opened by the first
 * subscriber and closed when the last one leaves, so a platform nobody watches holds no
 * connection for it and nothing is left open at shutdown.
 * @example const off = await hub.subscribe((c) => console.log(c.type, c.id));
 */
export function createInboxEventHub(databaseUrl: string, logger: Logger): InboxEventHub {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  let listener: Promise<ChannelListener> | undefined;
  const onPayload = (payload: string) => {
    try {
      for (const ch of JSON.parse(payload) as InboxChange[]) emitter.emit('change', ch);
    } catch (e) {
      logger.warn({ err: e }, 'bad inbox event payload');
    }
  };
  return {
    async subscribe(fn) {
      emitter.on('change', fn);
      listener ??= listenChannel(databaseUrl, INBOX_CHANNEL, logger, onPayload);
      try {
        await listener;
      } catch (e) {
        emitter.off('change', fn);
        listener = undefined;
        throw e;
      }
      let done = false;
      return () => {
        if (done) return;
        done = true;
        emitter.off('change', fn);
        if (emitter.listenerCount('change') === 0 && listener) {
          const l = listener;
          listener = undefined;
          void l.then((x) => x.close()).catch(() => {});
        }
      };
    },
  };
}
