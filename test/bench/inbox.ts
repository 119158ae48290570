/**
 * @module
 * Received post for `npm run bench`: SF1606 PostModtag messages (a one-page PDF each) received per
 * second, end to end in one process — the Postkomponent's mutual-TLS calls (keep-alive, 32 in
 * flight), the plugin's listener (DTD check, libxml2 schema validation, parsing), and the
 * platform's `storeInboundMessage` on a durable embedded PostgreSQL (blobs, one transaction per
 * message, reply matching, routing) — and the p99 of the accept answer.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { pino } from 'pino';
import { makeTestContext } from '@brevdue/shared/fixtures';
import plugin, { sampleInboundMemo } from '@brevdue/plugin-digitalpost-sf1601';
import { startPostgresServer } from '../support/start-postgres-server.ts';
import { ensureTestPki } from '../../plugins/digitalpost-sf1601/src/simulator/test-pki.ts';
import { createLocalDiskBlobStore } from '../../platform/src/blob/local-disk-blob-store.ts';
import { withInlineBlobs } from '../../platform/src/blob/inline-blob-store.ts';
import { migrateToLatest, openPool } from '../../platform/src/db/connect.ts';
import { storeInboundMessage } from '../../platform/src/inbox/store-inbound-message.ts';

interface Figure {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

const MESSAGES = Number(process.env.BENCH_INBOUND_MESSAGES ?? 3000);
const IN_FLIGHT = 32;
const CVR = '29189846';

const memo = (uuid: string, pdf: Buffer) =>
  sampleInboundMemo({ cvr: CVR, messageUuid: uuid, document: { filename: 'svar.pdf', mediaType: 'application/pdf', content: pdf } });

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

export default async function bench(): Promise<Figure[]> {
  const pgServer = await startPostgresServer({ durable: true });
  const url = await pgServer.createDatabase('inbox_bench');
  const quietLogger = pino({ level: 'silent' });
  // The platform's own pools: an idle connection closed by the server's stop is replaced, not fatal.
  const db = openPool(url, quietLogger, 16);
  const blobDb = openPool(url, quietLogger, 2);
  await migrateToLatest(db);
  const org = (
    await db
      .insertInto('organisations')
      .values({ slug: 'bench', name: 'Benchkommune', cvr: CVR, orgnr: null, contact_point: null, return_address: null })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  const dir = mkdtempSync(join(tmpdir(), 'inbox-bench-'));
  const blobs = withInlineBlobs(createLocalDiskBlobStore(join(dir, 'blobs')), blobDb);
  const pki = ensureTestPki(join(dir, 'pki'));
  const port = await freePort();
  const path = '/v1/plugins/digitalpost-sf1601/sf1606/PostModtag';
  const provider = await plugin.create(
    plugin.configSchema.parse({
      cvr: CVR,
      certificate: { path: pki.clientP12File, passphraseFile: pki.passphraseFile },
      inbound: {
        caFile: pki.caFile,
        listener: { port, host: '127.0.0.1', keyFile: join(dir, 'pki', 'server.key.pem'), certFile: join(dir, 'pki', 'server.cert.pem') },
      },
    }),
    makeTestContext({
      name: 'digitalpost-sf1601',
      receive: (m) => storeInboundMessage(db, blobs, org, m, { provider: 'digitalpost-sf1601' }),
    }),
  );
  const pdfDoc = await PDFDocument.create();
  pdfDoc.addPage([595, 842]).drawText('Svar', { x: 50, y: 800 });
  const pdf = Buffer.from(await pdfDoc.save());
  const agent = new Agent({
    keepAlive: true,
    maxSockets: IN_FLIGHT,
    ca: pki.caPem,
    key: readFileSync(pki.postkomponentKeyFile),
    cert: readFileSync(pki.postkomponentCertFile),
  });
  const send = (body: string) =>
    new Promise<number>((resolve, reject) => {
      const t0 = performance.now();
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path,
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/xml',
            'content-length': Buffer.byteLength(body),
            'x-TransaktionsId': randomUUID(),
            'x-TransaktionsTid': new Date().toISOString(),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () =>
            res.statusCode === 200 ? resolve(performance.now() - t0) : reject(new Error(`PostModtag answered ${res.statusCode}`)),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const run = async (n: number) => {
    const latencies: number[] = [];
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < n) {
          next++;
          latencies.push(await send(memo(randomUUID(), pdf)));
        }
      }),
    );
    return { seconds: (performance.now() - t0) / 1000, latencies: latencies.sort((a, b) => a - b) };
  };
  try {
    await run(300); // warm-up: TLS sessions, schema compiled, prepared statements, JIT
    const cpu0 = process.cpuUsage();
    const r = await run(MESSAGES);
    const cpu = process.cpuUsage(cpu0);
    const cpuMs = (cpu.user + cpu.system) / 1000 / MESSAGES;
    const p = (q: number) => Number(r.latencies[Math.min(r.latencies.length - 1, Math.floor(q * r.latencies.length))]!.toFixed(1));
    const note = `${MESSAGES} messages, ${IN_FLIGHT} in flight over mutual TLS, one process (load + plugin + store), durable PostgreSQL`;
    return [
      {
        name: 'inbox: SF1606 messages received (1-page PDF)',
        value: Number((MESSAGES / r.seconds).toFixed(1)),
        unit: 'messages/s',
        note: `${note}; target ≥ 200`,
      },
      { name: 'inbox: accept answer p50', value: p(0.5), unit: 'ms' },
      { name: 'inbox: accept answer p99', value: p(0.99), unit: 'ms', note: 'target < 200 ms' },
      {
        name: 'inbox: CPU per message, this process',
        value: Number(cpuMs.toFixed(2)),
        unit: 'ms',
        note: 'load generator + TLS + plugin + store client; PostgreSQL not included. Independent of other load on the machine',
      },
    ];
  } finally {
    agent.destroy();
    await provider.close?.();
    await db.destroy();
    await blobDb.destroy();
    await pgServer.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await bench());
