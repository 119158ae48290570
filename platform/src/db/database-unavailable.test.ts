import { sql } from 'kysely';
import pg from 'pg';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/support/database.ts';
import { freePort } from '../../../test/support/platform.ts';
import { openPool } from './connect.ts';
import { isDatabaseUnavailable } from './database-unavailable.ts';

const caught = async (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

describe('isDatabaseUnavailable', () => {
  it('is true for a server that is not there, and for a connection the server ended mid-transaction', async () => {
    const port = await freePort();
    const refused = await caught(new pg.Client({ connectionString: `postgres://x:y@127.0.0.1:${port}/z` }).connect());
    expect(isDatabaseUnavailable(refused)).toBe(true);

    const url = await createTestDatabase('unavail');
    const db = openPool(url, pino({ level: 'silent' }), 2);
    try {
      await sql`select 1`.execute(db);
      let backend = 0;
      // A transaction in hand when its connection is ended (as a shutdown or a dying server does):
      // the pool's client is checked out, and its 'error' event must not end the process.
      const inFlight = caught(
        db.transaction().execute(async (trx) => {
          backend = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx)).rows[0]!.pid;
          await sql`select pg_sleep(10)`.execute(trx);
        }),
      );
      while (backend === 0) await new Promise((r) => setTimeout(r, 10));
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query('select pg_terminate_backend($1)', [backend]);
      await admin.end();
      const err = await inFlight;
      expect((err as { code?: string }).code ?? (err as Error).message).toMatch(/57P01|terminat/);
      expect(isDatabaseUnavailable(err)).toBe(true);
      // The pool goes on with a new connection.
      expect((await sql<{ one: number }>`select 1 as one`.execute(db)).rows[0]!.one).toBe(1);
    } finally {
      await db.destroy();
    }
  });

  it('is false for errors about the statement or the data', async () => {
    const url = await createTestDatabase('unavail');
    const db = openPool(url, pino({ level: 'silent' }), 1);
    try {
      const syntax = await caught(sql`selec 1`.execute(db));
      const divide = await caught(sql`select 1 / 0`.execute(db));
      expect([syntax, divide].map(isDatabaseUnavailable)).toEqual([false, false]);
      expect(isDatabaseUnavailable(new Error('boom'))).toBe(false);
      expect(isDatabaseUnavailable(new Error('wrapped', { cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) }))).toBe(true);
    } finally {
      await db.destroy();
    }
  });
});
