/**
 * @module
 * A letter's pages drawn in the browser with pdf.js. The pdf.js worker runs on the page's own
 * thread (its module sets `globalThis.pdfjsWorker`): the panes' Content-Security-Policy allows
 * scripts from their own origin only, so neither a blob: worker nor a second bundle is needed.
 * Letters are small; a document is fetched and parsed once per page load, however many recipients
 * share it.
 */
import { getDocument, type PDFDocumentProxy } from 'pdfjs-dist';
import 'pdfjs-dist/build/pdf.worker.mjs';
import type { BrevdueApi } from './api-client.ts';

const opened = new Map<string, Promise<PDFDocumentProxy>>();

/** The parsed document `documentId` (fetched with the pane's credentials), shared by every caller. */
export function openPdf(api: BrevdueApi, documentId: string): Promise<PDFDocumentProxy> {
  let p = opened.get(documentId);
  if (!p) {
    p = api
      .documentContent(documentId)
      .then((b) => b.arrayBuffer())
      // No eval (the CSP forbids it); fonts the PDF does not embed come from the system.
      .then((data) => getDocument({ data: new Uint8Array(data), isEvalSupported: false, useSystemFonts: true }).promise);
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
