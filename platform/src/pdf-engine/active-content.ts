/**
 * @module
 * Finds active content in a PDF: JavaScript, launch actions and embedded files, which Digital
 * Post refuses in a letter. PDFium answers what its API reaches (the JavaScript name tree,
 * attachments, page open/close actions, link and file-attachment annotations); the document's
 * OpenAction and additional actions are not in its API, so the file's objects are also searched
 * for the action and file-specification keys, in plain bytes and inside compressed object streams.
 * Runs in a worker thread.
 */
import { inflateSync } from 'node:zlib';
import { PdfLimitError, PdfUnreadableError } from './pdf-engine-errors.ts';
import { saveDocument, type Pdfium } from './pdfium-document.ts';
import { streamRanges } from './pdf-streams.ts';

/** The kinds of active content a letter must not carry. */
export type ActiveContentKind = 'javascript' | 'launch' | 'embedded_file';

/** One finding: what, and on which page when it belongs to one (absent: the document itself). */
export interface ActiveContent {
  kind: ActiveContentKind;
  /** 1-based page. */
  page?: number;
}

// PDFium's constants (fpdf_doc.h, fpdf_annot.h).
const PDFACTION_LAUNCH = 4;
const FPDFPAGE_AACTION_OPEN = 0;
const FPDFPAGE_AACTION_CLOSE = 1;
const FPDF_ANNOT_LINK = 2;
const FPDF_ANNOT_FILEATTACHMENT = 17;

// The keys that make an object active, in the PDF syntax of a dictionary (ISO 32000-1 12.6.4.16,
// 12.6.4.5, 7.11.4): a JavaScript action or the document's JavaScript name tree; a launch action;
// a file specification with embedded files, an embedded file stream, the EmbeddedFiles name tree.
// `/JS` must be followed by a string or a reference, so a resource named /JS in a content stream
// (`/JS 12 Tf`) does not count.
const REF = String.raw`\d+\s+\d+\s+R`;
const PATTERNS: Array<[ActiveContentKind, RegExp]> = [
  ['javascript', new RegExp(String.raw`/S\s*/JavaScript\b|/JS\s*(?:\(|<(?!<)|${REF})|/JavaScript\s*(?:<<|${REF})`)],
  ['launch', /\/S\s*\/Launch\b/],
  ['embedded_file', new RegExp(String.raw`/EmbeddedFiles\b|/Type\s*/EmbeddedFile\b|/EF\s*(?:<<|${REF})`)],
];
// A name written with #xx escapes (`/J#61vaScript`) means the same name.
const ESCAPED_NAME = /\/[^\s/<>[\]()%{}]*#[0-9A-Fa-f]{2}[^\s/<>[\]()%{}]*/g;
const CHUNK = 1 << 20;
const OVERLAP = 256;

/** The kinds whose keys appear in `text` (latin1). */
function kindsIn(text: string, into: Set<ActiveContentKind>): void {
  const plain = text.includes('#')
    ? text.replace(ESCAPED_NAME, (n) => n.replace(/#([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))))
    : text;
  for (const [kind, re] of PATTERNS) if (!into.has(kind) && re.test(plain)) into.add(kind);
}

/** Searches bytes in overlapping chunks, so a 99 MB file never becomes one string. */
function searchBytes(bytes: Uint8Array, into: Set<ActiveContentKind>): void {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 0; at < buf.length; at += CHUNK)
    kindsIn(buf.toString('latin1', Math.max(0, at - OVERLAP), Math.min(buf.length, at + CHUNK)), into);
}

/**
 * The kinds of active content named in the file's objects: the raw bytes (every uncompressed
 * dictionary) and each compressed object stream (`/Type /ObjStm`, where PDF 1.5 writers put
 * most dictionaries), inflated up to the inflate limit.
 * @throws PdfLimitError (`inflated`) for an object stream past the limit
 */
export function activeKindsInFile(bytes: Uint8Array, maxInflatedBytes: number): Set<ActiveContentKind> {
  const found = new Set<ActiveContentKind>();
  searchBytes(bytes, found);
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const { start, end } of streamRanges(bytes)) {
    // The stream's dictionary is between the object's start and the `stream` keyword.
    const head = buf.toString('latin1', Math.max(0, start - 1024), start);
    const dict = head.slice(head.lastIndexOf(' obj') + 1);
    if (!/\/Type\s*\/ObjStm\b/.test(dict) || !/\/FlateDecode\b/.test(dict)) continue;
    let inflated: Buffer;
    try {
      inflated = inflateSync(buf.subarray(start, end), { maxOutputLength: maxInflatedBytes });
    } catch (e) {
      if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
        throw new PdfLimitError('inflated', maxInflatedBytes + 1, maxInflatedBytes);
      continue; // a broken stream is PDFium's to judge
    }
    searchBytes(inflated, found);
  }
  return found;
}

/** Active content on one page (0-based) as PDFium sees it; loading the page also proves it readable. */
function onPage(m: Pdfium, doc: number, index: number): ActiveContentKind[] {
  const page = m.FPDF_LoadPage(doc, index);
  if (!page) throw new PdfUnreadableError('corrupt', `page ${index + 1} cannot be loaded`);
  const kinds: ActiveContentKind[] = [];
  try {
    for (const type of [FPDFPAGE_AACTION_OPEN, FPDFPAGE_AACTION_CLOSE]) {
      const action = m.FPDF_GetPageAAction(page, type);
      if (action && m.FPDFAction_GetType(action) === PDFACTION_LAUNCH) kinds.push('launch');
    }
    const annots = m.FPDFPage_GetAnnotCount(page);
    for (let i = 0; i < annots; i++) {
      const annot = m.FPDFPage_GetAnnot(page, i);
      if (!annot) continue;
      try {
        const subtype = m.FPDFAnnot_GetSubtype(annot);
        if (subtype === FPDF_ANNOT_FILEATTACHMENT) kinds.push('embedded_file');
        if (subtype === FPDF_ANNOT_LINK) {
          const link = m.FPDFAnnot_GetLink(annot);
          const action = link ? m.FPDFLink_GetAction(link) : 0;
          if (action && m.FPDFAction_GetType(action) === PDFACTION_LAUNCH) kinds.push('launch');
        }
      } finally {
        m.FPDFPage_CloseAnnot(annot);
      }
    }
  } finally {
    m.FPDF_ClosePage(page);
  }
  return [...new Set(kinds)];
}

/**
 * Every page is loaded (a page that cannot be is `corrupt`) and the document searched for active
 * content. Findings are ordered: the document's own first, then by page.
 * @param bytes the file's bytes (as opened), for the objects PDFium's API does not reach
 * @param progress called with 1 per page done
 * @throws PdfUnreadableError for a page that cannot be loaded; PdfLimitError (`inflated`)
 */
export function findActiveContent(
  m: Pdfium,
  doc: number,
  pages: number,
  bytes: Uint8Array,
  maxInflatedBytes: number,
  progress: (pages: number) => void,
): ActiveContent[] {
  const out: ActiveContent[] = [];
  // An encrypted file's object streams cannot be read as they are: search a decrypted copy
  // (PDFium opened it, so it needs no password; the copy is written without object streams).
  const plain = m.EPDF_IsEncrypted(doc) && m.EPDF_RemoveEncryption(doc) ? saveDocument(m, doc) : bytes;
  const onDocument = activeKindsInFile(plain, maxInflatedBytes);
  if (m.FPDFDoc_GetJavaScriptActionCount(doc) > 0) onDocument.add('javascript');
  if (m.FPDFDoc_GetAttachmentCount(doc) > 0) onDocument.add('embedded_file');
  const perPage: ActiveContent[] = [];
  for (let i = 0; i < pages; i++) {
    for (const kind of onPage(m, doc, i)) perPage.push({ kind, page: i + 1 });
    progress(1);
  }
  // A kind found on a page need not be reported again for the document as a whole.
  for (const kind of onDocument) if (!perPage.some((f) => f.kind === kind)) out.push({ kind });
  return [...out, ...perPage];
}
