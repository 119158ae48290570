/**
 * @module
 * Throughput of raw `provider.send` against the simulator in this process (both on one
 * event loop, as in a one-process platform with the sandbox simulator inside it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { OutgoingLetter, PluginContext, PluginLogger } from '@brevdue/shared/sdk';
import sandbox from './index.ts';

// `@brevdue/shared/testing` imports vitest, which cannot load outside a test run: build the
// letter and context here.
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  'latin1',
);
const silent: PluginLogger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };
const context: PluginContext = {
  name: 'sandbox',
  logger: silent,
  clock: { now: () => new Date() },
  fetch: globalThis.fetch,
  blobs: { read: async () => PDF, stream: () => Readable.from([PDF]) },
  state: { get: async () => undefined, set: async () => {}, delete: async () => {}, withLock: (_k, fn) => fn() },
  dataDir: tmpdir(),
  publicUrl: 'http://127.0.0.1:3000',
  reportStatus: async () => {},
};
const base: OutgoingLetter = {
  letterId: randomUUID(),
  messageId: randomUUID(),
  shipmentId: randomUUID(),
  channel: 'digital',
  subject: 'Indkaldelse til møde',
  recipient: { idType: 'CPR', id: '0101904321', name: 'Jens Hansen' },
  sender: { organisationId: randomUUID(), name: 'Testkommune', cvr: '29189846' },
  mainDocument: {
    id: randomUUID(),
    filename: 'brev.pdf',
    mediaType: 'application/pdf',
    bytes: PDF.length,
    sha256: createHash('sha256').update(PDF).digest('hex'),
    read: async () => PDF,
    stream: () => Readable.from([PDF]),
  },
  attachments: [],
  actions: [],
  options: { replyAllowed: false },
  printFallback: true,
  createdAt: new Date(),
};

const CONCURRENCY = 64;

/** Calls per wall-clock second and per CPU second of this process (the latter holds on a busy machine). */
async function run(total: number, what: 'send' | 'lookup'): Promise<{ wall: number; cpu: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'brevdue-sandbox-bench-'));
  const sim = await sandbox.simulator!.start({ port: 0, dataDir });
  const provider = await sandbox.create(sandbox.configSchema.parse({ url: sim.url }), context);
  let next = 0;
  const worker = async () => {
    while (next < total) {
      next++;
      if (what === 'send') {
        const id = randomUUID();
        await provider.send({ ...base, letterId: id, messageId: id });
      } else await provider.lookup(base.recipient);
    }
  };
  // Warm-up: connections opened, code paths compiled.
  const warm = total;
  total = Math.min(2000, total);
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  next = 0;
  total = warm;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const c1 = process.cpuUsage(c0);
  const rate = { wall: total / ((performance.now() - t0) / 1000), cpu: total / ((c1.user + c1.system) / 1e6) };
  await provider.close?.();
  await sim.close();
  rmSync(dataDir, { recursive: true, force: true });
  return rate;
}

/** Letters per second of `provider.send` and lookups per second, concurrency 64, one process. */
export default async function bench(): Promise<Array<{ name: string; value: number; unit: string; note?: string }>> {
  const send = await run(10_000, 'send');
  const lookup = await run(10_000, 'lookup');
  const note = `concurrency ${CONCURRENCY}, simulator in the same process, one-page PDF, no latency`;
  const cpuNote = 'per CPU second of the process (plugin + simulator), independent of other load on the machine';
  return [
    { name: 'sandbox provider.send', value: Math.round(send.wall), unit: 'letters/s', note },
    { name: 'sandbox provider.send CPU cost', value: Math.round(send.cpu), unit: 'letters/CPU-s', note: cpuNote },
    { name: 'sandbox provider.lookup', value: Math.round(lookup.wall), unit: 'lookups/s', note },
    { name: 'sandbox provider.lookup CPU cost', value: Math.round(lookup.cpu), unit: 'lookups/CPU-s', note: cpuNote },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.table(await bench());
}
