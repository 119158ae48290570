/**
 * @module
 * Export throughput to the GetOrganized simulator: records (letter + receipt) per second, one
 * at a time and 8 at a time, with a 1-page PDF and with a 1 MB letter. Every export is 5 HTTP
 * calls after the party's case is known (list library, 2 × AddToDocumentLibrary, relate,
 * finalise); the simulator runs in this process, so it and the client share one core.
 */
import { createHash, randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { ArchiveError } from '@brevdue/shared/sdk';
import type { ArchiveDocument, ArchiveExportItem, PluginContext, PluginLogger } from '@brevdue/shared/sdk';
import { getOrganizedConfigSchema } from './config.ts';
import { createGetOrganizedTarget } from './getorganized-target.ts';
import { getOrganizedSimulator } from './simulator/index.ts';

type Figure = { name: string; value: number; unit: string; note?: string };

// Not @brevdue/shared/testing: its barrel loads vitest, which cannot run outside `vitest`.
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n', 'latin1');
const doc = (role: ArchiveDocument['role'], filename: string, body: Buffer): ArchiveDocument => ({
  role,
  filename,
  mediaType: 'application/pdf',
  sha256: createHash('sha256').update(body).digest('hex'),
  bytes: body.length,
  read: async () => body,
  stream: () => Readable.from([body]),
});
const silent: PluginLogger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };
function context(): PluginContext {
  const m = new Map<string, unknown>();
  return {
    name: 'bench',
    logger: silent,
    clock: { now: () => new Date() },
    fetch: globalThis.fetch,
    blobs: { read: async () => Buffer.alloc(0), stream: () => Readable.from([]) },
    state: {
      get: async <T>(k: string) => m.get(k) as T | undefined,
      set: async (k, v) => void m.set(k, v),
      delete: async (k) => void m.delete(k),
      withLock: (_k, fn) => fn(),
    },
    dataDir: tmpdir(),
    publicUrl: 'http://127.0.0.1:3000',
    reportStatus: async () => {},
  };
}

function item(partyNo: number, letterBytes: Buffer = PDF): ArchiveExportItem {
  return {
    recordId: randomUUID(),
    organisation: { id: 'bench', name: 'Benchkommune' },
    party: { idType: 'CPR', id: `0101${String(900000 + (partyNo % 50))}`, name: 'Bench' },
    caseId: 'bench',
    direction: 'outgoing',
    subject: 'Bench',
    occurredAt: new Date(),
    documents: [doc('letter', 'brev.pdf', letterBytes), doc('receipt', 'kvittering.pdf', PDF)],
  };
}

async function run(n: number, concurrency: number, letter?: Buffer): Promise<{ perSecond: number; cpuMsPerRecord: number }> {
  const sim = await getOrganizedSimulator.start({ port: 0, dataDir: tmpdir(), settings: { persist: false } });
  try {
    const target = createGetOrganizedTarget(
      getOrganizedConfigSchema.parse({ baseUrl: sim.url, username: 'brevdue', password: 'brevdue-sim', domain: 'KOMMUNE' }),
      context(),
    );
    // Warm up: the 50 party cases exist before timing starts, as in steady state.
    for (let p = 0; p < 50; p++) await target.export(item(p));
    const items = Array.from({ length: n }, (_, i) => item(i, letter));
    let next = 0;
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < items.length) {
          const it = items[next++]!;
          // As the platform's job queue would: a transient failure (e.g. a kept-alive socket the
          // server closed just as we reused it) is retried.
          for (let attempt = 1; ; attempt++) {
            try {
              await target.export(it);
              break;
            } catch (e) {
              if (!(e instanceof ArchiveError) || e.kind !== 'transient' || attempt >= 3) throw e;
            }
          }
        }
      }),
    );
    const cpu = process.cpuUsage(cpu0);
    return { perSecond: n / ((performance.now() - t0) / 1000), cpuMsPerRecord: (cpu.user + cpu.system) / 1000 / n };
  } finally {
    await sim.close();
  }
}

/** Export throughput figures for `npm run bench`. */
export default async function bench(): Promise<Figure[]> {
  const mb = Buffer.concat([PDF, Buffer.alloc(1024 * 1024 - PDF.length, 0x20)]);
  const note = 'wall clock: falls with other load on the machine; simulator in the same process; 5 HTTP calls per record';
  const cpuNote = 'CPU of client + simulator per record: the load-independent cost';
  const one = await run(200, 1);
  const eight = await run(400, 8);
  const big = await run(12, 4, mb);
  return [
    { name: 'getorganized export, 1 at a time', value: Math.round(one.perSecond), unit: 'records/s', note },
    { name: 'getorganized export, 8 concurrent', value: Math.round(eight.perSecond), unit: 'records/s', note },
    { name: 'getorganized export, CPU per record', value: Math.round(eight.cpuMsPerRecord * 10) / 10, unit: 'ms', note: cpuNote },
    {
      name: 'getorganized export, 1 MB letter, 4 concurrent',
      value: Math.round(big.perSecond * 10) / 10,
      unit: 'records/s',
      note: 'the API takes the file as a JSON array of byte values (~3.6 JSON bytes per byte): encoding/parsing dominates',
    },
    { name: 'getorganized export, 1 MB letter, CPU per record', value: Math.round(big.cpuMsPerRecord), unit: 'ms', note: cpuNote },
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const f of await bench()) console.log(`${f.name}: ${f.value} ${f.unit}${f.note ? ` (${f.note})` : ''}`);
}
