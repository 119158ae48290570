/**
 * @module
 * The `BlobStore` contract as tests, run against every implementation (disk, inline over disk,
 * S3, Azure, inline over an object store): content-addressed, readable by another client as soon
 * as a put resolves, streamed both ways with bounded memory, identical concurrent writes, size
 * limits that keep nothing, and no temporary names left behind. A crash mid-upload needs a
 * process to kill: `crashMidPut` below, called by each backend's own test.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobNotFoundError, type BlobStore, BlobTooLargeError } from '../../src/blob/blob-store.ts';
import type { BlobStoreConfig } from '../../src/blob/blob-store-config.ts';
import { generatedBody, generatedSha } from './generated-body.ts';

export interface BlobStoreHarness {
  store: BlobStore;
  /** A second client of the same storage, as another process would open it. */
  reopen(): BlobStore;
  /** The names the storage holds for blobs (file names, object keys without the prefix). */
  list(): Promise<string[]>;
  /** The folder where bodies wait for upload (object stores): must be empty after every put. */
  spoolDir?: string;
  /** Why this storage cannot show a blob's renewal when it is put again, when it cannot. */
  renewalUnobservable?: string;
  close(): Promise<void>;
}

const MiB = 1024 * 1024;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Runs `fn` while sampling buffer memory; answers the peak growth over the start, in bytes. */
async function peakBufferGrowth(fn: () => Promise<void>): Promise<number> {
  const start = process.memoryUsage().arrayBuffers;
  let peak = start;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().arrayBuffers)), 5);
  try {
    await fn();
  } finally {
    clearInterval(timer);
  }
  return Math.max(peak, process.memoryUsage().arrayBuffers) - start;
}

/**
 * Registers the contract's tests for one store.
 * @example
 * testBlobStore('disk', async () => { const dir = mkdtempSync(...); ... return { store, reopen, list, close }; });
 */
export function testBlobStore(name: string, setup: () => Promise<BlobStoreHarness>): void {
  describe(`BlobStore contract: ${name}`, () => {
    let h: BlobStoreHarness;
    beforeAll(async () => {
      h = await setup();
    });
    afterAll(async () => {
      await h?.close();
    });
    const noTemporaries = async () => {
      expect((await h.list()).filter((n) => !/^[0-9a-f]{64}$/.test(n))).toEqual([]);
      if (h.spoolDir) expect(readdirSync(h.spoolDir)).toEqual([]);
    };

    it('stores small, large and streamed bodies under their SHA-256, readable at once by another client', async () => {
      const small = Buffer.from('<Message xmlns="urn:memo"/>');
      const large = Buffer.concat([...generatedBody(12, 2)]); // above one S3 part / Azure block
      const streamed = [...generatedBody(3, 3)];
      const [a, b, c, again] = await Promise.all([
        h.store.putBuffer(small),
        h.store.putBuffer(large),
        h.store.put(Readable.from(streamed)),
        h.store.putBuffer(small),
      ]);
      expect([a.sha256, b.sha256, c.sha256, again.sha256]).toEqual([sha(small), sha(large), sha(Buffer.concat(streamed)), sha(small)]);
      expect([a.bytes, b.bytes, c.bytes]).toEqual([small.length, large.length, 3 * MiB]);
      // "Durable before a row names it": the put resolved, so any other process reads the bytes.
      const other = h.reopen();
      expect(await other.read(a.sha256)).toEqual(small);
      expect((await other.read(b.sha256)).equals(large)).toBe(true);
      expect(sha(Buffer.concat(await Readable.from(other.stream(c.sha256)).toArray()))).toBe(c.sha256);
      expect(await Promise.all([other.exists(a.sha256), other.exists(sha(Buffer.from('never stored')))])).toEqual([true, false]);
      if (other.size) expect(await other.size(b.sha256)).toBe(large.length);
      if (other.readRange) {
        expect(await other.readRange(b.sha256, 5 * MiB + 7, 5 * MiB + 20)).toEqual(large.subarray(5 * MiB + 7, 5 * MiB + 20));
        expect(await other.readRange(a.sha256, small.length - 3, small.length + 100)).toEqual(small.subarray(small.length - 3));
        expect((await other.readRange(a.sha256, small.length + 5, small.length + 10)).length).toBe(0);
      }
      await noTemporaries();
    });

    it('stores the same large body written by three clients at once, once', async () => {
      const expected = generatedSha(12, 4);
      const puts = await Promise.all([h.store, h.reopen(), h.reopen()].map((s) => s.put(Readable.from(generatedBody(12, 4)))));
      expect(new Set(puts.map((p) => p.sha256))).toEqual(new Set([expected]));
      expect(sha(await h.reopen().read(expected))).toBe(expected);
      expect((await h.list()).filter((n) => n === expected)).toHaveLength(1);
      await noTemporaries();
    });

    it('refuses a body over maxBytes as soon as it is exceeded, keeping nothing', async () => {
      let produced = 0;
      const endless = Readable.from(
        (function* () {
          for (const c of generatedBody(64, 5)) {
            produced += c.length;
            yield c;
          }
        })(),
      );
      const before = await h.list();
      await expect(h.store.put(endless, { maxBytes: 10 * MiB })).rejects.toBeInstanceOf(BlobTooLargeError);
      expect(produced).toBeLessThan(12 * MiB);
      expect(await h.list()).toEqual(before);
      await noTemporaries();
    });

    it('streams a 100 MB body in and out without holding it in memory', async () => {
      const expected = generatedSha(100, 6);
      let put: { sha256: string; bytes: number } | undefined;
      const inGrowth = await peakBufferGrowth(async () => {
        put = await h.store.put(Readable.from(generatedBody(100, 6)));
      });
      expect(put).toEqual({ sha256: expected, bytes: 100 * MiB });
      const hash = createHash('sha256');
      let bytes = 0;
      const outGrowth = await peakBufferGrowth(async () => {
        for await (const c of h.reopen().stream(expected)) {
          hash.update(c as Buffer);
          bytes += (c as Buffer).length;
        }
      });
      expect({ sha256: hash.digest('hex'), bytes }).toEqual({ sha256: expected, bytes: 100 * MiB });
      // A store that held the body whole would grow by at least its 100 MB; parts in flight and
      // buffers the garbage collector has not reclaimed yet stay well below.
      expect(inGrowth).toBeLessThan(80 * MiB);
      expect(outGrowth).toBeLessThan(80 * MiB);
      await h.store.delete(expected);
      await noTemporaries();
    });

    it('lists every blob with the time it was stored, renewed when the same bytes are put again', async () => {
      const body = Buffer.concat([...generatedBody(1, 8)]);
      const before = Date.now() - 5000; // the store's clock may lag ours a little
      const { sha256 } = await h.store.putBuffer(body);
      const listed = async () => {
        const all = [];
        for await (const b of h.reopen().list()) all.push(b);
        return all;
      };
      const first = (await listed()).find((b) => b.sha256 === sha256);
      expect(first?.modifiedAt.getTime()).toBeGreaterThan(before);
      expect((await listed()).every((b) => /^[0-9a-f]{64}$/.test(b.sha256))).toBe(true);
      if (!h.renewalUnobservable) {
        // Object stores keep whole seconds: the second put must fall in a later one.
        await new Promise((r) => setTimeout(r, 1100));
        await h.reopen().putBuffer(body);
        const second = (await listed()).find((b) => b.sha256 === sha256);
        expect(second!.modifiedAt.getTime()).toBeGreaterThan(first!.modifiedAt.getTime());
      }
      expect(await h.store.removeTemporaries(3600_000)).toBe(0);
      await h.store.delete(sha256);
      expect((await listed()).map((b) => b.sha256)).not.toContain(sha256);
    });

    it('deletes (missing blobs too) and answers a missing blob with BlobNotFoundError on every read', async () => {
      const body = Buffer.concat([...generatedBody(1, 7)]);
      const { sha256 } = await h.store.putBuffer(body);
      await h.store.delete(sha256);
      await h.store.delete(sha256);
      const other = h.reopen();
      expect(await other.exists(sha256)).toBe(false);
      await expect(other.read(sha256)).rejects.toBeInstanceOf(BlobNotFoundError);
      await expect(Readable.from(other.stream(sha256)).toArray()).rejects.toBeInstanceOf(BlobNotFoundError);
      if (other.size) await expect(other.size(sha256)).rejects.toBeInstanceOf(BlobNotFoundError);
      if (other.readRange) await expect(other.readRange(sha256, 0, 10)).rejects.toBeInstanceOf(BlobNotFoundError);
      expect(await h.list()).not.toContain(sha256);
    });
  });
}

/**
 * Starts a child process that puts a `mib` MiB body with the given store config, and kills it
 * (SIGKILL) once `uploading()` answers true: the crash lands mid-upload, after the body was hashed.
 * Answers the body's SHA-256 and whether the child finished first (then the test learnt nothing).
 */
export async function crashMidPut(
  config: BlobStoreConfig,
  dir: string,
  env: NodeJS.ProcessEnv,
  mib: number,
  uploading: () => Promise<boolean>,
): Promise<{ sha256: string; finished: boolean }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', new URL('./blob-put-child.ts', import.meta.url).pathname, JSON.stringify({ config, dir, mib })],
    {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  let done = false;
  void exited.then(() => (done = true));
  const deadline = Date.now() + 30_000;
  while (!done && Date.now() < deadline) {
    if (await uploading()) {
      child.kill('SIGKILL');
      break;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  if (!done && child.exitCode === null) child.kill('SIGKILL');
  await exited;
  return { sha256: generatedSha(mib, 9), finished: out.includes('stored ') };
}
