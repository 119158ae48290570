import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, utimesSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { type Kysely, sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/support/database.ts';
import { ensureOrganisation } from '../auth/api-tokens.ts';
import { migrateToLatest, openPool } from '../db/connect.ts';
import { BLOB_COLUMNS, NOT_BLOB_COLUMNS } from '../db/blob-references.ts';
import type { Database } from '../db/schema.ts';
import type { BlobStore } from './blob-store.ts';
import { withInlineBlobs } from './inline-blob-store.ts';
import { createLocalDiskBlobStore } from './local-disk-blob-store.ts';
import { sweepOrphanBlobs, TEMPORARY_MAX_AGE_MS } from './sweep-orphan-blobs.ts';
import { temporaryName } from './temporary-names.ts';

const files = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name);
const DAY = 24 * 3600 * 1000;

/** Runs the crash child until it says it is where it should die, then SIGKILLs it. */
async function killedChild(dir: string, mode: 'mid-upload' | 'after-put', mib: number): Promise<string> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', new URL('../../test/blob/blob-crash-child.ts', import.meta.url).pathname, JSON.stringify({ dir, mode, mib })],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const sha = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /ready ([0-9a-f]{64})/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`crash child exited early (${code}): ${out}`)));
  });
  child.kill('SIGKILL');
  await exited;
  return sha;
}

describe('no orphans: interrupted uploads and unnamed blobs', () => {
  let db: Kysely<Database>;
  let blobDb: Kysely<Database>;
  let dir: string;
  let blobs: BlobStore;
  let orgId: string;
  const lines: string[] = [];
  const logger = pino({ level: 'info' }, { write: (l: string) => void lines.push(l) });
  beforeAll(async () => {
    const url = await createTestDatabase('sweep');
    db = openPool(url, logger, 2);
    await migrateToLatest(db);
    blobDb = openPool(url, logger, 2);
    dir = mkdtempSync(join(tmpdir(), 'sweep-blobs-'));
    blobs = withInlineBlobs(createLocalDiskBlobStore(dir), blobDb, { inlineMax: 1024 });
    orgId = await ensureOrganisation(db, { slug: 'sweep', name: 'Sweep Kommune', cvr: '29189846' });
  });
  afterAll(async () => {
    await db?.destroy();
    await blobDb?.destroy();
  });

  const addDocument = (sha256: string, deleted = false) =>
    db
      .insertInto('documents')
      .values({
        organisation_id: orgId,
        sha256,
        bytes: 1,
        media_type: 'application/pdf',
        filename: 'brev.pdf',
        pages: 1,
        deleted_at: deleted ? new Date() : null,
      })
      .execute();

  it('leaves nothing behind after a SIGKILL mid-upload and after the blob write, once start-up cleanup and the sweep ran', async () => {
    const halfWritten = await killedChild(dir, 'mid-upload', 8);
    expect(readdirSync(join(dir, 'tmp'))).toHaveLength(1); // half a body under a temporary name
    const unnamed = await killedChild(dir, 'after-put', 4);
    expect(await blobs.exists(unnamed)).toBe(true); // stored, but the row never came
    expect(halfWritten).not.toBe(unnamed);

    // Blobs rows still name (one of them also named by a deleted row), one only a deleted row names, a small unnamed one in PostgreSQL.
    const named = await blobs.put(Readable.from([Buffer.alloc(4096, 1)]));
    const namedInline = await blobs.putBuffer(Buffer.from('a small document, named'));
    const onlyDeleted = await blobs.put(Readable.from([Buffer.alloc(4096, 2)]));
    const unnamedInline = await blobs.putBuffer(Buffer.from('a small answer whose row never came'));
    await addDocument(named.sha256);
    await addDocument(named.sha256, true);
    await addDocument(namedInline.sha256);
    await addDocument(onlyDeleted.sha256, true);

    // Start-up: the dead writer's temporary file goes at once, however fresh; a live writer's stays.
    const live = join(dir, 'tmp', temporaryName());
    writeFileSync(live, 'a body this process is still receiving');
    expect(await blobs.removeTemporaries(TEMPORARY_MAX_AGE_MS)).toBe(1);
    expect(readdirSync(join(dir, 'tmp'))).toEqual([live.split('/').pop()]);

    const report = await sweepOrphanBlobs({ db, blobs, logger }, { graceMs: 0 });
    expect(report).toMatchObject({ orphans: 3, temporaries: 1 });
    expect(files(dir).sort()).toEqual([named.sha256]);
    expect(await blobs.exists(namedInline.sha256)).toBe(true);
    expect(await Promise.all([unnamed, onlyDeleted.sha256, unnamedInline.sha256].map((s) => blobs.exists(s)))).toEqual([
      false,
      false,
      false,
    ]);
    expect(lines.some((l) => /"orphans":3/.test(l) && /blob sweep/.test(l))).toBe(true);
  });

  it('keeps an unnamed blob within its grace period, and one put again since (its row may be on its way)', async () => {
    const young = await blobs.put(Readable.from([Buffer.alloc(2048, 3)]));
    const reput = await blobs.put(Readable.from([Buffer.alloc(2048, 4)]));
    const old = await blobs.put(Readable.from([Buffer.alloc(2048, 5)]));
    const path = (s: string) => join(dir, s.slice(0, 2), s);
    const twoDaysAgo = new Date(Date.now() - 2 * DAY);
    utimesSync(path(reput.sha256), twoDaysAgo, twoDaysAgo);
    utimesSync(path(old.sha256), twoDaysAgo, twoDaysAgo);
    await blobs.putBuffer(Buffer.alloc(2048, 4)); // the same bytes again: renewed
    const report = await sweepOrphanBlobs({ db, blobs, logger }, { graceMs: DAY });
    expect(report.orphans).toBe(1);
    expect(await Promise.all([young, reput, old].map((b) => blobs.exists(b.sha256)))).toEqual([true, true, false]);
  });

  it('removes a temporary file left beside its blob by a dead writer of this machine', async () => {
    const sub = join(dir, 'ab');
    mkdirSync(sub, { recursive: true });
    const dead = `${'ab'.padEnd(64, '0')}.${temporaryName().replace(`~${process.pid}~`, '~999999999~')}.tmp`;
    writeFileSync(join(sub, dead), 'half');
    expect(await blobs.removeTemporaries(TEMPORARY_MAX_AGE_MS)).toBe(1);
    expect(readdirSync(sub)).not.toContain(dead);
  });

  it('consults every column that holds a SHA-256 (a new one must be listed in db/blob-references.ts)', async () => {
    const { rows } = await sql<{ t: string; c: string }>`
      select table_name as t, column_name as c from information_schema.columns
      where table_schema = 'public' and column_name like '%sha256' and table_name <> 'inline_blobs'`.execute(db);
    const known = [...BLOB_COLUMNS.map(([t, c]) => `${t}.${c}`), ...NOT_BLOB_COLUMNS.map(([t, c]) => `${t}.${c}`)].sort();
    expect(rows.map((r) => `${r.t}.${r.c}`).sort()).toEqual(known);
  });
});
