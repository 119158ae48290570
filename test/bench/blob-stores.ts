/**
 * @module
 * Blob store figures: put and get throughput of 1 MB and 100 MB bodies on the local disk, an
 * S3-compatible server (s3rver) and Azure Blob Storage (Azurite), with the peak RSS of the
 * process doing it (bodies are generated chunk by chunk, so a store that streams stays far below
 * the body's size). Each store and size runs in a fresh child process, so each peak is its own;
 * the servers run in processes of their own on this machine, so the figures show the store's
 * client cost and the emulator's speed, not a real remote's.
 *
 * Standalone: `node --import tsx test/bench/blob-stores.ts`; also a module bench (default export).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BlobServiceClient } from '@azure/storage-blob';
import type { BlobStore } from '../../platform/src/blob/blob-store.ts';
import { type BlobStoreConfig, blobStoreConfigSchema } from '../../platform/src/blob/blob-store-config.ts';
import { generatedBody } from '../../platform/test/blob/generated-body.ts';
import { startAzurite, startS3rver } from '../../platform/test/blob/object-store-servers.ts';

type Figure = { name: string; value: number; unit: string; note?: string };
interface Job {
  label: string;
  config: BlobStoreConfig;
  env: Record<string, string>;
  /** Body size in MiB and how many bodies (1 MB: many small puts, 8 at a time). */
  mib: number;
  count: number;
}
interface Result {
  putMBs: number;
  getMBs: number;
  /** RSS once the store's modules were loaded, and the peak after. */
  startRssMB: number;
  peakRssMB: number;
}

const MiB = 1024 * 1024;

async function openStore(config: BlobStoreConfig, dir: string, env: NodeJS.ProcessEnv): Promise<BlobStore> {
  if (config.kind === 's3')
    return (await import('../../platform/src/blob/s3-blob-store.ts')).createS3BlobStore(config, { spoolDir: join(dir, 'spool'), env });
  if (config.kind === 'azure')
    return (await import('../../platform/src/blob/azure-blob-store.ts')).createAzureBlobStore(config, {
      spoolDir: join(dir, 'spool'),
      env,
    });
  return (await import('../../platform/src/blob/local-disk-blob-store.ts')).createLocalDiskBlobStore(dir);
}

/** One store and size, in this (child) process. */
async function runJob(job: Job): Promise<Result> {
  const dir = mkdtempSync(join(tmpdir(), 'blob-bench-'));
  const store = await openStore(job.config, dir, job.env);
  const startRssMB = process.memoryUsage.rss() / MiB;
  const seeds = Array.from({ length: job.count }, (_, i) => i + 1);
  const shas: string[] = [];
  const limit = 8;
  let t = performance.now();
  for (let i = 0; i < seeds.length; i += limit) {
    const group = seeds.slice(i, i + limit);
    shas.push(...(await Promise.all(group.map((s) => store.put(Readable.from(generatedBody(job.mib, s)))))).map((p) => p.sha256));
  }
  const putS = (performance.now() - t) / 1000;
  t = performance.now();
  for (let i = 0; i < shas.length; i += limit) {
    await Promise.all(
      shas.slice(i, i + limit).map(async (sha) => {
        const h = createHash('sha256');
        for await (const c of store.stream(sha)) h.update(c as Buffer);
        if (h.digest('hex') !== sha) throw new Error(`read back other bytes than ${sha}`);
      }),
    );
  }
  const getS = (performance.now() - t) / 1000;
  rmSync(dir, { recursive: true, force: true });
  const mb = (job.mib * MiB * job.count) / 1e6;
  return { putMBs: mb / putS, getMBs: mb / getS, startRssMB, peakRssMB: process.resourceUsage().maxRSS / 1024 };
}

/** Runs every store and size, each in a child process; answers the figures. */
export default async function bench(): Promise<Figure[]> {
  const [s3, azurite] = await Promise.all([startS3rver(), startAzurite()]);
  try {
    await BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient('brevdue').createIfNotExists();
    const stores: Omit<Job, 'mib' | 'count'>[] = [
      { label: 'disk', config: { kind: 'disk' }, env: {} },
      {
        label: 'S3 (s3rver)',
        config: blobStoreConfigSchema.parse({
          kind: 's3',
          bucket: s3.bucket,
          endpoint: s3.endpoint,
          forcePathStyle: true,
          accessKeyIdEnv: 'K',
          secretAccessKeyEnv: 'S',
        }),
        env: { K: s3.accessKeyId, S: s3.secretAccessKey },
      },
      {
        label: 'Azure (Azurite)',
        config: blobStoreConfigSchema.parse({ kind: 'azure', container: 'brevdue' }),
        env: { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString },
      },
    ];
    const figures: Figure[] = [];
    for (const store of stores) {
      for (const [mib, count] of [
        [1, 64],
        [100, 1],
      ] as const) {
        const job: Job = { ...store, mib, count };
        const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', JSON.stringify(job)], {
          encoding: 'utf8',
        });
        const line = child.stdout.split('\n').find((l) => l.startsWith('{'));
        if (child.status !== 0 || !line) throw new Error(`${store.label} ${mib} MiB failed: ${child.stderr}`);
        const r = JSON.parse(line) as Result;
        const what = `${store.label}, ${count} × ${mib} MiB${count > 1 ? ', 8 at a time' : ''}`;
        figures.push(
          { name: `blob put ${what}`, value: Math.round(r.putMBs), unit: 'MB/s' },
          { name: `blob get ${what}`, value: Math.round(r.getMBs), unit: 'MB/s' },
          {
            name: `blob peak RSS ${what}`,
            value: Math.round(r.peakRssMB),
            unit: 'MB',
            note: `whole process; ${Math.round(r.startRssMB)} MB before the first put`,
          },
        );
      }
    }
    return figures;
  } finally {
    await Promise.all([s3.stop(), azurite.stop()]);
  }
}

if (process.argv[2] === '--child') {
  process.stdout.write(`${JSON.stringify(await runJob(JSON.parse(process.argv[3]!) as Job))}\n`);
} else if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const f of await bench())
    console.log(`  ${f.name.padEnd(62)} ${String(f.value).padStart(8)} ${f.unit}${f.note ? `   (${f.note})` : ''}`);
}
