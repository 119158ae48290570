/**
 * @module
 * Rebuilds a PDF without active content: each page's annotations are flattened into its content
 * (form fields and stamps print as they showed), then the page's content alone is copied into a
 * fresh document as a form XObject on a new page of the same boxes and rotation. The catalog
 * (OpenAction, additional actions, the JavaScript and EmbeddedFiles name trees), the pages'
 * actions and every annotation are left behind: only what prints comes along. Runs in a worker.
 */
import { PdfUnreadableError } from './pdf-engine-errors.ts';
import { heap, saveDocument, type Pdfium } from './pdfium-document.ts';

// fpdf_flatten.h: flatten as the page prints (not as it shows on screen).
const FLAT_PRINT = 1;
const FLATTEN_FAIL = 0;

/** Reads a page box through PDFium's four float out-parameters; undefined when the page has none. */
function box(m: Pdfium, page: number, get: 'FPDFPage_GetMediaBox' | 'FPDFPage_GetCropBox'): [number, number, number, number] | undefined {
  const ptr = m.pdfium.wasmExports.malloc(16);
  try {
    if (!m[get](page, ptr, ptr + 4, ptr + 8, ptr + 12)) return undefined;
    const f = new Float32Array(heap(m).HEAPU8.buffer, ptr, 4);
    return [f[0]!, f[1]!, f[2]!, f[3]!];
  } finally {
    m.pdfium.wasmExports.free(ptr);
  }
}

/**
 * The document's pages, content only, as a new PDF.
 * @param progress called with 1 per page done
 * @throws PdfUnreadableError for a page that cannot be loaded or flattened
 */
export function rebuildWithoutActiveContent(m: Pdfium, doc: number, pages: number, progress: (pages: number) => void): Uint8Array {
  const out = m.FPDF_CreateNewDocument();
  try {
    for (let i = 0; i < pages; i++) {
      const page = m.FPDF_LoadPage(doc, i);
      if (!page) throw new PdfUnreadableError('corrupt', `page ${i + 1} cannot be loaded`);
      let media: [number, number, number, number];
      let crop: [number, number, number, number] | undefined;
      let rotation: number;
      try {
        if (m.FPDFPage_Flatten(page, FLAT_PRINT) === FLATTEN_FAIL)
          throw new PdfUnreadableError('corrupt', `page ${i + 1} cannot be flattened`);
        media = box(m, page, 'FPDFPage_GetMediaBox') ?? [0, 0, m.FPDF_GetPageWidthF(page), m.FPDF_GetPageHeightF(page)];
        crop = box(m, page, 'FPDFPage_GetCropBox');
        rotation = m.FPDFPage_GetRotation(page);
      } finally {
        m.FPDF_ClosePage(page);
      }
      // The XObject is made from the page as flattened above (its dictionary lives on in the document).
      const xobject = m.FPDF_NewXObjectFromPage(out, doc, i);
      if (!xobject) throw new PdfUnreadableError('corrupt', `page ${i + 1} cannot be copied`);
      try {
        const copy = m.FPDFPage_New(out, i, media[2] - media[0], media[3] - media[1]);
        try {
          m.FPDFPage_SetMediaBox(copy, ...media);
          if (crop) m.FPDFPage_SetCropBox(copy, ...crop);
          if (rotation > 0) m.FPDFPage_SetRotation(copy, rotation);
          m.FPDFPage_InsertObject(copy, m.FPDF_NewFormObjectFromXObject(xobject));
          if (!m.FPDFPage_GenerateContent(copy)) throw new PdfUnreadableError('corrupt', `page ${i + 1} cannot be written`);
        } finally {
          m.FPDF_ClosePage(copy);
        }
      } finally {
        m.FPDF_CloseXObject(xobject);
      }
      progress(1);
    }
    return saveDocument(m, out);
  } finally {
    m.FPDF_CloseDocument(out);
  }
}
