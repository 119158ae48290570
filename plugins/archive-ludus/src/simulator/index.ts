/**
 * @module
 * The LUDUS side of the folder drop: a small HTTP service over the drop folder that lists what
 * an import would find and checks every record folder against the documented format
 * (metadata valid, every file present with the SHA-256 the metadata states, no stray files).
 * Staging folders (starting with a dot) are ignored, as the import must ignore them.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { z } from 'zod';
import type { RunningSimulator, Simulator, SimulatorOptions } from '@brevdue/shared/sdk';
import { ludusMetadataSchema } from '../ludus-metadata.ts';
import { hostKeyFingerprint } from '../sftp-store.ts';
import { startSftpServer } from './sftp-server.ts';

export const ludusSimulatorSettingsSchema = z.object({
  /** The drop folder; defaults to `<dataDir>/ludus-drop`. */
  dropDir: z.string().optional(),
  /** Also serve the drop folder over SFTP (root "/" is the drop folder). */
  sftp: z
    .object({
      port: z.number().int().min(0).max(65535).default(0),
      username: z.string().default('ludus'),
      password: z.string().default('ludus-sim'),
    })
    .optional(),
});

/** One record folder as the import sees it. */
export interface LudusScannedRecord {
  cpr: string;
  folder: string;
  recordId?: string;
  files: Array<{ role: string; file: string }>;
  problems: string[];
}

/** Reads the drop folder as LUDUS' import would. */
export async function scanDropDir(dropDir: string): Promise<LudusScannedRecord[]> {
  const out: LudusScannedRecord[] = [];
  for (const cpr of (await readdir(dropDir, { withFileTypes: true })).filter((d) => d.isDirectory() && !d.name.startsWith('.'))) {
    for (const rec of (await readdir(join(dropDir, cpr.name), { withFileTypes: true })).filter((d) => d.isDirectory())) {
      const dir = join(dropDir, cpr.name, rec.name);
      const r: LudusScannedRecord = { cpr: cpr.name, folder: rec.name, files: [], problems: [] };
      out.push(r);
      if (!/^\d{10}$/.test(cpr.name)) r.problems.push('student folder is not a 10-digit CPR');
      let meta;
      try {
        meta = ludusMetadataSchema.parse(JSON.parse(await readFile(join(dir, 'metadata.json'), 'utf8')));
      } catch (e) {
        r.problems.push(`metadata.json missing or invalid: ${(e as Error).message.slice(0, 200)}`);
        continue;
      }
      r.recordId = meta.recordId;
      if (meta.student.cpr !== cpr.name) r.problems.push('metadata student.cpr differs from the folder');
      if (!rec.name.endsWith(`_${meta.recordId}`)) r.problems.push('folder name does not end in the record id');
      const present = new Set(await readdir(dir));
      for (const d of meta.documents) {
        if (!present.has(d.file)) r.problems.push(`${d.file} missing`);
        else if (
          createHash('sha256')
            .update(await readFile(join(dir, d.file)))
            .digest('hex') !== d.sha256
        )
          r.problems.push(`${d.file} SHA-256 differs from metadata`);
        else r.files.push({ role: d.role, file: d.file });
        present.delete(d.file);
      }
      present.delete('metadata.json');
      for (const stray of present) r.problems.push(`unexpected file ${stray}`);
      if (!meta.documents.some((d) => d.role === 'letter')) r.problems.push('no letter');
    }
  }
  return out;
}

/**
 * Starts the simulator; `info.dropDir` is the folder to configure as the target's `dropDir`.
 * @example const sim = await ludusSimulator.start({ port: 0, dataDir: '/tmp/ludus' }); // sim.info.dropDir
 */
export const ludusSimulator: Simulator = {
  async start(options: SimulatorOptions): Promise<RunningSimulator> {
    const s = ludusSimulatorSettingsSchema.parse(options.settings ?? {});
    const dropDir = resolve(options.dataDir, s.dropDir ?? 'ludus-drop');
    await mkdir(dropDir, { recursive: true });
    const app = new Hono();
    app.get('/_sim/exports', async (c) => c.json({ exports: await scanDropDir(dropDir) }));
    app.get('/_sim/documents', async (c) =>
      c.json({
        documents: (await scanDropDir(dropDir)).flatMap((r) =>
          r.files.map((f) => ({ cpr: r.cpr, folder: r.folder, recordId: r.recordId, ...f })),
        ),
      }),
    );
    const host = options.host ?? '127.0.0.1';
    const sftp = s.sftp
      ? await startSftpServer({ root: dropDir, ...s.sftp, host, hostKeyFile: join(options.dataDir, 'ssh_host_ed25519_key') })
      : undefined;
    const server = await new Promise<ReturnType<typeof serve>>((res) => {
      const srv = serve({ fetch: app.fetch, port: options.port, hostname: host }, () => res(srv));
    });
    return {
      url: `http://${host}:${(server.address() as AddressInfo).port}`,
      info: {
        dropDir,
        ...(sftp && s.sftp
          ? {
              sftp: {
                host,
                port: sftp.port,
                username: s.sftp.username,
                password: s.sftp.password,
                hostKeySha256: hostKeyFingerprint(sftp.hostKey),
                remoteDir: '/',
              },
            }
          : {}),
      },
      close: async () => {
        await sftp?.close();
        await new Promise<void>((res, rej) => {
          server.close((err) => (err ? rej(err) : res()));
          if ('closeAllConnections' in server) server.closeAllConnections();
        });
      },
    };
  },
};
