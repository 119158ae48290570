import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Kysely, sql } from 'kysely';
import pino from 'pino';
import { createTestDatabase } from '../../../test/support/database.ts';
import { migrateToLatest, openPool } from '../db/connect.ts';
import type { Database } from '../db/schema.ts';
import { BlobNotFoundError, type BlobStore } from './blob-store.ts';
import { createLocalDiskBlobStore } from './local-disk-blob-store.ts';
import { withInlineBlobs } from './inline-blob-store.ts';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('small blobs in PostgreSQL, large ones on disk', () => {
  let db: Kysely<Database>;
  let blobDb: Kysely<Database>;
  let dir: string;
  let blobs: BlobStore;
  beforeAll(async () => {
    const url = await createTestDatabase('blobs');
    db = openPool(url, pino({ level: 'silent' }), 1);
    await migrateToLatest(db);
    blobDb = openPool(url, pino({ level: 'silent' }), 2);
    dir = mkdtempSync(join(tmpdir(), 'inline-blobs-'));
    blobs = withInlineBlobs(createLocalDiskBlobStore(dir), blobDb, { inlineMax: 1024 });
  });
  afterAll(async () => {
    await db?.destroy();
    await blobDb?.destroy();
  });

  it('commits concurrent small puts together, before any of them resolves', async () => {
    const bodies = Array.from({ length: 100 }, (_, i) => Buffer.from(`<Message n="${i}"/>`));
    const puts = await Promise.all(bodies.map((b) => blobs.putBuffer(b)));
    expect(puts.map((p) => p.sha256)).toEqual(bodies.map(sha));
    // Seen from another connection: committed. Rows of one transaction share its xmin.
    const rows = await sql<{
      rows: number;
      transactions: number;
    }>`select count(*)::int as rows, count(distinct xmin::text)::int as transactions from inline_blobs`.execute(db);
    expect(rows.rows[0]!.rows).toBe(100);
    expect(rows.rows[0]!.transactions).toBeLessThanOrEqual(2);
    expect(puts.every((p) => !existsSync(join(dir, p.sha256.slice(0, 2), p.sha256)))).toBe(true);
    expect((await blobs.read(puts[7]!.sha256)).toString()).toBe('<Message n="7"/>');
    expect(await text(blobs.stream(puts[8]!.sha256))).toBe('<Message n="8"/>');
    expect(blobs.localPath?.(puts[9]!.sha256)).toBeUndefined();
  });

  it('stores each body of a group whole and under its own checksum: binary bytes, lengths from 0 up, repeats', async () => {
    const bodies = Array.from({ length: 60 }, (_, i) => Buffer.from(Array.from({ length: i * 13 }, (_, j) => (j * 31 + i) % 256)));
    bodies.push(Buffer.from(bodies[5]!), Buffer.from([0, 0, 0, 255]));
    const puts = await Promise.all(bodies.map((b) => blobs.putBuffer(b)));
    expect(puts.map((p) => p.sha256)).toEqual(bodies.map(sha));
    expect(await Promise.all(puts.map((p) => blobs.read(p.sha256)))).toEqual(bodies);
  });

  it('keeps larger bodies as files, and answers reads, existence and deletion for both kinds', async () => {
    const small = Buffer.from('{"status":"OK"}');
    const large = Buffer.alloc(4096, 1);
    const [s, l] = await Promise.all([blobs.putBuffer(small), blobs.putBuffer(large), blobs.putBuffer(small)]);
    expect(blobs.localPath?.(l!.sha256)).toBe(join(dir, l!.sha256.slice(0, 2), l!.sha256));
    expect(await blobs.read(l!.sha256)).toEqual(large);
    expect(await Promise.all([blobs.size!(s!.sha256), blobs.size!(l!.sha256)])).toEqual([small.length, large.length]);
    await expect(blobs.size!(sha(Buffer.from('never stored')))).rejects.toBeInstanceOf(BlobNotFoundError);
    expect(await Promise.all([blobs.exists(s!.sha256), blobs.exists(l!.sha256), blobs.exists(sha(Buffer.from('never stored')))])).toEqual([
      true,
      true,
      false,
    ]);

    await Promise.all([blobs.delete(s!.sha256), blobs.delete(l!.sha256)]);
    expect(await Promise.all([blobs.exists(s!.sha256), blobs.exists(l!.sha256)])).toEqual([false, false]);
    await expect(blobs.read(s!.sha256)).rejects.toBeInstanceOf(BlobNotFoundError);
    await expect(text(blobs.stream(s!.sha256))).rejects.toBeInstanceOf(BlobNotFoundError);
  });

  it('stores a blob from inside a transaction that holds the only connection of the main pool', async () => {
    const body = Buffer.from('receipt of a letter archived in a transaction');
    const put = await db.transaction().execute(async (trx) => {
      const p = await blobs.putBuffer(body);
      await trx.selectFrom('inline_blobs').select('sha256').where('sha256', '=', p.sha256).executeTakeFirstOrThrow();
      return p;
    });
    expect(await blobs.read(put.sha256)).toEqual(body);
  });
});
