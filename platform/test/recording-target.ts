/**
 * @module
 * A small real archive target for tests and the bench: keeps what it was given, by record id,
 * so exporting the same record twice files it once (the contract's idempotency).
 */
import type { ArchiveExportItem, ArchiveTarget, ExportResult } from '@brevdue/shared';

/** Records exports in memory; `failNext` makes the next calls throw (to test retries). */
export class RecordingTarget implements ArchiveTarget {
  readonly filed = new Map<string, { item: ArchiveExportItem; documents: Array<{ role: string; sha256: string; bytes: number }> }>();
  calls = 0;
  /** Fail this many calls with the given error before working. */
  failNext: { count: number; error: () => Error } = { count: 0, error: () => new Error('unavailable') };

  async export(item: ArchiveExportItem): Promise<ExportResult> {
    this.calls++;
    if (this.failNext.count > 0) {
      this.failNext.count--;
      throw this.failNext.error();
    }
    const had = this.filed.has(item.recordId);
    if (!had) {
      const documents = [];
      for (const d of item.documents) documents.push({ role: d.role, sha256: d.sha256, bytes: (await d.read()).length });
      this.filed.set(item.recordId, { item, documents });
    }
    return { externalId: `ext-${item.recordId}`, alreadyExported: had };
  }
}
