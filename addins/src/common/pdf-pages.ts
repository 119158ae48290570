/**
 * @module
 * A letter's pages drawn in the browser with pdf.js. pdf.js is loaded when the first page is
 * drawn, not with the pane (it is larger than the rest of the pane together), and it parses in its
 * own worker, a file of the build served from the pane's origin (the Content-Security-Policy
 * allows workers from there only), so a large letter never stalls the pane's thread.
 * Letters are small; a document is fetched and parsed once per page load, however many recipients
 * share it.
 */
import type { PDFDocumentProxy } from 'pdfjs-dist';
import type { BrevdueApi } from './api-client.ts';

/** Where the build puts pdf.js's worker (addins/build.ts). */
const PDF_WORKER_URL = '/addins/pdf/pdf.worker.js';

let pdfjs: Promise<typeof import('pdfjs-dist')> | undefined;
function loadPdfjs(): Promise<typeof import('pdfjs-dist')> {
  pdfjs ??= import('pdfjs-dist').then((m) => {
    m.GlobalWorkerOptions.workerSrc = PDF_WORKER_URL;
    return m;
  });
  pdfjs.catch(() => (pdfjs = undefined)); // a failed load (network) may be tried again
  return pdfjs;
}

const opened = new Map<string, Promise<PDFDocumentProxy>>();

/** The parsed document `documentId` (fetched with the pane's credentials), shared by every caller. */
export function openPdf(api: BrevdueApi, documentId: string): Promise<PDFDocumentProxy> {
  let p = opened.get(documentId);
  if (!p) {
    p = Promise.all([api.documentContent(documentId).then((b) => b.arrayBuffer()), loadPdfjs()])
      // No eval (the CSP forbids it); fonts the PDF does not embed come from the system.
      .then(([data, { getDocument }]) => getDocument({ data: new Uint8Array(data), isEvalSupported: false, useSystemFonts: true }).promise);
    p.catch(() => opened.delete(documentId)); // a failed fetch may be tried again
    opened.set(documentId, p);
  }
  return p;
}

/**
 * Page `n` (1-based) of `doc` as a PNG data URL, `width` CSS pixels wide (sharp on high-DPI
 * screens). An image, not a canvas, so it scales with the layout and needs no script to repaint.
 */
export async function pageImage(doc: PDFDocumentProxy, n: number, width: number): Promise<{ src: string; width: number; height: number }> {
  const page = await doc.getPage(n);
  const base = page.getViewport({ scale: 1 });
  const ratio = Math.min(globalThis.devicePixelRatio || 1, 2);
  const viewport = page.getViewport({ scale: (width / base.width) * ratio });
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(viewport.width);
  canvas.height = Math.ceil(viewport.height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('canvas 2d context unavailable');
  // A white sheet under the page: a PDF page without a background would show as transparent.
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  await page.render({ canvasContext: ctx, viewport }).promise;
  page.cleanup();
  return { src: canvas.toDataURL('image/png'), width, height: Math.round((width * base.height) / base.width) };
}
