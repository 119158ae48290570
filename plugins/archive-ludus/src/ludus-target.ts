/**
 * @module
 * The LUDUS drop target. Per student CPR a folder; in it one folder per record with the letter
 * PDF, the receipt PDF (and any other documents) and `metadata.json`. Written to a folder or to
 * an SFTP server (see `DropStore`).
 *
 * Atomic and idempotent: a record is written into a staging folder inside the drop (same file
 * system), and then the whole folder is renamed into place in one step. So the import never
 * sees a half export, and a retry that finds the record folder already there reports
 * `alreadyExported` without writing. Leftovers of crashed attempts are removed once they are an
 * hour old (the import ignores the dot folder meanwhile).
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ArchiveError, PluginConfigError } from '@brevdue/shared/sdk';
import type { ArchiveExportItem, ArchiveTarget, ExportResult, PluginContext } from '@brevdue/shared/sdk';
import type { LudusConfig } from './config.ts';
import type { DropSession, DropStore } from './drop-store.ts';
import { folderStore } from './folder-store.ts';
import { LUDUS_FORMAT_VERSION, STAGING_DIR, ludusFileName, recordFolderName, type LudusMetadata } from './ludus-metadata.ts';
import { messages } from './messages.ts';
import { sftpStore } from './sftp-store.ts';

/** Test seams: fault injection between the steps of an export. Not part of the config. */
export interface LudusHooks {
  /** Called after each file is written to the staging folder. */
  afterWrite?(file: string): Promise<void>;
}

const SWEEP_EVERY_MS = 10 * 60_000;
const STALE_AFTER_MS = 60 * 60_000;
const EXT_BY_TYPE: Record<string, string> = {
  'application/pdf': '.pdf',
  'application/xml': '.xml',
  'text/xml': '.xml',
  'application/json': '.json',
};

async function openStore(config: LudusConfig, ctx: PluginContext): Promise<DropStore> {
  if (config.sftp) return sftpStore(config.sftp);
  // Relative paths are taken from the working directory, like the platform's own `dataDir`.
  const dropDir = resolve(config.dropDir!);
  if (config.createDropDir) await mkdir(dropDir, { recursive: true });
  try {
    await access(dropDir, constants.W_OK);
    if (!(await stat(dropDir)).isDirectory()) throw new Error('not a directory');
  } catch {
    throw new PluginConfigError(ctx.name, 'dropDir', messages.dropDirMissing(dropDir));
  }
  return folderStore(dropDir);
}

function metadataOf(item: ArchiveExportItem, documents: LudusMetadata['documents'], now: Date): LudusMetadata {
  return {
    format: 'brevdue-ludus-export',
    version: LUDUS_FORMAT_VERSION,
    recordId: item.recordId,
    exportedAt: now.toISOString(),
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
}

/**
 * Creates the target. A folder drop is checked now; an SFTP drop is reached per export.
 * @throws PluginConfigError when `dropDir` is missing or not writable.
 */
export async function createLudusTarget(config: LudusConfig, ctx: PluginContext, hooks: LudusHooks = {}): Promise<ArchiveTarget> {
  const store = await openStore(config, ctx);
  const log = ctx.logger.child({ plugin: ctx.name });
  let lastSweep = 0;

  // Only old staging folders: a young one may belong to an export running right now elsewhere.
  async function sweep(s: DropSession): Promise<void> {
    const now = ctx.clock.now().getTime();
    if (now - lastSweep < SWEEP_EVERY_MS) return;
    lastSweep = now;
    for (const e of await s.list(STAGING_DIR)) if (now - e.mtimeMs > STALE_AFTER_MS) await s.rmrf(`${STAGING_DIR}/${e.name}`);
  }

  async function write(s: DropSession, item: ArchiveExportItem, studentDir: string, finalDir: string): Promise<boolean> {
    if (await s.exists(finalDir)) return true;
    await s.mkdirp(STAGING_DIR);
    await sweep(s);
    const work = `${STAGING_DIR}/${item.recordId}.${randomBytes(4).toString('hex')}`;
    await s.mkdirp(work);
    const seen = new Map<string, number>();
    const documents: LudusMetadata['documents'] = [];
    for (const doc of item.documents) {
      const n = (seen.get(doc.role) ?? 0) + 1;
      seen.set(doc.role, n);
      const ext = /\.[A-Za-z0-9]{1,8}$/.exec(doc.filename)?.[0].toLowerCase() ?? EXT_BY_TYPE[doc.mediaType] ?? '.bin';
      const file = ludusFileName(doc.role, n, ext);
      await s.writeFile(`${work}/${file}`, await doc.read());
      await hooks.afterWrite?.(file);
      documents.push({
        role: doc.role,
        file,
        originalFilename: doc.filename,
        mediaType: doc.mediaType,
        sha256: doc.sha256,
        bytes: doc.bytes,
      });
    }
    // metadata.json last: its presence in a folder means the folder is complete.
    await s.writeFile(`${work}/metadata.json`, `${JSON.stringify(metadataOf(item, documents, ctx.clock.now()), null, 2)}\n`);
    await hooks.afterWrite?.('metadata.json');
    await s.syncDir(work);
    await s.mkdirp(studentDir);
    try {
      await s.rename(work, finalDir);
    } catch (e) {
      // Another attempt renamed the same record into place first: that copy stands.
      if (await s.exists(finalDir).catch(() => false)) {
        await s.rmrf(work);
        return true;
      }
      throw e;
    }
    return false;
  }

  return {
    // Pupils only: a letter to a company or a parent's employer is never queued for LUDUS.
    partyTypes: ['CPR'],
    async export(item: ArchiveExportItem): Promise<ExportResult> {
      if (item.party.idType !== 'CPR') throw new ArchiveError('permanent', 'UNSUPPORTED_PARTY', messages.onlyCpr(item.party.idType));
      if (!item.documents.some((d) => d.role === 'letter')) throw new ArchiveError('permanent', 'NO_LETTER', messages.noLetter);
      const studentDir = item.party.id;
      const folder = recordFolderName(item.occurredAt, item.recordId);
      const finalDir = `${studentDir}/${folder}`;
      let session: DropSession | undefined;
      try {
        session = await store.session();
        const already = await write(session, item, studentDir, finalDir);
        if (!already) log.info({ recordId: item.recordId, files: item.documents.length + 1 }, 'exported to LUDUS drop');
        return { externalId: finalDir, externalCaseId: item.party.id, alreadyExported: already };
      } catch (err) {
        throw store.classify(err);
      } finally {
        await session?.end();
      }
    },
  };
}
