/**
 * @module
 * Tells what an uploaded file is from its bytes (magic numbers, and for ZIP containers the
 * entries inside), using the declared Content-Type and file name only where the bytes cannot
 * decide (an OLE container may be a .doc or an .xls).
 */
import { Readable } from 'node:stream';
import yauzl from 'yauzl';
import type { RandomAccessSource } from './pdf-source.ts';

/** Formats the intake accepts; everything but `pdf` is converted with LibreOffice. */
export type DocumentFormat = 'pdf' | 'docx' | 'doc' | 'odt' | 'rtf';

/** Media type and file extension of each accepted format. */
export const FORMATS: Record<DocumentFormat, { mediaType: string; extension: string }> = {
  pdf: { mediaType: 'application/pdf', extension: 'pdf' },
  docx: { mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx' },
  doc: { mediaType: 'application/msword', extension: 'doc' },
  odt: { mediaType: 'application/vnd.oasis.opendocument.text', extension: 'odt' },
  rtf: { mediaType: 'application/rtf', extension: 'rtf' },
};

/** What the client said the file is. */
export interface DeclaredType {
  contentType?: string | undefined;
  filename?: string | undefined;
}

const OLE_MAGIC = Buffer.from('d0cf11e0a1b11ae1', 'hex');
const ZIP_MAGIC = Buffer.from('504b0304', 'hex');
const ODT_MIME = 'application/vnd.oasis.opendocument.text';
/** Enough to find the entries of any real document; a zip bomb of entries stops here. */
export const MAX_ZIP_ENTRIES = 20_000;

function extensionOf(filename: string | undefined): string {
  const m = /\.([A-Za-z0-9]{1,8})$/.exec(filename ?? '');
  return m ? m[1]!.toLowerCase() : '';
}

function baseType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Whether the client claims the file is of `format` (by media type or extension). */
function declares(declared: DeclaredType, format: DocumentFormat): boolean {
  const alt: Partial<Record<DocumentFormat, string[]>> = { rtf: ['text/rtf'], doc: ['application/vnd.ms-word'] };
  const types = [FORMATS[format].mediaType, ...(alt[format] ?? [])];
  const exts = format === 'doc' ? ['doc', 'dot'] : [FORMATS[format].extension];
  return types.includes(baseType(declared.contentType)) || exts.includes(extensionOf(declared.filename));
}

/** A short name of what the client sent, for the 415 message. */
export function describeDeclared(declared: DeclaredType): string {
  const ext = extensionOf(declared.filename);
  const type = baseType(declared.contentType);
  if (ext) return `.${ext}${type && type !== 'application/octet-stream' ? ` (${type})` : ''}`;
  return type || 'ukendt / unknown';
}

/** yauzl over our random-access source, so a ZIP's directory is read without loading it all. */
export class SourceZipReader extends yauzl.RandomAccessReader {
  readonly #src: RandomAccessSource;
  constructor(src: RandomAccessSource) {
    super();
    this.#src = src;
  }
  override _readStreamForRange(start: number, end: number): Readable {
    const src = this.#src;
    return Readable.from(
      (async function* () {
        yield Buffer.from(await src.read(start, end));
      })(),
    );
  }
}

async function readSmallEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<string> {
  if (entry.uncompressedSize > 1024) return '';
  const stream = await new Promise<Readable>((resolve, reject) => zip.openReadStream(entry, (err, s) => (err ? reject(err) : resolve(s))));
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').trim();
}

/** Looks inside a ZIP container: Word (word/document.xml) or OpenDocument text (mimetype). */
async function zipFormat(src: RandomAccessSource): Promise<DocumentFormat | null> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromRandomAccessReaderPromise(new SourceZipReader(src), src.length, { lazyEntries: true, autoClose: false });
  } catch {
    return null;
  }
  try {
    let seen = 0;
    for (;;) {
      const entry = await new Promise<yauzl.Entry | null>((resolve, reject) => {
        const onEntry = (e: yauzl.Entry) => done(() => resolve(e));
        const onEnd = () => done(() => resolve(null));
        const onError = (err: Error) => done(() => reject(err));
        const done = (f: () => void) => {
          zip.off('entry', onEntry).off('end', onEnd).off('error', onError);
          f();
        };
        zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
        zip.readEntry();
      });
      if (!entry || ++seen > MAX_ZIP_ENTRIES) return null;
      if (entry.fileName === 'word/document.xml') return 'docx';
      if (entry.fileName === 'mimetype' && (await readSmallEntry(zip, entry)) === ODT_MIME) return 'odt';
    }
  } catch {
    return null;
  } finally {
    zip.close();
  }
}

/**
 * Decides the format of a stored file.
 * @returns the format, or `null` when it is none the intake accepts. A file that is declared a
 * PDF but has no PDF header is still `pdf`, so the caller answers "corrupt PDF" rather than
 * "unsupported type".
 */
export async function detectFormat(src: RandomAccessSource, declared: DeclaredType): Promise<DocumentFormat | null> {
  const head = Buffer.from(await src.read(0, 1024));
  if (head.includes('%PDF-')) return 'pdf';
  if (head.subarray(0, 5).toString('latin1') === '{\\rtf') return 'rtf';
  if (head.subarray(0, 4).equals(ZIP_MAGIC)) {
    const f = await zipFormat(src);
    if (f) return f;
    // A damaged Word/ODT container: let LibreOffice try, so the answer is "could not be
    // converted" rather than "wrong type".
    if (declares(declared, 'docx')) return 'docx';
    if (declares(declared, 'odt')) return 'odt';
  }
  // An OLE compound file may be Word, Excel, PowerPoint or Outlook: trust the declaration here.
  if (head.subarray(0, 8).equals(OLE_MAGIC) && declares(declared, 'doc')) return 'doc';
  if (declares(declared, 'pdf')) return 'pdf';
  return null;
}
