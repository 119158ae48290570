/**
 * @module
 * Builds the printable HTML page of an e-mail: a header block (subject, from, to, cc, date,
 * attachments) above the e-mail's own HTML body, with inline `cid:` images turned into data:
 * URIs. The HTML is parsed and rewritten with parse5 (never with string surgery), scripts,
 * frames, embedded objects, `<base>` and charset declarations are removed, and the page declares
 * UTF-8 itself so Danish letters survive whatever charset the mail client once wrote into it.
 */
import { defaultTreeAdapter as ta, html as html5, parse, serialize, type DefaultTreeAdapterTypes as T } from 'parse5';

export interface EmailAddress {
  name?: string | undefined;
  email: string;
}

/** What goes into the header block and body of the rendered page. */
export interface EmailPageInput {
  subject: string;
  from: EmailAddress;
  to: EmailAddress[];
  cc?: EmailAddress[] | undefined;
  date: Date;
  html: string;
  /** Content-ID (without angle brackets) → data: URI. */
  images: Map<string, string>;
  attachmentNames: string[];
}

const REMOVED = new Set(['script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'portal']);
const NS = html5.NS.HTML;

/** Page style: A4 with margins; the header block is styled so the mail's own CSS can't hide it. */
const PAGE_CSS = `@page { size: A4; margin: 18mm 16mm; }
html, body { font-family: "Liberation Sans", "DejaVu Sans", Arial, sans-serif; }
img { max-width: 100%; height: auto; }
.brevdue-header { all: initial; display: block; font: 10.5pt/1.45 "Liberation Sans", "DejaVu Sans", Arial, sans-serif; color: #000;
  border-bottom: 1.5pt solid #444; margin: 0 0 14pt 0; padding: 0 0 8pt 0; }
.brevdue-header .brevdue-subject { display: block; font-size: 15pt; font-weight: bold; margin: 0 0 6pt 0; }
.brevdue-header .brevdue-row { display: block; margin: 0; }
.brevdue-header .brevdue-label { display: inline-block; min-width: 11.5em; margin-right: 0.4em; font-weight: bold; color: #333; }`;

function el(tag: string, attrs: Record<string, string>, ...children: Array<T.Element | string>): T.Element {
  const node = ta.createElement(
    tag,
    NS,
    Object.entries(attrs).map(([name, value]) => ({ name, value })),
  );
  for (const c of children) {
    if (typeof c === 'string') ta.insertText(node, c);
    else ta.appendChild(node, c);
  }
  return node;
}

function formatAddress(a: EmailAddress): string {
  return a.name && a.name !== a.email ? `${a.name} <${a.email}>` : a.email;
}

/** Danish date and time in Copenhagen, e.g. "24. november 2026 kl. 10.00". */
export function formatDanishDate(d: Date): string {
  return new Intl.DateTimeFormat('da-DK', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Copenhagen' }).format(d);
}

function headerBlock(input: EmailPageInput): T.Element {
  const row = (label: string, value: string) => el('div', { class: 'brevdue-row' }, el('span', { class: 'brevdue-label' }, label), value);
  const rows = [
    row('Fra / From:', formatAddress(input.from)),
    row('Til / To:', input.to.map(formatAddress).join(', ')),
    ...(input.cc?.length ? [row('Cc:', input.cc.map(formatAddress).join(', '))] : []),
    row('Dato / Date:', formatDanishDate(input.date)),
    ...(input.attachmentNames.length ? [row('Vedhæftet / Attached:', input.attachmentNames.join(', '))] : []),
  ];
  return el(
    'div',
    { class: 'brevdue-header' },
    el('div', { class: 'brevdue-subject' }, input.subject || '(intet emne / no subject)'),
    ...rows,
  );
}

function findChild(parent: T.ParentNode, tag: string): T.Element | undefined {
  return parent.childNodes.find((n): n is T.Element => 'tagName' in n && n.tagName === tag);
}

/** Normalises a Content-ID as written in a `cid:` URL or a MIME header. */
export function normaliseCid(cid: string): string {
  let c = cid.trim().replace(/^cid:/i, '').replace(/^<|>$/g, '');
  try {
    c = decodeURIComponent(c); // RFC 2392: cid: URLs are %-encoded
  } catch {
    // keep as written
  }
  return c.toLowerCase();
}

/**
 * Rewrites one attribute value: `cid:` references become data: URIs (or nothing, reported
 * through `missing`).
 */
function rewriteCid(value: string, images: Map<string, string>, missing: Set<string>): string {
  if (!/^\s*cid:/i.test(value)) return value;
  const uri = images.get(normaliseCid(value));
  if (!uri) missing.add(value.trim().replace(/^cid:/i, ''));
  return uri ?? '';
}

function rewriteStyleCids(style: string, images: Map<string, string>, missing: Set<string>): string {
  return style.replace(
    /url\(\s*(['"]?)(cid:[^'")]+)\1\s*\)/gi,
    (_m, _q: string, ref: string) => `url("${rewriteCid(ref, images, missing)}")`,
  );
}

function clean(node: T.ParentNode, images: Map<string, string>, missing: Set<string>): void {
  for (const child of [...node.childNodes]) {
    if (!('tagName' in child)) continue;
    const tag = child.tagName;
    const httpEquiv = child.attrs.find((a) => a.name === 'http-equiv')?.value.toLowerCase();
    if (
      REMOVED.has(tag) ||
      (tag === 'meta' && (child.attrs.some((a) => a.name === 'charset') || httpEquiv === 'content-type' || httpEquiv === 'refresh'))
    ) {
      ta.detachNode(child);
      continue;
    }
    child.attrs = child.attrs
      .filter((a) => !a.name.toLowerCase().startsWith('on'))
      .map((a) => {
        if (a.name === 'src' || a.name === 'background') return { ...a, value: rewriteCid(a.value, images, missing) };
        if (a.name === 'style') return { ...a, value: rewriteStyleCids(a.value, images, missing) };
        return a;
      });
    clean(tag === 'template' ? (child as T.Template).content : child, images, missing);
  }
}

/**
 * Builds the page to print.
 * @returns the HTML and the Content-IDs the body refers to that were not supplied
 */
export function buildEmailPage(input: EmailPageInput): { html: string; missingImages: string[] } {
  const doc = parse(input.html);
  const root = findChild(doc, 'html')!;
  const head = findChild(root, 'head')!;
  const body = findChild(root, 'body')!;
  const missing = new Set<string>();
  clean(root, input.images, missing);

  const meta = el('meta', { charset: 'utf-8' });
  const first = head.childNodes[0];
  if (first) ta.insertBefore(head, meta, first);
  else ta.appendChild(head, meta);
  ta.appendChild(head, el('style', {}, PAGE_CSS));
  const header = headerBlock(input);
  const firstBody = body.childNodes[0];
  if (firstBody) ta.insertBefore(body, header, firstBody);
  else ta.appendChild(body, header);

  // Quirks mode (no doctype, common in Outlook HTML) is kept: the mail was written for it.
  return { html: serialize(doc), missingImages: [...missing] };
}
