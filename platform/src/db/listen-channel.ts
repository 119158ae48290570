/**
 * @module
 * A LISTEN connection of its own on one channel, reconnecting a second after it drops (a
 * restart, a failover). Used by the letter event bus (server-sent events) and the job loops'
 * wake-up; what a notification means is theirs.
 */
import pg from 'pg';
import type { Logger } from 'pino';

export interface ChannelListener {
  close(): Promise<void>;
}

export async function listenChannel(url: string, channel: string, logger: Logger, onPayload: (payload: string) => void): Promise<ChannelListener> {
  let client: pg.Client | undefined;
  let closed = false;
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url });
    c.on('notification', (n) => n.payload && onPayload(n.payload));
    c.on('error', (err) => {
      logger.warn({ err, channel }, 'listener lost its database connection; reconnecting');
      if (!closed) setTimeout(() => void connect().catch(() => {}), 1000);
    });
    await c.connect();
    await c.query(`LISTEN ${channel}`);
    client = c;
  };
  await connect();
  return {
    async close() {
      closed = true;
      await client?.end().catch(() => {});
    },
  };
}
