/**
 * Scaling past one machine: two platform processes with data dirs of their own share only
 * PostgreSQL and an object store (S3 through s3rver, Azure Blob Storage through Azurite).
 * Process A (`brevdue start` with `workers.inProcess: false`) serves the API only: a document is
 * uploaded and a shipment made there. Process B (`brevdue start`, workers on) is the only one
 * that sends and archives, so every letter that ends final was sent by B. B's API then hands out
 * the document and the archive record's documents byte for byte, and neither data dir holds the
 * document's bytes: they live in the object store alone.
 *
 * Both processes are children of this test and reached over HTTP only, with the config's
 * bootstrap token; the test touches no database and no data dir but to look into it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';
import { PDFDocument, PDFName, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sandbox from '@brevdue/plugin-sandbox';
import type { ShipmentView } from '@brevdue/shared/api';
import type { RunningSimulator } from '@brevdue/shared/sdk';
import type { BlobStoreConfigInput } from '../../platform/src/blob/blob-store-config.ts';
import { INLINE_MAX_BYTES } from '../../platform/src/blob/inline-blob-store.ts';
import { listS3Keys, startAzurite, startS3rver } from '../../platform/test/blob/object-store-servers.ts';
import { pdfText } from '../../platform/test/pdf-text.ts';
import { type BrevdueProcess, startBrevdueProcess } from '../support/brevdue-process.ts';
import { createTestDatabase } from '../support/database.ts';
import { freePort, waitFor } from '../support/platform.ts';

const CPR = '0101904321'; // registered in the sandbox: digital post
const FINAL = ['delivered_digital', 'delivered_print', 'failed'];

/** An object store the test started, as the platform's config and a client of the test's own see it. */
interface SharedObjectStore {
  blobStore: BlobStoreConfigInput;
  /** The secrets' variables the config names, passed to both processes. */
  env: Record<string, string>;
  /** Blob keys under the config's prefix, listed by a client that is not the platform's. */
  keys(): Promise<string[]>;
  stop(): Promise<void>;
}

interface ArchiveDocument {
  id: string;
  role: string;
  mediaType: string;
  bytes: number;
  sha256: string;
  href: string | null;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * A valid PDF of about 300 KB, well over the inline limit, whose filler is random hex text: no
 * other file holds it by chance, and it can spell no PDF keyword the intake would refuse.
 */
async function largePdf(): Promise<{ pdf: Buffer; marker: Buffer }> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage([595, 842]).drawText('Brev fra to processer', { x: 60, y: 760, size: 12, font });
  const filler = Buffer.from(randomBytes(150_000).toString('hex'), 'latin1');
  doc.catalog.set(PDFName.of('BrevdueFiller'), doc.context.register(doc.context.stream(filler)));
  const pdf = Buffer.from(await doc.save({ useObjectStreams: false }));
  return { pdf, marker: filler.subarray(100_000, 104_096) };
}

/** Every file under `dir` (recursively) whose name is `sha` or whose bytes hold `marker`. */
function filesHolding(dir: string, sha: string, marker: Buffer): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    if (entry.name.includes(sha) || readFileSync(path).includes(marker)) found.push(path);
  }
  return found;
}

function describeTwoProcesses(storeName: string, startStore: () => Promise<SharedObjectStore>): void {
  describe(`two platform processes sharing only PostgreSQL and ${storeName}`, () => {
    let store: SharedObjectStore;
    let sim: RunningSimulator;
    let runDir: string;
    const processes: BrevdueProcess[] = [];
    const token = randomBytes(24).toString('hex');
    const nodes = {} as Record<'a' | 'b', { url: string; dataDir: string; configFile: string }>;

    const api = (node: 'a' | 'b', path: string, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${token}`);
      if (typeof init.body === 'string') headers.set('content-type', 'application/json');
      return fetch(`${nodes[node].url}${path}`, { ...init, headers });
    };
    /** A failed wait, told with what the processes wrote. */
    const withOutput = (e: Error): never => {
      throw new Error(
        `${e.message}\n${processes
          .flatMap((p) => p.output)
          .join('')
          .slice(-4000)}`,
      );
    };

    /** `brevdue start` on the node's config, up once its API answers. */
    async function start(node: 'a' | 'b'): Promise<BrevdueProcess> {
      const proc = startBrevdueProcess(nodes[node].configFile, 'start');
      processes.push(proc);
      await waitFor(
        async () => {
          if (proc.child.exitCode !== null) throw new Error(`brevdue start (${node}) exited: ${proc.output.join('')}`);
          return (await fetch(`${nodes[node].url}/health`).catch(() => undefined))?.ok;
        },
        `process ${node.toUpperCase()} to start`,
        60_000,
      );
      return proc;
    }

    beforeAll(async () => {
      store = await startStore();
      // The processes read the secrets from their environment, as a deployment would.
      Object.assign(process.env, store.env);
      runDir = mkdtempSync(join(tmpdir(), 'brevdue-two-processes-'));
      // The provider's simulator stands for the remote: its state is neither process's.
      sim = await sandbox.simulator!.start({ port: 0, host: '127.0.0.1', dataDir: join(runDir, 'sandbox-sim'), settings: {} });
      const databaseUrl = await createTestDatabase('twoproc');
      for (const node of ['a', 'b'] as const) {
        const port = await freePort();
        const dataDir = join(runDir, `data-${node}`);
        const configFile = join(runDir, `${node}.config.json`);
        nodes[node] = { url: `http://127.0.0.1:${port}`, dataDir, configFile };
        // One config for all but the data dir, the port and whether this process runs workers.
        writeFileSync(
          configFile,
          JSON.stringify({
            databaseUrl,
            dataDir,
            port,
            host: '127.0.0.1',
            publicUrl: `http://127.0.0.1:${port}`,
            bootstrapToken: token,
            blobStore: store.blobStore,
            plugins: [{ package: '@brevdue/plugin-sandbox', config: { url: sim.url } }],
            routing: [{ recipientTypes: ['CPR', 'CVR'], channels: ['digital', 'print', 'sms'], provider: 'sandbox' }],
            workers: { inProcess: node === 'b', concurrency: 8, pollIntervalSeconds: 1 },
            queue: { expireInSeconds: 10, maintenanceIntervalSeconds: 2 },
          }),
        );
      }
      // A first: it makes the schema; B then finds it made.
      await start('a');
      await start('b');
    }, 120_000);

    afterAll(async () => {
      for (const p of processes) await p.kill();
      for (const name of Object.keys(store?.env ?? {})) delete process.env[name];
      await sim?.close();
      await store?.stop();
      if (runDir) rmSync(runDir, { recursive: true, force: true });
    });

    it('a document uploaded on A is sent and archived by B, read back through B, and kept only in the object store', async () => {
      const { pdf, marker } = await largePdf();
      expect(pdf.length).toBeGreaterThan(INLINE_MAX_BYTES);
      const sha = sha256(pdf);

      const upload = await api('a', '/v1/documents', {
        method: 'POST',
        body: new Uint8Array(pdf),
        headers: { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="to-processer.pdf"` },
      });
      expect(upload.status, await upload.clone().text()).toBe(201);
      const documentId = ((await upload.json()) as { id: string }).id;
      expect(await store.keys()).toContain(sha);

      const created = await api('a', '/v1/shipments', {
        method: 'POST',
        body: JSON.stringify({
          subject: 'Brev sendt af en anden proces',
          mainDocument: documentId,
          recipients: [{ idType: 'CPR', id: CPR, name: 'Jens Hansen' }],
        }),
      });
      expect(created.status, await created.clone().text()).toBe(201);
      const shipmentId = ((await created.json()) as { id: string }).id;

      // A runs no workers: the letter reaching a final status is B's doing.
      const shipment = await waitFor(
        async () => {
          const s = (await (await api('b', `/v1/shipments/${shipmentId}`)).json()) as ShipmentView;
          return s.letters.every((l) => FINAL.includes(l.status)) ? s : undefined;
        },
        'B to send the letter',
        45_000,
      ).catch(withOutput);
      expect(shipment.letters.map((l) => l.status)).toEqual(['delivered_digital']);
      // The provider was handed the whole document, which B read from the object store (the
      // simulator checks the bytes it got against the hash it was told).
      const sent = (await (await fetch(`${sim.url}/messages?reference=${shipment.letters[0]!.id}`)).json()) as {
        messages: { documents: { sha256: string; bytes: number }[] }[];
      };
      expect(sent.messages.flatMap((m) => m.documents)).toContainEqual(expect.objectContaining({ sha256: sha, bytes: pdf.length }));

      // The document, through B's API.
      const content = await api('b', `/v1/documents/${documentId}/content`);
      expect(content.status).toBe(200);
      expect(Buffer.from(await content.arrayBuffer()).equals(pdf)).toBe(true);

      // The archive record B's archiving worker made: the letter is the document, byte for byte.
      const record = await waitFor(
        async () => {
          const page = (await (await api('b', `/v1/archive/records?party=${CPR}`)).json()) as {
            items: { letterId: string | null; documents: ArchiveDocument[] }[];
          };
          return page.items.find((r) => r.letterId === shipment.letters[0]!.id);
        },
        'B to archive the letter',
        45_000,
      ).catch(withOutput);
      const roles = record.documents.map((d) => d.role);
      expect(roles).toContain('letter');
      expect(roles).toContain('receipt');
      for (const d of record.documents) {
        const res = await api('b', d.href!);
        expect(res.status, d.role).toBe(200);
        const bytes = Buffer.from(await res.arrayBuffer());
        expect(sha256(bytes), d.role).toBe(d.sha256);
        if (d.role === 'letter') expect(bytes.equals(pdf)).toBe(true);
        if (d.role === 'receipt') expect(await pdfText(bytes)).toContain(sha);
      }
      // A, which sent nothing, reads the same record's letter from the same store.
      const letter = record.documents.find((d) => d.role === 'letter')!;
      expect(Buffer.from(await (await api('a', letter.href!)).arrayBuffer()).equals(pdf)).toBe(true);

      // The bytes live in the object store only: once, under their hash, and in no data dir.
      expect((await store.keys()).filter((k) => k === sha)).toHaveLength(1);
      for (const node of ['a', 'b'] as const) expect(filesHolding(nodes[node].dataDir, sha, marker), node).toEqual([]);
    }, 60_000);
  });
}

describeTwoProcesses('S3 (s3rver)', async () => {
  const s3 = await startS3rver('brevdue');
  return {
    blobStore: {
      kind: 's3',
      bucket: s3.bucket,
      endpoint: s3.endpoint,
      forcePathStyle: true,
      prefix: 'blobs/',
      accessKeyIdEnv: 'BREVDUE_E2E_S3_ACCESS_KEY',
      secretAccessKeyEnv: 'BREVDUE_E2E_S3_SECRET_KEY',
    },
    env: { BREVDUE_E2E_S3_ACCESS_KEY: s3.accessKeyId, BREVDUE_E2E_S3_SECRET_KEY: s3.secretAccessKey },
    keys: () => listS3Keys(s3, 'blobs/'),
    stop: s3.stop,
  };
});

describeTwoProcesses('Azure Blob Storage (Azurite)', async () => {
  const azurite = await startAzurite();
  const container = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient('brevdue');
  await container.createIfNotExists();
  return {
    blobStore: { kind: 'azure', container: 'brevdue', prefix: 'blobs/', connectionStringEnv: 'BREVDUE_E2E_AZURE_CONNECTION' },
    env: { BREVDUE_E2E_AZURE_CONNECTION: azurite.connectionString },
    async keys() {
      const out: string[] = [];
      for await (const b of container.listBlobsFlat({ prefix: 'blobs/' })) out.push(b.name.slice('blobs/'.length));
      return out;
    },
    stop: azurite.stop,
  };
});
