/**
 * @module
 * The print-sftp simulator: a print vendor's SFTP server (ssh2) with its own host key, that
 * takes drops, checks them against the vendor profile, writes return files after a delay and
 * injects faults. SFTP listens on `port`; a small HTTP control API (`info.control`) shows what
 * the vendor received and sets faults. Everything it receives stays under `dataDir`.
 */
import { mkdir } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { z } from 'zod';
import type { RunningSimulator, Simulator, SimulatorOptions } from '@brevdue/shared/sdk';
import { printSftpConfigSchema } from '../config.ts';
import { indexValidator } from '../index-file.ts';
import { hostKeyFingerprint } from '../sftp-connection.ts';
import { DEFAULT_SIMULATOR_PROFILE } from './default-profile.ts';
import { startVendorSftp, type SftpFaults } from './sftp-server.ts';
import { VendorInbox } from './vendor-inbox.ts';

const faultsSchema = z
  .object({
    dropConnectionAfterWrites: z.number().int().min(0).optional(),
    diskFull: z.boolean().optional(),
    loseRenameAnswer: z.boolean().optional(),
  })
  .strict();

export const simulatorSettingsSchema = z
  .object({
    /** The vendor profile (object or JSON file path); default: a CSV-index profile. */
    profile: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
    username: z.string().min(1).default('brevdue'),
    /** Password login; set to null to allow public keys only. */
    password: z.string().min(1).nullable().default('print-sim'),
    /** OpenSSH public keys allowed to log in. */
    authorizedKeys: z.array(z.string()).default([]),
    /** Derive the host key from this text, so a config can pin its fingerprint in advance (trials only). */
    hostKeySeed: z.string().min(8).optional(),
    returnDelayMs: z.number().int().min(0).max(600_000).default(1000),
    /** Letters to these postal codes come back as undeliverable. */
    undeliverablePostalCodes: z.array(z.string()).default(['9999']),
    faults: faultsSchema.default({}),
    /** Port of the HTTP control API (0: any free port). */
    controlPort: z.number().int().min(0).max(65535).default(0),
  })
  .strict();

/** What a config needs to reach the simulator, in `RunningSimulator.info`. */
export interface PrintSftpSimulatorInfo {
  sftp: { host: string; port: number; username: string; password?: string; hostKeySha256: string; dropDir: string; returnDir: string };
  /** Base URL of the control API: GET /letters[?messageId=], GET /batches, POST /faults. */
  control: string;
  dataDir: string;
}

async function body(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
}

/**
 * Starts the vendor simulator.
 * @example
 * const profile = 'examples/print-profiles/nordprint-xml.json';
 * const sim = await printSftpSimulator.start({ port: 0, dataDir: '/tmp/print', settings: { profile } });
 * const { sftp } = sim.info as PrintSftpSimulatorInfo; // host, port, hostKeySha256, dropDir, returnDir
 * @throws Error naming the setting when `settings` (or the profile in it) is invalid.
 */
async function start(options: SimulatorOptions): Promise<RunningSimulator> {
  const parsed = simulatorSettingsSchema.safeParse(options.settings ?? {});
  if (!parsed.success)
    throw new Error(`print-sftp simulator settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const s = parsed.data;
  // The profile is read exactly as the plugin reads it; a placeholder server stands in for "sftp".
  const cfg = printSftpConfigSchema.safeParse({
    profile: s.profile ?? DEFAULT_SIMULATOR_PROFILE,
    sftp: { host: 'x', username: 'x', password: 'x', hostKeySha256: `SHA256:${'A'.repeat(43)}`, dropDir: '/in', returnDir: '/out' },
  });
  if (!cfg.success)
    throw new Error(`print-sftp simulator settings: ${cfg.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const profile = cfg.data.profile;
  const root = join(options.dataDir, 'sftp');
  await mkdir(join(root, 'in'), { recursive: true });
  await mkdir(join(root, 'out'), { recursive: true });
  const host = options.host ?? '127.0.0.1';
  const faults: SftpFaults = { ...s.faults };
  const validator = indexValidator(profile);
  const inbox = new VendorInbox({
    profile,
    dropDir: { remote: '/in', local: join(root, 'in') },
    returnDirLocal: join(root, 'out'),
    validator,
    returnDelayMs: s.returnDelayMs,
    undeliverablePostalCodes: s.undeliverablePostalCodes,
  });
  const sftp = await startVendorSftp({
    root,
    host,
    port: options.port,
    username: s.username,
    password: s.password ?? undefined,
    authorizedKeys: s.authorizedKeys,
    hostKeyFile: join(options.dataDir, 'ssh_host_ed25519_key'),
    ...(s.hostKeySeed !== undefined ? { hostKeySeed: s.hostKeySeed } : {}),
    faults,
    onRename: (from, to) => inbox.onRename(from, to),
  });

  const send = (res: ServerResponse, status: number, value: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(value));
  };
  const control = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://sim');
    if (req.method === 'GET' && url.pathname === '/letters') {
      const id = url.searchParams.get('messageId');
      return send(res, 200, { letters: [...inbox.letters.values()].filter((l) => !id || l.messageId === id) });
    }
    if (req.method === 'GET' && url.pathname === '/batches') return send(res, 200, { batches: inbox.batches });
    if (req.method === 'POST' && url.pathname === '/faults') {
      return void body(req).then(
        (b) => {
          const f = faultsSchema.safeParse(b);
          if (!f.success) return send(res, 400, { error: f.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
          Object.assign(faults, f.data);
          send(res, 200, { faults });
        },
        () => send(res, 400, { error: 'body must be JSON' }),
      );
    }
    send(res, 404, { error: 'GET /letters, GET /batches or POST /faults' });
  });
  await new Promise<void>((res) => control.listen(s.controlPort, host, () => res()));
  const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const info: PrintSftpSimulatorInfo = {
    sftp: {
      host: reachable,
      port: sftp.port,
      username: s.username,
      ...(s.password ? { password: s.password } : {}),
      hostKeySha256: hostKeyFingerprint(sftp.hostKey),
      dropDir: '/in',
      returnDir: '/out',
    },
    control: `http://${reachable}:${(control.address() as AddressInfo).port}`,
    dataDir: options.dataDir,
  };
  return {
    url: `sftp://${reachable}:${sftp.port}`,
    info: info as unknown as Record<string, unknown>,
    close: async () => {
      inbox.close();
      await sftp.close();
      await new Promise<void>((res) => {
        control.close(() => res());
        control.closeAllConnections();
      });
      validator?.close();
    },
  };
}

/** The plugin's simulator, as the definition declares it (`brevdue simulate print-sftp`). */
export const printSftpSimulator: Simulator = { start };
