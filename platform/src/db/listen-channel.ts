/**
 * @module
 * A LISTEN connection of its own on one channel, reconnected with back-off (1 s doubling to
 * 30 s) for as long as it takes when it drops (a restart, a failover, the embedded server
 * dying). Used by the letter event bus (server-sent events) and the job loops' wake-up; what a
 * notification means is theirs. Notifications sent while it is away are lost: both users poll
 * as well.
 */
import pg from 'pg';
import type { Logger } from 'pino';

export interface ChannelListener {
  close(): Promise<void>;
}

const FIRST_RETRY_MS = 1000;
const LONGEST_RETRY_MS = 30_000;

/** Listens on `channel`; resolves once the first LISTEN is in place (rejects if that fails). */
export async function listenChannel(
  url: string,
  channel: string,
  logger: Logger,
  onPayload: (payload: string) => void,
): Promise<ChannelListener> {
  let client: pg.Client | undefined;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let retryMs = FIRST_RETRY_MS;
  let connectedBefore = false;

  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url });
    c.on('notification', (n) => n.payload && onPayload(n.payload));
    let lost = false;
    const onLost = (err?: Error) => {
      if (lost) return;
      lost = true;
      if (client === c) client = undefined;
      if (closed) return;
      logger.warn({ err, channel }, 'listener lost its database connection; reconnecting');
      reconnectLater();
    };
    c.on('error', onLost);
    // A server that closes the socket cleanly (a fast shutdown) may end the client without an error.
    c.on('end', () => onLost());
    try {
      await c.connect();
      await c.query(`LISTEN ${channel}`);
    } catch (err) {
      lost = true; // this attempt is over; the caller decides what comes next
      await c.end().catch(() => undefined);
      throw err;
    }
    if (closed) {
      await c.end().catch(() => undefined);
      return;
    }
    client = c;
    if (connectedBefore) logger.info({ channel }, 'listener reconnected');
    connectedBefore = true;
    retryMs = FIRST_RETRY_MS;
  };

  const reconnectLater = () => {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      connect().catch((err: unknown) => {
        logger.debug({ err, channel, retryMs }, 'listener could not reconnect yet');
        retryMs = Math.min(retryMs * 2, LONGEST_RETRY_MS);
        reconnectLater();
      });
    }, retryMs);
  };

  await connect();
  return {
    async close() {
      closed = true;
      clearTimeout(timer);
      await client?.end().catch(() => {});
    },
  };
}
