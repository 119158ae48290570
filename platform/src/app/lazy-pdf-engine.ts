/**
 * @module
 * The runtime's PDF engine, started on first use: every process (API, worker, CLI) has one, but
 * only those that split, preview or send letters pay for its threads (each loads PDFium).
 */
import { createPdfEngine, PdfEngineError, type PdfEngine, type PdfEngineOptions } from '../pdf-engine/index.ts';

/**
 * A {@link PdfEngine} whose threads start at the first call (a bad option fails that call).
 * @example
 * const pdf = lazyPdfEngine({ maxPages: 10_000 });
 * await pdf.leakCheck({ path }, [cpr]); // threads start here
 * await pdf.close();
 */
export function lazyPdfEngine(options: PdfEngineOptions): PdfEngine {
  let engine: PdfEngine | undefined;
  let closed = false;
  const get = async (): Promise<PdfEngine> => {
    if (closed) throw new PdfEngineError('the runtime was closed');
    return (engine ??= createPdfEngine(options));
  };
  return {
    inspect: async (src, o) => (await get()).inspect(src, o),
    split: async (src, o, onProgress) => (await get()).split(src, o, onProgress),
    redact: async (src, o) => (await get()).redact(src, o),
    leakCheck: async (src, allowed) => (await get()).leakCheck(src, allowed),
    clean: async (src, o) => (await get()).clean(src, o),
    layout: async (src, o) => (await get()).layout(src, o),
    prepend: async (src, front) => (await get()).prepend(src, front),
    async close() {
      closed = true;
      await engine?.close();
    },
  };
}
