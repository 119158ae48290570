import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createLocalDiskBlobStore } from './local-disk-blob-store.ts';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const files = (dir: string): string[] => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);

describe('local disk blob store', () => {
  it('stores small, large and streamed bodies under their SHA-256, the same body twice at once, and leaves no temporary file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'blobs-'));
    const blobs = createLocalDiskBlobStore(dir);
    const small = Buffer.from('{"messageId":"m-1"}');
    const large = Buffer.alloc(300 * 1024, 7); // above the synchronous-write limit
    const streamed = Buffer.alloc(1024 * 1024, 3);
    const [a, b, c, again] = await Promise.all([blobs.putBuffer(small), blobs.putBuffer(large), blobs.put(Readable.from([streamed.subarray(0, 1000), streamed.subarray(1000)])), blobs.putBuffer(small)]);
    expect([a.sha256, b.sha256, c.sha256, again.sha256]).toEqual([sha(small), sha(large), sha(streamed), sha(small)]);
    expect(c.bytes).toBe(streamed.length);
    expect(await blobs.read(a.sha256)).toEqual(small);
    expect(await blobs.read(b.sha256)).toEqual(large);
    expect(await blobs.read(c.sha256)).toEqual(streamed);
    expect(files(dir).filter((f) => f.endsWith('.tmp') || !/^[0-9a-f]{64}$/.test(f))).toEqual([]);
  });
});
