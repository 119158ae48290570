/**
 * @module
 * Small blobs in PostgreSQL, the rest on disk. Wire messages, provider answers and receipt PDFs
 * are a few KB each and written for every letter; as files each needed two fsyncs to be on disk
 * before the commit naming them (measured: ~0.35 ms of worker CPU per letter, the sends fell
 * below 1,000 letters/s). In the database, the puts of many letters share one insert and one
 * WAL flush, and a backup of the database holds the proof of what was sent.
 *
 * Puts are grouped: while one insert runs, the next puts wait and go in together (group
 * commit). A put resolves once its row is committed. Give it connections of its own (as
 * open-blob-store.ts does), so a put made inside a transaction never waits for that transaction.
 * The larger blobs go to the wrapped store: files on disk, or an object store (S3, Azure).
 */
import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import DataLoader from 'dataloader';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import { type BlobStore, BlobNotFoundError, type PutResult, type StoredBlob } from './blob-store.ts';

/** Bodies up to this size live in the database. */
export const INLINE_MAX_BYTES = 64 * 1024;
/** Most rows (and bytes) per insert. */
const GROUP_ROWS = 500;
const GROUP_BYTES = 8 * 1024 * 1024;

interface PendingPut {
  sha256: string;
  body: Buffer;
  resolve(): void;
  reject(e: unknown): void;
}

export function withInlineBlobs(disk: BlobStore, db: Kysely<Database>, opts: { inlineMax?: number } = {}): BlobStore {
  const inlineMax = opts.inlineMax ?? INLINE_MAX_BYTES;
  const pending: PendingPut[] = [];
  let writing = false;

  async function writeGroups(): Promise<void> {
    while (pending.length > 0) {
      let rows = 0;
      let bytes = 0;
      while (rows < pending.length && rows < GROUP_ROWS && bytes < GROUP_BYTES) bytes += pending[rows++]!.body.length;
      const group = pending.splice(0, rows);
      const unique = new Map(group.map((p) => [p.sha256, p.body]));
      const bodies = [...unique.values()];
      const starts: number[] = [];
      let at = 1; // substring() counts from 1
      for (const b of bodies) {
        starts.push(at);
        at += b.length;
      }
      try {
        // One statement text whatever the count: prepared once per connection. The bodies go
        // as one binary parameter cut apart by the server: a bytea[] parameter is sent as text,
        // each body hex-encoded and escaped by the client and decoded again by the server.
        // Bytes stored before are renewed (not rewritten: the body stays), so the orphan sweep
        // does not take them before the caller's row names them; a minute's leeway spares the
        // write mostly.
        await sql`insert into inline_blobs (sha256, body)
                  select k.sha256, substring(${Buffer.concat(bodies)}::bytea from k.start for k.length)
                  from unnest(${[...unique.keys()]}::text[], ${starts}::int4[], ${bodies.map((b) => b.length)}::int4[]) as k(sha256, start, length)
                  on conflict (sha256) do update set created_at = now()
                  where inline_blobs.created_at < now() - interval '1 minute'`.execute(db);
        for (const p of group) p.resolve();
      } catch (e) {
        for (const p of group) p.reject(e);
      }
    }
    writing = false;
  }

  const bodies = new DataLoader<string, Buffer | undefined>(
    async (shas) => {
      const rows = await db
        .selectFrom('inline_blobs')
        .select(['sha256', 'body'])
        .where('sha256', '=', sql<string>`any(${[...shas]}::text[])`)
        .execute();
      const found = new Map(rows.map((r) => [r.sha256, r.body]));
      return shas.map((s) => found.get(s));
    },
    { cache: false, maxBatchSize: 200 },
  );
  // Sizes without the bodies: archiving names every letter's wire message and provider receipt.
  const sizes = new DataLoader<string, number | undefined>(
    async (shas) => {
      const { rows } = await sql<{ sha256: string; bytes: number }>`
        select sha256, octet_length(body) as bytes from inline_blobs where sha256 = any(${[...shas]}::text[])`.execute(db);
      const found = new Map(rows.map((r) => [r.sha256, r.bytes]));
      return shas.map((s) => found.get(s));
    },
    { cache: false, maxBatchSize: 200 },
  );
  const onDisk = (sha256: string) => disk.localPath?.(sha256);
  // A store of local files says where its blobs are; an object store cannot without a request,
  // so a blob not found inline is looked for there (small blobs, the hot path, cost no round trip).
  const local = disk.localPath !== undefined;
  const readInline = async (sha256: string): Promise<Buffer> => {
    const body = await bodies.load(sha256);
    if (body) return body;
    if (local) throw new BlobNotFoundError(sha256);
    return disk.read(sha256);
  };

  return {
    put: (body, o) => disk.put(body, o),
    async putBuffer(body): Promise<PutResult> {
      if (body.length > inlineMax) return disk.putBuffer(body);
      const sha256 = createHash('sha256').update(body).digest('hex');
      await new Promise<void>((resolve, reject) => {
        pending.push({ sha256, body, resolve, reject });
        if (!writing) {
          writing = true;
          // Puts made in the same tick join the first insert.
          queueMicrotask(() => void writeGroups());
        }
      });
      return { sha256, bytes: body.length };
    },
    read: (sha256) => (onDisk(sha256) ? disk.read(sha256) : readInline(sha256)),
    stream(sha256) {
      if (onDisk(sha256)) return disk.stream(sha256);
      return Readable.from(
        (async function* () {
          const body = await bodies.load(sha256);
          if (body) yield body;
          else if (local) throw new BlobNotFoundError(sha256);
          else yield* disk.stream(sha256);
        })(),
        { objectMode: false },
      );
    },
    async exists(sha256) {
      if (onDisk(sha256) || (await bodies.load(sha256)) !== undefined) return true;
      return !local && (await disk.exists(sha256));
    },
    async size(sha256) {
      // Inline first: the sizes archiving asks for are of small blobs, answered by one query per
      // batch; a file-system check first cost two stat calls per blob for nothing.
      const bytes = await sizes.load(sha256);
      if (bytes !== undefined) return bytes;
      return disk.size ? disk.size(sha256) : (await disk.read(sha256)).length;
    },
    async readRange(sha256, begin, end) {
      const body = onDisk(sha256) ? undefined : await bodies.load(sha256);
      if (body) return body.subarray(begin, Math.min(end, body.length));
      if (disk.readRange) return disk.readRange(sha256, begin, end);
      const all = await disk.read(sha256);
      return all.subarray(begin, Math.min(end, all.length));
    },
    async *list(): AsyncIterable<StoredBlob> {
      // Keyset pages: the table may hold millions of rows.
      let after = '';
      for (;;) {
        const page = await db
          .selectFrom('inline_blobs')
          .select(['sha256', 'created_at'])
          .where('sha256', '>', after)
          .orderBy('sha256')
          .limit(1000)
          .execute();
        for (const r of page) yield { sha256: r.sha256, modifiedAt: new Date(r.created_at) };
        if (page.length < 1000) break;
        after = page[page.length - 1]!.sha256;
      }
      yield* disk.list();
    },
    removeTemporaries: (olderThanMs) => disk.removeTemporaries(olderThanMs),
    async delete(sha256) {
      await disk.delete(sha256);
      await db.deleteFrom('inline_blobs').where('sha256', '=', sha256).execute();
    },
    localPath: onDisk,
  };
}
