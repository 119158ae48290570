/**
 * @module
 * The uncompressed size a Word or OpenDocument file (a ZIP container) declares for its entries,
 * read from its central directory without inflating anything: a 1 MB zip bomb that unpacks to
 * gigabytes is refused before LibreOffice opens it.
 */
import yauzl from 'yauzl';
import { MAX_ZIP_ENTRIES, SourceZipReader } from './document-format.ts';
import type { RandomAccessSource } from './pdf-source.ts';

/**
 * The sum of the entries' declared uncompressed sizes, counted until it passes `stopAbove`
 * (answers a value above it then). A file that is no readable ZIP answers 0: LibreOffice judges it.
 * Declared sizes can lie; LibreOffice checks them against the data, and its memory cap holds either way.
 * More entries than any document has count as past the limit.
 */
export async function declaredUnzippedBytes(src: RandomAccessSource, stopAbove: number): Promise<number> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromRandomAccessReaderPromise(new SourceZipReader(src), src.length, { lazyEntries: true, autoClose: false });
  } catch {
    return 0;
  }
  let total = 0;
  try {
    // The end record says how many entries follow; a bomb of entries is refused without reading them.
    if (zip.entryCount > MAX_ZIP_ENTRIES) return stopAbove + 1;
    for (;;) {
      const entry = await new Promise<yauzl.Entry | null>((resolve, reject) => {
        const done = (f: () => void) => {
          zip.off('entry', onEntry).off('end', onEnd).off('error', onError);
          f();
        };
        const onEntry = (e: yauzl.Entry) => done(() => resolve(e));
        const onEnd = () => done(() => resolve(null));
        const onError = (err: Error) => done(() => reject(err));
        zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
        zip.readEntry();
      });
      if (!entry) return total;
      total += entry.uncompressedSize;
      if (total > stopAbove) return total;
    }
  } catch {
    // A damaged directory: what was declared before the damage still counts.
    return total;
  } finally {
    zip.close();
  }
}
