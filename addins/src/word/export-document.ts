/// <reference types="office-js" />
/**
 * @module
 * The Office side of the Word pane, apart from any DOM code (as in OfficeDev's
 * Office-Addin-TaskPane) so unit tests run it against `office-addin-mock`.
 */
import { assertWithinLimit } from '../common/upload-limit.ts';
import { messages } from '../common/messages.ts';

/** Office's slice limit is 4 MB; smaller slices only mean more round trips. */
export const SLICE_SIZE = 4 * 1024 * 1024;

export const PDF = 'application/pdf';
export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The bits of `Office` this module uses (so tests can hand in a mock). */
export interface OfficeLike {
  context: {
    document: {
      url?: string | null;
      getFileAsync(fileType: unknown, options: { sliceSize: number }, callback: (r: Office.AsyncResult<Office.File>) => void): void;
    };
    requirements: { isSetSupported(name: string, minVersion?: string | number): boolean };
  };
  FileType: { Pdf: unknown; Compressed: unknown };
  AsyncResultStatus: { Succeeded: unknown; Failed: unknown };
}

/** A document exported from Word. */
export interface ExportedDocument {
  bytes: Uint8Array;
  mediaType: typeof PDF | typeof DOCX;
  filename: string;
  /** Number of slices read (for tests and diagnostics). */
  slices: number;
}

/** Raised when Word refuses to export; the message says what to do. */
export class ExportError extends Error {
  constructor(detail: string) {
    super(messages.exportFailed(detail));
    this.name = 'ExportError';
  }
}

function call<T>(office: OfficeLike, fn: (cb: (r: Office.AsyncResult<T>) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    fn((r) => {
      if (r.status === office.AsyncResultStatus.Succeeded) resolve(r.value);
      else
        reject(
          new ExportError(r.error ? `${r.error.name ?? 'Error'} ${r.error.code ?? ''}: ${r.error.message ?? ''}`.trim() : 'unknown error'),
        );
    });
  });
}

/** Whether this Word can export PDF; where not (some Word on the web / older Macs) we send DOCX. */
export function pdfSupported(office: OfficeLike): boolean {
  return office.context.requirements.isSetSupported('PdfFile');
}

/** File name without extension from the document URL, or "Dokument". */
export function documentBaseName(office: OfficeLike): string {
  const url = office.context.document.url ?? '';
  const last = decodeURIComponent(url.split(/[\\/]/).pop() ?? '').replace(/\.(docx?|dotx?|docm|rtf|odt)$/i, '');
  return last.trim() || 'Dokument';
}

/**
 * Exports the open document as PDF (or DOCX where PDF is not supported), reading every slice
 * in order and closing the file only after the last one, in a `finally` so a failed slice
 * does not leave the file open (Word allows only a couple of open files per document).
 * @throws ExportError when Word refuses (e.g. a password-protected document)
 * @throws TooLargeError when the document is over 99.5 MB (checked before reading slices)
 */
export async function exportDocument(office: OfficeLike, onSlice?: (read: number, count: number) => void): Promise<ExportedDocument> {
  const pdf = pdfSupported(office);
  const type = pdf ? office.FileType.Pdf : office.FileType.Compressed;
  const file = await call<Office.File>(office, (cb) => office.context.document.getFileAsync(type, { sliceSize: SLICE_SIZE }, cb));
  try {
    assertWithinLimit(file.size);
    const parts: Uint8Array[] = [];
    let total = 0;
    for (let i = 0; i < file.sliceCount; i++) {
      const slice = await call<Office.Slice>(office, (cb) => file.getSliceAsync(i, cb));
      // Office hands slice data as a byte array (number[]) on most hosts, a Uint8Array on some.
      const part = slice.data instanceof Uint8Array ? slice.data : Uint8Array.from(slice.data as number[]);
      parts.push(part);
      total += part.length;
      onSlice?.(i + 1, file.sliceCount);
    }
    const bytes = new Uint8Array(total);
    let at = 0;
    for (const p of parts) {
      bytes.set(p, at);
      at += p.length;
    }
    const base = documentBaseName(office);
    return { bytes, mediaType: pdf ? PDF : DOCX, filename: `${base}.${pdf ? 'pdf' : 'docx'}`, slices: file.sliceCount };
  } finally {
    await new Promise<void>((resolve) => file.closeAsync(() => resolve()));
  }
}

/** The bits of `Word` used to read the title (WordApi 1.3 document properties). */
export interface WordLike {
  run<T>(
    batch: (context: { document: { properties: { title: string; load(p: string): unknown } }; sync(): Promise<unknown> }) => Promise<T>,
  ): Promise<T>;
}

/**
 * The subject to prefill: the document's title property (WordApi 1.3), else its file name.
 */
export async function suggestSubject(office: OfficeLike, word: WordLike | undefined): Promise<string> {
  if (word && office.context.requirements.isSetSupported('WordApi', '1.3')) {
    try {
      const title = await word.run(async (context) => {
        const props = context.document.properties;
        props.load('title');
        await context.sync();
        return props.title;
      });
      if (title && title.trim()) return title.trim();
    } catch {
      // A title we cannot read is not worth stopping for: fall back to the file name.
    }
  }
  return documentBaseName(office);
}
