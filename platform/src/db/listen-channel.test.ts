import pg from 'pg';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/support/database.ts';
import { listenChannel } from './listen-channel.ts';

describe('listenChannel', () => {
  it('hears notifications again after the server ended its connection', async () => {
    const url = await createTestDatabase('listen');
    const heard: string[] = [];
    const lines: string[] = [];
    const listener = await listenChannel(url, 'test_channel', pino({ level: 'info' }, { write: (l: string) => void lines.push(l) }), (p) =>
      heard.push(p),
    );
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`select pg_notify('test_channel', 'before')`);
      await expect.poll(() => heard).toContain('before');
      // As a restart or a dying server would: the listener's connection ends.
      await admin.query(
        `select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
      );
      await expect.poll(() => lines.join('')).toContain('listener lost its database connection');
      // Notifications sent while it is away are lost (its users poll as well): keep sending until one is heard.
      await expect
        .poll(
          async () => {
            await admin.query(`select pg_notify('test_channel', 'after')`);
            return heard;
          },
          { timeout: 15_000, interval: 200 },
        )
        .toContain('after');
      expect(lines.join('')).toContain('listener reconnected');
    } finally {
      await admin.end();
      await listener.close();
    }
  });
});
