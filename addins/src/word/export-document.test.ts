/// <reference types="office-js" />
import { describe, expect, it } from 'vitest';
import { OfficeMockObject } from 'office-addin-mock';
import { OfficeApp } from 'office-addin-manifest';
import { PDFDocument } from 'pdf-lib';
import { exportDocument, suggestSubject, SLICE_SIZE, type OfficeLike, type WordLike } from './export-document.ts';
import { TooLargeError } from '../common/upload-limit.ts';

/** A real PDF of a few pages, so the joined slices can be parsed back. */
async function realPdf(pages = 3): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < pages; i++) doc.addPage().drawText(`Side ${i + 1} æøå`);
  return doc.save();
}

interface Log {
  calls: string[];
  sliceSize?: number;
  fileType?: unknown;
}

/** Builds an Office mock whose document hands out `bytes` in `sliceCount` slices. */
function officeMock(
  bytes: Uint8Array,
  o: {
    sliceCount?: number;
    pdf?: boolean;
    failSlice?: number;
    failOpen?: { code: number; name: string; message: string };
    size?: number;
    url?: string;
  },
  log: Log,
): OfficeLike {
  const count = o.sliceCount ?? 3;
  const step = Math.ceil(bytes.length / count);
  const file = {
    size: o.size ?? bytes.length,
    sliceCount: count,
    getSliceAsync(i: number, cb: (r: unknown) => void) {
      log.calls.push(`slice ${i}`);
      if (i === o.failSlice) return cb({ status: 'failed', error: { code: 5001, name: 'Internal Error', message: 'slice failed' } });
      // Office gives slice data as number[]; the mock library turns typed arrays into mocks, so pass arrays.
      cb({ status: 'succeeded', value: { index: i, size: step, data: Array.from(bytes.subarray(i * step, (i + 1) * step)) } });
    },
    closeAsync(cb: () => void) {
      log.calls.push('close');
      cb();
    },
  };
  const data = {
    context: {
      document: {
        url: o.url ?? 'https://contoso.sharepoint.com/Delte dokumenter/Indkaldelse til møde.docx',
        getFileAsync(type: unknown, options: { sliceSize: number }, cb: (r: unknown) => void) {
          log.calls.push('open');
          log.sliceSize = options.sliceSize;
          log.fileType = type;
          if (o.failOpen) return cb({ status: 'failed', error: o.failOpen });
          cb({ status: 'succeeded', value: file });
        },
      },
      requirements: {
        isSetSupported: (name: string) => (name === 'PdfFile' ? o.pdf !== false : name === 'WordApi'),
      },
    },
    FileType: { Pdf: 'pdf', Compressed: 'compressed' },
    AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
  };
  // The Common API (Office.context…) has no load()/sync(): its properties are plain values.
  // OfficeMockObject applies load semantics to every host except Outlook, so use that mode.
  return new OfficeMockObject(data, OfficeApp.Outlook) as unknown as OfficeLike;
}

describe('exportDocument', () => {
  it('reads every slice in order, joins them into the real PDF, and closes after the last slice', async () => {
    const pdf = await realPdf(3);
    const log: Log = { calls: [] };
    const progress: string[] = [];
    const out = await exportDocument(officeMock(pdf, { sliceCount: 4 }, log), (r, n) => progress.push(`${r}/${n}`));
    expect(log.calls).toEqual(['open', 'slice 0', 'slice 1', 'slice 2', 'slice 3', 'close']);
    expect(log.sliceSize).toBe(SLICE_SIZE);
    expect(log.sliceSize).toBeLessThanOrEqual(4 * 1024 * 1024);
    expect(log.fileType).toBe('pdf');
    expect(progress).toEqual(['1/4', '2/4', '3/4', '4/4']);
    expect(out.mediaType).toBe('application/pdf');
    expect(out.filename).toBe('Indkaldelse til møde.pdf');
    expect(Buffer.from(out.bytes).equals(Buffer.from(pdf))).toBe(true);
    expect((await PDFDocument.load(out.bytes)).getPageCount()).toBe(3);
  });

  it('falls back to DOCX (Compressed) where PdfFile is not supported', async () => {
    const fakeDocx = new TextEncoder().encode('PK\u0003\u0004 pretend docx');
    const log: Log = { calls: [] };
    const out = await exportDocument(officeMock(fakeDocx, { pdf: false, sliceCount: 1 }, log));
    expect(log.fileType).toBe('compressed');
    expect(out.mediaType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(out.filename).toBe('Indkaldelse til møde.docx');
  });

  it('closes the file when a slice fails, after no further slices', async () => {
    const log: Log = { calls: [] };
    await expect(exportDocument(officeMock(await realPdf(), { sliceCount: 3, failSlice: 1 }, log))).rejects.toThrow(/slice failed/);
    expect(log.calls).toEqual(['open', 'slice 0', 'slice 1', 'close']);
  });

  it('explains a password-protected document Word refuses to export', async () => {
    const log: Log = { calls: [] };
    const err = await exportDocument(
      officeMock(await realPdf(), { failOpen: { code: 5001, name: 'Internal Error', message: 'An internal error has occurred.' } }, log),
    ).catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/adgangskode/);
    expect((err as Error).message).not.toMatch(/password-protected/); // Danish only: one language at a time
    expect((err as Error).message).toMatch(/5001/);
    expect(log.calls).toEqual(['open']); // nothing opened, nothing to close
  });

  it('refuses a document over 99.5 MB before reading any slice, and still closes it', async () => {
    const log: Log = { calls: [] };
    const err = await exportDocument(officeMock(await realPdf(), { size: 100 * 1024 * 1024 }, log)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TooLargeError);
    expect((err as Error).message).toMatch(/99,5 MB/);
    expect(log.calls).toEqual(['open', 'close']);
  });
});

describe('suggestSubject', () => {
  const word = (title: string): WordLike =>
    new OfficeMockObject({
      context: { document: { properties: { title } } },
      run: async function (this: { context: unknown }, cb: (c: unknown) => Promise<unknown>) {
        return cb(this.context);
      },
    }) as unknown as WordLike;

  it('uses the title property (WordApi 1.3)', async () => {
    expect(await suggestSubject(officeMock(new Uint8Array(), {}, { calls: [] }), word('Indkaldelse til samtale'))).toBe(
      'Indkaldelse til samtale',
    );
  });

  it('falls back to the file name when the title is empty', async () => {
    expect(await suggestSubject(officeMock(new Uint8Array(), {}, { calls: [] }), word(''))).toBe('Indkaldelse til møde');
  });

  it('falls back to "Dokument" for an unsaved document', async () => {
    expect(await suggestSubject(officeMock(new Uint8Array(), { url: '' }, { calls: [] }), undefined)).toBe('Dokument');
  });
});
