/**
 * @module
 * The print-sftp provider: `send` checks the letter and puts it in the spool; batches are
 * dropped on the vendor's SFTP server when due (full, waited long enough, a drop time) by
 * whichever process gets there first; `poll` reads the vendor's return files.
 */
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ProviderError } from '@brevdue/shared/sdk';
import type { LookupResult, OutgoingLetter, PluginContext, PolledLetter, Provider, SendResult, StatusUpdate } from '@brevdue/shared/sdk';
import { isBatchDue } from './batch-due.ts';
import type { PrintSftpConfig } from './config.ts';
import { DropSpool, type OpenBatch, type SpoolAnswer } from './drop-spool.ts';
import { indexValidator } from './index-file.ts';
import { letterPdf } from './letter-pdf.ts';
import { letterRecord } from './letter-record.ts';
import { messagesFor } from './messages.ts';
import { readReturnStatuses } from './read-return-statuses.ts';
import { classifySftpError, connectSftp } from './sftp-connection.ts';
import { batchName, buildBatchFiles, isDropped, uploadBatch } from './upload-batch.ts';
import type { VendorProfile } from './vendor-profile.ts';

/** Media type of the wire record `send` hands back: the letter's index entry and its file's SHA-256. */
export const LETTER_MEDIA_TYPE = 'application/vnd.brevdue.print-sftp.letter+json';

/** The provider, with what the platform and tests may use beyond the SDK contract. */
export interface PrintSftpProvider extends Provider {
  /** Drops the batches that are due now (with `force`, everything waiting). Resolves with the number of letters dropped. */
  flush(options?: { force?: boolean }): Promise<number>;
  /** The profile's envelope windows and what to do with a letter that fails the window check. */
  readonly printProfile: { window: VendorProfile['window']; preflight: VendorProfile['preflight'] };
}

const FLUSH_LOCK = 'print-sftp:flush';

/** Writes a file and fsyncs it, so a spooled letter survives a power cut. */
async function writeDurable(path: string, body: Buffer): Promise<void> {
  const fh = await open(path, 'w');
  try {
    await fh.writeFile(body);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * Creates the provider (the plugin's `create`).
 * @example const provider = createPrintSftpProvider(printSftpConfigSchema.parse(cfg), context);
 * @throws Error naming `profile.index.xml.schemaFile` when the vendor's XSD cannot be compiled.
 */
export async function createPrintSftpProvider(config: PrintSftpConfig, context: PluginContext): Promise<PrintSftpProvider> {
  const t = messagesFor(config.language);
  const profile = config.profile;
  const spool = new DropSpool(context.state);
  const spoolDir = join(context.dataDir, 'print-spool');
  await mkdir(spoolDir, { recursive: true });
  const validator = indexValidator(profile);
  const log = context.logger.child({ plugin: context.name });
  const spoolFile = (messageId: string) => join(spoolDir, `${messageId}.pdf`);

  async function readSpooled(batch: OpenBatch, messageId: string): Promise<Buffer> {
    try {
      return await readFile(spoolFile(messageId));
    } catch (e) {
      // Another machine spooled it (no shared data folder): the unchanged document is in the platform's blobs.
      const sha = batch.letters.find((l) => l.record.messageId === messageId)?.blobSha256;
      if (sha) return context.blobs.read(sha);
      throw e;
    }
  }

  async function drop(batch: OpenBatch): Promise<void> {
    const conn = await connectSftp(config.sftp, t);
    try {
      if (!(await isDropped(conn, config.sftp.dropDir, profile, batch))) {
        const files = await buildBatchFiles(profile, batch, (id) => readSpooled(batch, id));
        const index = files.files.find((f) => f.name === profile.index.fileName)!;
        const check = validator?.validate(index.body);
        if (check && !check.valid)
          throw new ProviderError('permanent', 'INDEX_INVALID', t.indexInvalid(check.errors[0]?.message.slice(0, 200) ?? '?'));
        await uploadBatch(conn, config.sftp.dropDir, profile, batch, files);
        log.info({ batchId: batch.batchId, name: batch.name, letters: batch.letters.length }, 'print batch dropped');
      } else log.info({ batchId: batch.batchId, name: batch.name }, 'print batch found already dropped after a crash; not uploaded again');
    } catch (e) {
      throw classifySftpError(e, t);
    } finally {
      await conn.end();
    }
    const at = context.clock.now();
    await spool.closeBatch(batch, at);
    for (const l of batch.letters) {
      await rm(spoolFile(l.record.messageId), { force: true });
      const raw = {
        mediaType: 'application/json',
        body: Buffer.from(JSON.stringify({ batchId: batch.batchId, batch: batch.name, file: l.record.file, sha256: l.record.sha256 })),
      };
      await context
        .reportStatus({ letterId: l.record.letterId, providerMessageId: l.record.messageId, event: 'dropped', at, raw })
        .catch((err: unknown) => {
          log.warn({ err, letterId: l.record.letterId }, 'could not record the drop event');
        });
    }
  }

  async function flush(force = false): Promise<number> {
    return context.state.withLock(FLUSH_LOCK, async () => {
      let dropped = 0;
      const left = await spool.openBatch();
      if (left) {
        await drop(left);
        dropped += left.letters.length;
      }
      for (;;) {
        const pending = await spool.pending();
        const now = context.clock.now();
        const oldest = pending[0] ? new Date(pending[0].spooledAt) : undefined;
        if (
          !(force
            ? pending.length > 0
            : isBatchDue(profile, { pending: pending.length, oldest, lastDropAt: await spool.lastDropAt(), now }))
        )
          return dropped;
        const batch = await spool.openNew(profile.batch.maxLetters, (id, at) => batchName(profile, id, at), now);
        if (!batch) return dropped;
        await drop(batch);
        dropped += batch.letters.length;
      }
    });
  }

  const flushQuietly = () =>
    flush().catch((err: unknown) => {
      log.warn(
        { err: err instanceof Error ? { code: (err as ProviderError).code, message: err.message } : err },
        'print batch not dropped yet; will retry',
      );
      return 0;
    });
  const timer = setInterval(() => void flushQuietly(), config.checkIntervalSeconds * 1000);
  timer.unref();
  const returns = readReturnStatuses(config, profile, context.state, t);

  return {
    printProfile: { window: profile.window, preflight: profile.preflight },
    // The platform checks page 1 against the window of the envelope the letter fills before it
    // reaches this provider: C5 up to `c5MaxSheets` sheets, C4 beyond (as letterRecord decides).
    printPreflight: {
      window: profile.window.C5,
      windowFor: (sheets: number) => (sheets <= profile.c5MaxSheets ? profile.window.C5 : profile.window.C4),
      onFail: profile.preflight,
    },
    flush: (o) => flush(o?.force ?? false),

    async lookup(): Promise<LookupResult> {
      // A print vendor knows nothing of digital post; the channel policy asks the digital provider.
      return { registration: 'not_registered', warnings: [t.lookupWarning] };
    },

    async send(letter: OutgoingLetter): Promise<SendResult> {
      if (letter.channel !== 'print') throw new ProviderError('permanent', 'NOT_PRINT', t.notPrintChannel(letter.channel));
      const known = await spool.answerFor(letter.messageId);
      if (known) return { providerMessageId: letter.messageId, status: 'submitted', duplicate: true, channel: 'print', ...known };
      if (!letter.recipient.address) throw new ProviderError('permanent', 'NO_ADDRESS', t.noAddress);
      const pdf = await letterPdf(letter, t);
      const record = letterRecord(profile, letter, { pages: pdf.pages, sha256: pdf.sha256, bytes: pdf.body.length });
      await writeDurable(spoolFile(letter.messageId), pdf.body);
      const spooledAt = context.clock.now().toISOString();
      const wire = Buffer.from(JSON.stringify({ vendor: profile.vendor, ...record }));
      const receipt = Buffer.from(JSON.stringify({ spooled: true, messageId: letter.messageId, at: spooledAt, vendor: profile.vendor }));
      const answer: SpoolAnswer = {
        wire: { mediaType: LETTER_MEDIA_TYPE, body: wire.toString('base64') },
        receipt: { mediaType: 'application/json', body: receipt.toString('base64') },
      };
      const r = await spool.add({ record, spooledAt, ...(pdf.blobSha256 ? { blobSha256: pdf.blobSha256 } : {}) }, answer);
      if (!r.added) {
        const first = (await spool.answerFor(letter.messageId))!;
        return { providerMessageId: letter.messageId, status: 'submitted', duplicate: true, channel: 'print', ...first };
      }
      // A full batch goes at once; otherwise the timer or the next poll drops it when due.
      if (r.pending >= profile.batch.maxLetters) await flushQuietly();
      return {
        providerMessageId: letter.messageId,
        status: 'submitted',
        duplicate: false,
        channel: 'print',
        wire: { mediaType: LETTER_MEDIA_TYPE, body: wire },
        receipt: { mediaType: 'application/json', body: receipt },
      };
    },

    async poll(letters: PolledLetter[]): Promise<StatusUpdate[]> {
      await flushQuietly();
      return returns(letters);
    },

    async close() {
      clearInterval(timer);
      // Let a drop in progress finish: it holds the flush lock.
      await context.state.withLock(FLUSH_LOCK, async () => undefined);
      validator?.close();
    },
  };
}
