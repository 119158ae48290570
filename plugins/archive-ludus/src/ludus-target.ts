/**
 * @module
 * The LUDUS folder-drop target. Per student CPR a folder; in it one folder per record with the
 * letter PDF, the receipt PDF (and any other documents) and `metadata.json`.
 *
 * Atomic and idempotent: a record is written into a staging folder inside `dropDir` (same file
 * system), every file flushed to disk, and then the whole folder renamed into place in one step.
 * So the import never sees a half export, and a retry that finds the record folder already
 * there reports `alreadyExported` without writing. Leftovers of a crashed attempt are removed
 * once they are an hour old (the import ignores the dot folder meanwhile).
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ArchiveError, PluginConfigError } from '@brevdue/shared/sdk';
import type { ArchiveExportItem, ArchiveTarget, ExportResult, PluginContext } from '@brevdue/shared/sdk';
import type { LudusConfig } from './config.ts';
import { LUDUS_FORMAT_VERSION, STAGING_DIR, ludusFileName, recordFolderName, type LudusMetadata } from './ludus-metadata.ts';
import { messages } from './messages.ts';

/** Test seams: fault injection between the steps of an export. Not part of the config. */
export interface LudusHooks {
  /** Called after each file is written to the staging folder. */
  afterWrite?(file: string): Promise<void>;
}

const SWEEP_EVERY_MS = 10 * 60_000;
const STALE_AFTER_MS = 60 * 60_000;
const TRANSIENT = new Set(['ENOSPC', 'EBUSY', 'EAGAIN', 'EIO', 'EMFILE', 'ENFILE', 'ETIMEDOUT', 'ECONNRESET', 'ESTALE', 'EINTR']);
const EXT_BY_TYPE: Record<string, string> = { 'application/pdf': '.pdf', 'application/xml': '.xml', 'text/xml': '.xml', 'application/json': '.json' };

function fsError(err: unknown): ArchiveError {
  if (err instanceof ArchiveError) return err;
  const code = (err as NodeJS.ErrnoException)?.code ?? 'UNKNOWN';
  return TRANSIENT.has(code)
    ? new ArchiveError('transient', `FS_${code}`, messages.transientFs(code), { cause: err })
    : new ArchiveError('permanent', `FS_${code}`, messages.permanentFs(code), { cause: err });
}

async function writeDurably(path: string, data: Buffer | string): Promise<void> {
  const fh = await open(path, 'wx');
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    (e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? false : Promise.reject(e)),
  );
}

/**
 * Creates the target, checking that `dropDir` is usable.
 * @throws PluginConfigError when `dropDir` is missing or not writable.
 */
export async function createLudusTarget(config: LudusConfig, ctx: PluginContext, hooks: LudusHooks = {}): Promise<ArchiveTarget> {
  // Relative paths are taken from the working directory, like the platform's own `dataDir`.
  const dropDir = resolve(config.dropDir);
  if (config.createDropDir) await mkdir(dropDir, { recursive: true });
  try {
    await access(dropDir, constants.W_OK);
    if (!(await stat(dropDir)).isDirectory()) throw new Error('not a directory');
  } catch {
    throw new PluginConfigError(ctx.name, 'dropDir', messages.dropDirMissing(dropDir));
  }
  const staging = join(dropDir, STAGING_DIR);
  const log = ctx.logger.child({ plugin: ctx.name });
  let lastSweep = 0;
  // Leftovers of attempts that crashed before their rename. Only old ones: a young staging
  // folder may belong to an export running right now in another process.
  async function sweep(force: boolean): Promise<void> {
    const now = ctx.clock.now().getTime();
    if (!force && now - lastSweep < SWEEP_EVERY_MS) return;
    lastSweep = now;
    for (const name of await readdir(staging).catch(() => [] as string[])) {
      const st = await stat(join(staging, name)).catch(() => undefined);
      if (st && now - st.mtimeMs > STALE_AFTER_MS) await rm(join(staging, name), { recursive: true, force: true });
    }
  }
  await sweep(true);

  return {
    async export(item: ArchiveExportItem): Promise<ExportResult> {
      if (item.party.idType !== 'CPR') throw new ArchiveError('permanent', 'UNSUPPORTED_PARTY', messages.onlyCpr(item.party.idType));
      if (!item.documents.some((d) => d.role === 'letter')) throw new ArchiveError('permanent', 'NO_LETTER', messages.noLetter);
      const studentDir = join(dropDir, item.party.id);
      const folder = recordFolderName(item.occurredAt, item.recordId);
      const finalDir = join(studentDir, folder);
      const result = (alreadyExported: boolean): ExportResult => ({ externalId: `${item.party.id}/${folder}`, externalCaseId: item.party.id, alreadyExported });
      try {
        if (await exists(finalDir)) return result(true);
        await mkdir(staging, { recursive: true });
        await sweep(false);
        const work = join(staging, `${item.recordId}.${randomBytes(4).toString('hex')}`);
        await mkdir(work);
        const seen = new Map<string, number>();
        const documents: LudusMetadata['documents'] = [];
        for (const doc of item.documents) {
          const n = (seen.get(doc.role) ?? 0) + 1;
          seen.set(doc.role, n);
          const ext = /\.[A-Za-z0-9]{1,8}$/.exec(doc.filename)?.[0].toLowerCase() ?? EXT_BY_TYPE[doc.mediaType] ?? '.bin';
          const file = ludusFileName(doc.role, n, ext);
          await writeDurably(join(work, file), await doc.read());
          await hooks.afterWrite?.(file);
          documents.push({ role: doc.role, file, originalFilename: doc.filename, mediaType: doc.mediaType, sha256: doc.sha256, bytes: doc.bytes });
        }
        const metadata: LudusMetadata = {
          format: 'brevdue-ludus-export',
          version: LUDUS_FORMAT_VERSION,
          recordId: item.recordId,
          exportedAt: ctx.clock.now().toISOString(),
          organisation: item.organisation,
          student: { cpr: item.party.id, name: item.party.name },
          direction: item.direction,
          letterId: item.letterId,
          subject: item.subject,
          occurredAt: item.occurredAt.toISOString(),
          channel: item.channel,
          provider: item.provider,
          providerMessageId: item.providerMessageId,
          status: item.status,
          documents,
        };
        // metadata.json last: its presence in a folder means the folder is complete.
        await writeDurably(join(work, 'metadata.json'), `${JSON.stringify(metadata, null, 2)}\n`);
        await hooks.afterWrite?.('metadata.json');
        const dh = await open(work, 'r');
        await dh.sync().finally(() => dh.close());
        await mkdir(studentDir, { recursive: true });
        try {
          await rename(work, finalDir);
        } catch (e) {
          // Another process renamed the same record into place first: that copy stands.
          const code = (e as NodeJS.ErrnoException).code;
          if (code === 'ENOTEMPTY' || code === 'EEXIST') {
            await rm(work, { recursive: true, force: true });
            return result(true);
          }
          throw e;
        }
        log.info({ recordId: item.recordId, files: documents.length }, 'exported to LUDUS drop folder');
        return result(false);
      } catch (err) {
        throw fsError(err);
      }
    },
  };
}
