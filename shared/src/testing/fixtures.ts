/**
 * @module
 * Test fixtures for plugin authors: letters and documents held in memory, a plugin context
 * that records what the plugin reported.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ArchiveDocument, ArchiveExportItem } from '../sdk/archive-target.ts';
import type { PluginContext, PluginLogger } from '../sdk/context.ts';
import type { LetterDocument, OutgoingLetter, StatusUpdate } from '../sdk/provider.ts';

/** A minimal valid one-page PDF ("Brevdue test"), for tests that need a real PDF. */
export const MINIMAL_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj\n' +
    '4 0 obj<</Length 44>>stream\nBT /F1 24 Tf 72 760 Td (Brevdue test) Tj ET\nendstream endobj\n' +
    '5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  'latin1',
);

/** A document held in memory. */
export function memoryDocument(body: Buffer, filename = 'brev.pdf', mediaType = 'application/pdf'): LetterDocument {
  return {
    id: randomUUID(),
    filename,
    mediaType,
    bytes: body.length,
    sha256: createHash('sha256').update(body).digest('hex'),
    read: async () => body,
    stream: () => Readable.from([body]),
  };
}

/** A letter to a Danish citizen with a one-page PDF; override any field. */
export function makeTestLetter(overrides: Partial<OutgoingLetter> = {}): OutgoingLetter {
  const letterId = overrides.letterId ?? randomUUID();
  return {
    letterId,
    messageId: overrides.messageId ?? letterId,
    shipmentId: randomUUID(),
    channel: 'digital',
    subject: 'Indkaldelse til møde',
    recipient: { idType: 'CPR', id: '0101904321', name: 'Jens Hansen' },
    sender: { organisationId: randomUUID(), name: 'Testkommune', cvr: '29189846', contactPoint: 'Borgerservice' },
    mainDocument: memoryDocument(MINIMAL_PDF),
    attachments: [],
    actions: [],
    options: { replyAllowed: false },
    printFallback: true,
    createdAt: new Date('2026-11-24T10:00:00Z'),
    ...overrides,
  };
}

/** An archive record with a letter and a receipt; override any field. */
export function makeTestArchiveItem(overrides: Partial<ArchiveExportItem> = {}): ArchiveExportItem {
  const doc = (role: ArchiveDocument['role'], filename: string): ArchiveDocument => {
    const d = memoryDocument(MINIMAL_PDF, filename);
    return { role, filename, mediaType: d.mediaType, sha256: d.sha256, bytes: d.bytes, read: d.read, stream: d.stream };
  };
  return {
    recordId: randomUUID(),
    organisation: { id: randomUUID(), name: 'Testkommune', cvr: '29189846' },
    party: { idType: 'CPR', id: '0101904321', name: 'Jens Hansen' },
    caseId: randomUUID(),
    direction: 'outgoing',
    letterId: randomUUID(),
    subject: 'Indkaldelse til møde',
    occurredAt: new Date('2026-11-24T10:00:00Z'),
    channel: 'digital',
    provider: 'sandbox',
    providerMessageId: randomUUID(),
    status: 'delivered_digital',
    documents: [doc('letter', 'brev.pdf'), doc('receipt', 'kvittering.pdf')],
    ...overrides,
  };
}

const silent: PluginLogger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };

/** A plugin context for unit tests: in-memory state, a recording `reportStatus`. */
export function makeTestContext(overrides: Partial<PluginContext> = {}): PluginContext & { reported: StatusUpdate[] } {
  const store = new Map<string, { v: unknown; until?: number }>();
  const locks = new Map<string, Promise<unknown>>();
  const reported: StatusUpdate[] = [];
  return {
    name: 'test',
    logger: silent,
    clock: { now: () => new Date() },
    fetch: globalThis.fetch,
    blobs: {
      read: async () => {
        throw new Error('no blobs in the test context');
      },
      stream: () => {
        throw new Error('no blobs in the test context');
      },
    },
    state: {
      get: async <T>(k: string) => {
        const e = store.get(k);
        if (!e || (e.until !== undefined && e.until < Date.now())) return undefined;
        return e.v as T;
      },
      set: async (k, v, ttl) => {
        store.set(k, { v, until: ttl === undefined ? undefined : Date.now() + ttl * 1000 });
      },
      delete: async (k) => {
        store.delete(k);
      },
      withLock: <T>(k: string, fn: () => Promise<T>): Promise<T> => {
        // One holder at a time, in call order (this context's process only).
        const run = (locks.get(k) ?? Promise.resolve()).catch(() => undefined).then(fn);
        locks.set(k, run);
        void run.finally(() => locks.get(k) === run && locks.delete(k)).catch(() => undefined);
        return run;
      },
    },
    dataDir: '/tmp/brevdue-test',
    publicUrl: 'http://127.0.0.1:3000',
    reportStatus: async (u) => {
      reported.push(u);
    },
    reported,
    ...overrides,
  };
}
