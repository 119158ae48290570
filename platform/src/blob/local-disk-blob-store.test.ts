import { existsSync, fstatSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createLocalDiskBlobStore } from './local-disk-blob-store.ts';
import { createDurableFs } from './durable-fs.ts';
import { testBlobStore } from '../../test/blob/blob-store-conformance.ts';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const files = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name);

testBlobStore('local disk', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'blobs-'));
  return {
    store: createLocalDiskBlobStore(dir),
    reopen: () => createLocalDiskBlobStore(dir),
    list: async () => files(dir),
    close: async () => {},
  };
});

describe('local disk blob store', () => {
  it('stores small, large and streamed bodies under their SHA-256, the same body twice at once, and leaves no temporary file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'blobs-'));
    const blobs = createLocalDiskBlobStore(dir);
    const small = Buffer.from('{"messageId":"m-1"}');
    const large = Buffer.alloc(300 * 1024, 7); // above the synchronous-write limit
    const streamed = Buffer.alloc(1024 * 1024, 3);
    const [a, b, c, again] = await Promise.all([
      blobs.putBuffer(small),
      blobs.putBuffer(large),
      blobs.put(Readable.from([streamed.subarray(0, 1000), streamed.subarray(1000)])),
      blobs.putBuffer(small),
    ]);
    expect([a.sha256, b.sha256, c.sha256, again.sha256]).toEqual([sha(small), sha(large), sha(streamed), sha(small)]);
    expect(c.bytes).toBe(streamed.length);
    expect(await blobs.read(a.sha256)).toEqual(small);
    expect(await blobs.read(b.sha256)).toEqual(large);
    expect(await blobs.read(c.sha256)).toEqual(streamed);
    expect(files(dir).filter((f) => f.endsWith('.tmp') || !/^[0-9a-f]{64}$/.test(f))).toEqual([]);
  });

  it('syncs the bytes before the name appears and the folder before the put resolves; deletions too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'blobs-'));
    const log: string[] = [];
    const target = (b: Buffer) => join(dir, sha(b).slice(0, 2), sha(b));
    const small = Buffer.from('<Message/>');
    const large = Buffer.alloc(300 * 1024, 9);
    const blobs = createLocalDiskBlobStore(
      dir,
      createDurableFs(
        async (d) => void log.push(`dir ${d} holds ${readdirSync(d).filter((f) => !f.endsWith('.tmp')).length}`),
        async (fd) =>
          void log.push(
            `data ${fstatSync(fd).size} bytes, named yet: ${existsSync(target(fstatSync(fd).size === small.length ? small : large))}`,
          ),
      ),
    );
    await blobs.putBuffer(small);
    await blobs.putBuffer(large);
    await blobs.delete(sha(small));
    expect(log).toEqual([
      `data ${small.length} bytes, named yet: false`,
      `dir ${join(dir, sha(small).slice(0, 2))} holds 1`,
      `data ${large.length} bytes, named yet: false`,
      `dir ${join(dir, sha(large).slice(0, 2))} holds 1`,
      `dir ${join(dir, sha(small).slice(0, 2))} holds 0`,
    ]);
  });

  it('makes one folder sync cover the renames made before it starts', async () => {
    const calls: string[] = [];
    let release = () => {};
    const durable = createDurableFs(async (d) => {
      calls.push(d);
      if (calls.length === 1) await new Promise<void>((r) => (release = r));
    });
    const first = durable.syncDir('/a');
    // Renamed while the first sync runs: they need a sync of their own, one for all three.
    const later = [durable.syncDir('/a'), durable.syncDir('/a'), durable.syncDir('/a')];
    const other = durable.syncDir('/b');
    release();
    await Promise.all([first, ...later, other]);
    expect(calls.sort()).toEqual(['/a', '/a', '/b']);
  });
});
