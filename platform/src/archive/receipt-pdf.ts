/**
 * @module
 * The platform's own receipt ("afsendelseskvittering"): a one- or two-page A4 PDF made with
 * pdf-lib stating who sent what to whom, when, how, and the SHA-256 of every document, so the
 * organisation can prove years later what was sent.
 */
import { createRequire } from 'node:module';
import { deflateSync } from 'node:zlib';
import { PDFDocument, type PDFFont, type PDFPage, StandardFonts } from 'pdf-lib';
import { maskId } from '@brevdue/shared';
import { embedTextFonts } from '../pdf-fonts/pdf-fonts.ts';
import { withSharedMeasures } from '../pdf-fonts/standard-font-cache.ts';
import type { ReceiptLanguage } from '@brevdue/shared/api';
import { receiptTexts } from './messages.ts';

export interface ReceiptData {
  organisation: { name: string; cvr?: string | null };
  senderName: string | null;
  recipient: { idType: string; id: string; name?: string | null };
  subject: string;
  channel: string;
  provider: string;
  providerMessageId: string | null;
  messageId: string;
  letterId: string;
  status: string;
  statusReason: string | null;
  createdAt: Date;
  submittedAt: Date | null;
  deliveredAt: Date | null;
  documents: Array<{ role: string; filename: string; sha256: string; bytes: number }>;
  /** When the receipt was made. */
  issuedAt: Date;
  /** The language of its labels: the organisation's choice. */
  language: ReceiptLanguage;
}

// pdf-lib compresses content streams with pako, in JavaScript; node's zlib makes the same zlib
// stream in native code for a fraction of the CPU, and a receipt is filed with every letter.
// pdf-lib (1.x) calls nothing else of pako when writing, and only with the data argument.
const pakoOfPdfLib = createRequire(createRequire(import.meta.url).resolve('pdf-lib'))('pako') as {
  deflate: (data: Uint8Array) => Uint8Array;
};
pakoOfPdfLib.deflate = (data) => deflateSync(data);

/**
 * A page's text is a few KB: a 4 KB window compresses it as well as zlib's default 32 KB one,
 * and setting up the default's buffers cost more than compressing.
 */
const CONTENT_DEFLATE = { level: 1, windowBits: 12, memLevel: 5 };

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 50;

/** Formats a time as "2025-03-01 14:05:09 (dansk tid) / 2025-03-01T13:05:09.000Z" ("(Danish time)" in English). */
// sv-SE gives ISO-like "YYYY-MM-DD HH:MM:SS"; the zone makes it Danish local time. Built once:
// toLocaleString with options builds a formatter per call, which showed up in profiles.
const DANISH_TIME = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Copenhagen',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

export function formatReceiptTime(d: Date | null, language: ReceiptLanguage = 'da'): string {
  if (!d) return '-';
  const local = new Date(d.getTime() + danishOffsetMs(d)).toISOString().slice(0, 19).replace('T', ' ');
  return `${local} (${receiptTexts[language].localTime}) / ${d.toISOString()}`;
}

// Formatting with Intl cost more than the rest of a receipt's text (four times per receipt); the
// zone's offset changes only on a whole UTC hour, so it is asked once per hour and kept.
const HOUR_MS = 3_600_000;
const offsets = new Map<number, number>();

/** Danish time minus UTC at `d`, in ms. */
function danishOffsetMs(d: Date): number {
  const hour = Math.floor(d.getTime() / HOUR_MS);
  let offset = offsets.get(hour);
  if (offset === undefined) {
    const at = new Date(hour * HOUR_MS);
    offset = Date.parse(`${DANISH_TIME.format(at).replace(' ', 'T')}Z`) - at.getTime();
    if (offsets.size >= 10_000) offsets.clear();
    offsets.set(hour, offset);
  }
  return offset;
}

/**
 * Renders the receipt PDF.
 * @example const pdf = await renderReceiptPdf(data); await blobs.putBuffer(pdf);
 */
export async function renderReceiptPdf(data: ReceiptData): Promise<Buffer> {
  const T = receiptTexts[data.language];
  const time = (d: Date | null) => formatReceiptTime(d, data.language);
  // Our own metadata only: pdf-lib's defaults would be written first and then replaced.
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle(`${T.title} ${data.letterId}`);
  doc.setCreator('Brevdue');
  doc.setProducer('Brevdue (pdf-lib)');
  doc.setCreationDate(data.issuedAt);
  doc.setModificationDate(data.issuedAt);
  const fonts = await embedTextFonts(doc, [
    data.organisation.name,
    data.senderName,
    data.recipient.name,
    data.subject,
    data.statusReason,
    ...data.documents.map((d) => d.filename),
  ]);
  const bold = fonts.bold;
  const mono = withSharedMeasures(await doc.embedFont(StandardFonts.Courier));
  const w = new Writer(doc, fonts.regular, fonts.clean);

  w.line(T.title, { font: bold, size: 16 });
  w.line(T.subtitle, { size: 9, colour: 0.4 });
  w.gap(10);
  const rows: Array<[string, string]> = [
    [
      T.sender,
      [data.organisation.name, data.organisation.cvr ? `CVR ${data.organisation.cvr}` : null, data.senderName].filter(Boolean).join(', '),
    ],
    [
      T.recipient,
      [data.recipient.name, `${data.recipient.idType} ${maskId(data.recipient.idType, data.recipient.id)}`].filter(Boolean).join(', '),
    ],
    [T.subject, data.subject],
    [T.channel, labelled(T.channels, data.channel)],
    [T.provider, data.provider],
    [T.providerMessageId, data.providerMessageId ?? '-'],
    [T.messageId, data.messageId],
    [T.letterId, data.letterId],
    [T.status, `${labelled(T.statuses, data.status)}${data.statusReason ? `: ${data.statusReason}` : ''}`],
    [T.created, time(data.createdAt)],
    [T.submitted, time(data.submittedAt)],
    [T.delivered, time(data.deliveredAt)],
  ];
  w.fields(rows, bold);
  w.gap(12);
  w.line(T.documents, { font: bold, size: 11 });
  for (const d of data.documents) {
    w.line(`${d.role}: ${d.filename} (${d.bytes} bytes)`, { size: 9 });
    w.line(`SHA-256 ${d.sha256}`, { font: mono, size: 8 });
    w.gap(3);
  }
  w.gap(12);
  w.line(`${T.issued}: ${time(data.issuedAt)}`, { size: 8, colour: 0.4 });
  w.finish();
  const bytes = await doc.save({ useObjectStreams: false });
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength); // a view, not a copy
}

/**
 * Writes lines top-down, wrapping long text and starting new pages as needed. Each page's text
 * operators are written here as one string and given to pdf-lib as the page's content stream:
 * pdf-lib's drawText builds and checks an operator object per number and string, which was most
 * of a receipt's CPU, and a receipt is filed with every letter. Fonts, text encoding, the
 * document and its writing stay pdf-lib's.
 */
class Writer {
  private readonly pages: Array<{ page: PDFPage; ops: string[]; fontKeys: Map<PDFFont, string> }> = [];
  private y = 0;
  constructor(
    private readonly doc: PDFDocument,
    private readonly font: PDFFont,
    private readonly clean: (text: string) => string,
  ) {
    this.newPage();
  }

  private newPage(): void {
    this.pages.push({ page: this.doc.addPage(A4), ops: [], fontKeys: new Map() });
    this.y = A4[1] - MARGIN;
  }

  /** Starts a text object on the current page in `font` at `size`, grey level `grey` (0 is black), at (x, y). */
  private text(font: PDFFont, size: number, grey: number, x: number, y: number): string[] {
    const current = this.pages[this.pages.length - 1]!;
    let key = current.fontKeys.get(font);
    if (key === undefined) {
      key = current.page.node.newFontDictionary(font.name, font.ref).toString();
      current.fontKeys.set(font, key);
    }
    current.ops.push(`BT ${key} ${size} Tf ${grey} g ${num(x)} ${num(y)} Td`);
    return current.ops;
  }

  gap(h: number): void {
    this.y -= h;
  }

  line(text: string, opts: { font?: PDFFont; size?: number; colour?: number; x?: number } = {}): void {
    const font = opts.font ?? this.font;
    const size = opts.size ?? 10;
    const x = opts.x ?? MARGIN;
    for (const part of wrap(this.clean(text), font, size, A4[0] - MARGIN - x)) {
      if (this.y < MARGIN + size) this.newPage();
      this.text(font, size, opts.colour ?? 0, x, this.y - size).push(`${font.encodeText(part).toString()} Tj ET`);
      this.y -= size * 1.35;
    }
  }

  /**
   * Label–value rows, labels in bold on the left. Drawn as two multi-line texts (blank lines
   * where the label or the value wraps). They come first, so they always fit on the first page.
   */
  fields(rows: Array<[string, string]>, bold: PDFFont): void {
    const size = 9;
    const x = MARGIN + 170;
    const labels: string[] = [];
    const values: string[] = [];
    for (const [label, value] of rows) {
      const l = wrap(this.clean(label), bold, size, x - MARGIN - 8);
      const v = wrap(this.clean(value), this.font, size, A4[0] - MARGIN - x);
      for (let i = 0; i < Math.max(l.length, v.length); i++) {
        labels.push(l[i] ?? '');
        values.push(v[i] ?? '');
      }
    }
    const lineHeight = size * 1.35;
    // T* moves to the next line, TL apart; an empty line draws nothing.
    const column = (font: PDFFont, at: number, lines: string[]) =>
      this.text(font, size, 0, at, this.y - size).push(
        `${num(lineHeight)} TL ${lines.map((l) => (l ? `${font.encodeText(l).toString()} Tj` : '')).join(' T* ')} ET`,
      );
    column(bold, MARGIN, labels);
    column(this.font, x, values);
    this.y -= lineHeight * values.length;
  }

  /** Gives each page its content stream. */
  finish(): void {
    for (const { page, ops } of this.pages) {
      const contents = deflateSync(ops.join('\n'), CONTENT_DEFLATE);
      page.node.addContentStream(this.doc.context.register(this.doc.context.stream(contents, { Filter: 'FlateDecode' })));
    }
  }
}

/** A status or channel in the receipt's language with its code, as the API gives it: "Leveret digitalt (delivered_digital)". */
function labelled(labels: Readonly<Record<string, string>>, code: string): string {
  const label = labels[code];
  return label ? `${label} (${code})` : code;
}

/** A coordinate as PDF writes it: at most two decimals. */
function num(n: number): string {
  return String(Math.round(n * 100) / 100);
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  // Most lines fit: one measurement instead of one per word.
  const flat = text.replace(/\s+/g, ' ');
  if (font.widthOfTextAtSize(flat, size) <= width) return [flat];
  const out: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/)) {
    const next = current ? `${current} ${word}` : word;
    if (font.widthOfTextAtSize(next, size) <= width || !current) current = next;
    else {
      out.push(current);
      current = word;
    }
  }
  out.push(current);
  return out;
}
