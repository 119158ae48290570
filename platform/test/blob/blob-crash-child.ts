/**
 * @module
 * A process that stops where a crash hurts and waits to be killed (sweep-orphan-blobs.test.ts):
 * `mid-upload` streams half of a body into the disk store and stops (half a temporary file);
 * `after-put` stores the whole body and stops before any row names it. Prints `ready <sha256>`.
 * Argument: JSON `{ dir, mode, mib }`.
 */
import { Readable } from 'node:stream';
import { createLocalDiskBlobStore } from '../../src/blob/local-disk-blob-store.ts';
import { generatedBody, generatedSha } from './generated-body.ts';

const { dir, mode, mib } = JSON.parse(process.argv[2] ?? '{}') as { dir: string; mode: 'mid-upload' | 'after-put'; mib: number };
const store = createLocalDiskBlobStore(dir);
const forever = new Promise<never>(() => setInterval(() => undefined, 60_000));
if (mode === 'after-put') {
  const { sha256 } = await store.put(Readable.from(generatedBody(mib, 11)));
  process.stdout.write(`ready ${sha256}\n`);
  await forever;
} else {
  const body = (async function* () {
    let sent = 0;
    for (const chunk of generatedBody(mib, 11)) {
      yield chunk;
      sent += chunk.length;
      if (sent >= (mib * 1024 * 1024) / 2) {
        // Give the write stream a moment to reach the file, then stop mid-body.
        await new Promise((r) => setTimeout(r, 200));
        process.stdout.write(`ready ${generatedSha(mib, 11)}\n`);
        await forever;
      }
    }
  })();
  await store.put(Readable.from(body));
}
