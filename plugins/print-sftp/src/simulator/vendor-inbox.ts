/**
 * @module
 * The print vendor behind the SFTP server: takes each batch the moment it is renamed into the
 * drop folder, checks it as the vendor would against the profile (manifest lists every file with
 * the right SHA-256, the index is valid and matches the files, every page A4 and the page count
 * right), and writes return files after a delay: accepted, printed and posted — or an error, or
 * returned mail for an undeliverable address.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { basename, join, posix } from 'node:path';
import { XmlDocument, XmlElement } from 'libxml2-wasm';
import { PDFDocument } from 'pdf-lib';
import yauzl from 'yauzl';
import type { XsdValidator } from '@brevdue/shared/xml';
import type { LoadedProfile } from '../config.ts';
import { letterFileName } from '../letter-record.ts';
import { parseCsv } from '../return-files.ts';
import type { IndexField, ReturnStatus } from '../vendor-profile.ts';

/** A letter as the vendor saw it. */
export interface VendorLetter {
  messageId: string;
  batch: string;
  /** How many drops carried this letter (more than one is a duplicate drop). */
  received: number;
  /** Return records written so far, in order. */
  statuses: Array<{ status: ReturnStatus; reason: string }>;
}

/** A batch as the vendor saw it. */
export interface VendorBatch {
  name: string;
  letters: string[];
  problems: string[];
}

export interface VendorInboxOptions {
  profile: LoadedProfile;
  /** The drop folder as the SFTP client sees it (e.g. /in) and on disk. */
  dropDir: { remote: string; local: string };
  returnDirLocal: string;
  validator?: XsdValidator;
  returnDelayMs: number;
  undeliverablePostalCodes: readonly string[];
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function unzip(file: string): Promise<Map<string, Buffer>> {
  const zip = await new Promise<yauzl.ZipFile>((res, rej) => yauzl.open(file, { lazyEntries: true }, (e, z) => (e ? rej(e) : res(z))));
  const out = new Map<string, Buffer>();
  await new Promise<void>((res, rej) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (e, s) => {
        if (e) return rej(e);
        const chunks: Buffer[] = [];
        s.on('data', (c: Buffer) => chunks.push(c));
        s.on('end', () => (out.set(entry.fileName, Buffer.concat(chunks)), zip.readEntry()));
        s.on('error', rej);
      });
    });
    zip.on('end', () => res());
    zip.on('error', rej);
    zip.readEntry();
  });
  zip.close();
  return out;
}

/** The vendor's intake. */
export class VendorInbox {
  readonly letters = new Map<string, VendorLetter>();
  readonly batches: VendorBatch[] = [];
  readonly #o: VendorInboxOptions;
  readonly #timers = new Set<NodeJS.Timeout>();
  #returnSeq = 0;

  constructor(o: VendorInboxOptions) {
    this.#o = o;
  }

  /** Called by the SFTP server after each rename: a batch has appeared when it lands in the drop folder under its final name. */
  async onRename(_from: string, to: string): Promise<void> {
    if (posix.dirname(to) !== this.#o.dropDir.remote.replace(/\/$/, '') || to.endsWith('.part')) return;
    await this.#take(join(this.#o.dropDir.local, basename(to)), basename(to)).catch((e: unknown) => {
      // What the vendor cannot even open is refused as a whole; nothing is printed.
      this.batches.push({ name: basename(to), letters: [], problems: [`batch cannot be read: ${(e as Error).message}`] });
    });
  }

  close(): void {
    for (const t of this.#timers) clearTimeout(t);
  }

  async #take(path: string, name: string): Promise<void> {
    const p = this.#o.profile;
    const files = name.endsWith('.zip')
      ? await unzip(path)
      : new Map(await Promise.all((await readdir(path)).map(async (f) => [f, await readFile(join(path, f))] as const)));
    const problems: string[] = [];
    const manifest = files.get(p.manifestFile);
    if (!manifest) problems.push(`${p.manifestFile} missing`);
    else {
      const listed = new Map(
        manifest
          .toString('utf8')
          .trim()
          .split('\n')
          .map((l) => [l.slice(66), l.slice(0, 64)] as const),
      );
      for (const [f, body] of files) {
        if (f === p.manifestFile) continue;
        if (!listed.has(f)) problems.push(`${f} is not in the manifest`);
        else if (listed.get(f) !== sha256(body)) problems.push(`${f}: SHA-256 differs from the manifest`);
      }
      for (const f of listed.keys()) if (!files.has(f)) problems.push(`${f} is in the manifest but not in the batch`);
    }
    const index = files.get(p.index.fileName);
    const rows = index ? this.#readIndex(index, problems) : (problems.push(`${p.index.fileName} missing`), []);
    const batch: VendorBatch = { name, letters: rows.map((r) => r.messageId ?? ''), problems };
    this.batches.push(batch);
    const indexed = new Set<string>();
    const outcome: Array<{ messageId: string; error?: string; postalCode?: string }> = [];
    for (const r of rows) {
      const messageId = r.messageId ?? '';
      const file = r.file ?? letterFileName(p, messageId);
      indexed.add(file);
      const body = files.get(file);
      const letterProblems = [...problems];
      if (!messageId) letterProblems.push('letter without messageId');
      if (!body) letterProblems.push(`${file} missing`);
      else {
        if (r.sha256 !== undefined && r.sha256 !== sha256(body)) letterProblems.push(`${file}: SHA-256 differs from the index`);
        letterProblems.push(...(await this.#checkPdf(file, body, r.pages)));
      }
      const seen = this.letters.get(messageId);
      if (seen) {
        seen.received++;
        continue; // The vendor prints a letter id once; a second drop of it is ignored.
      }
      this.letters.set(messageId, { messageId, batch: name, received: 1, statuses: [] });
      outcome.push({ messageId, error: letterProblems[0], postalCode: r.postalCode });
    }
    for (const f of files.keys()) if (f.endsWith('.pdf') && !indexed.has(f)) problems.push(`${f} is not in the index`);
    this.#answer(name, outcome);
  }

  #readIndex(body: Buffer, problems: string[]): Array<Partial<Record<IndexField, string>>> {
    const p = this.#o.profile;
    const nameToField = new Map(p.index.fields.map((f) => [f.name, f.field]));
    const out: Array<Partial<Record<IndexField, string>>> = [];
    if (p.index.format === 'csv') {
      const rows = parseCsv(body.toString('utf8'), p.index.csv.separator);
      const header = p.index.csv.header ? (rows.shift()?.cells ?? []) : p.index.fields.map((f) => f.name);
      for (const row of rows) out.push(Object.fromEntries(header.map((h, i) => [nameToField.get(h) ?? h, row.cells[i] ?? ''])));
      return out;
    }
    const check = this.#o.validator?.validate(body);
    if (check && !check.valid) {
      problems.push(`index does not validate against the vendor's XSD: ${check.errors[0]?.message.trim()}`);
      return out;
    }
    const doc = XmlDocument.fromBuffer(body);
    try {
      for (const el of doc.find(`/*/*[local-name()='${p.index.xml.letter}']`)) {
        const rec: Partial<Record<IndexField, string>> = {};
        if (!(el instanceof XmlElement)) continue;
        for (let c = el.firstChild; c; c = c.next) {
          const field = c instanceof XmlElement ? nameToField.get(c.name) : undefined;
          if (c instanceof XmlElement && field) rec[field] = c.content;
        }
        out.push(rec);
      }
    } finally {
      doc.dispose();
    }
    return out;
  }

  async #checkPdf(file: string, body: Buffer, pages: string | undefined): Promise<string[]> {
    try {
      const pdf = await PDFDocument.load(body, { updateMetadata: false });
      const out: string[] = [];
      pdf.getPages().forEach((pg, i) => {
        const { width, height } = pg.getSize();
        const [short, long] = [Math.min(width, height), Math.max(width, height)];
        if (Math.abs(short - 595.28) > 2 || Math.abs(long - 841.89) > 2) out.push(`${file} page ${i + 1} is not A4`);
      });
      if (pages !== undefined && Number(pages) !== pdf.getPageCount())
        out.push(`${file} has ${pdf.getPageCount()} pages, the index says ${pages}`);
      return out;
    } catch {
      return [`${file} is not a readable PDF`];
    }
  }

  /** Writes the return files of a batch: receipt (or errors) first, the print outcome later. */
  #answer(batch: string, letters: Array<{ messageId: string; error?: string; postalCode?: string }>): void {
    const stamp = (ms: number) => new Date(Date.now() + ms).toISOString();
    const first = letters.map((l) => ({
      id: l.messageId,
      status: l.error ? ('error' as const) : ('accepted' as const),
      reason: l.error ?? '',
      at: stamp(0),
    }));
    type Rec = { id: string; status: ReturnStatus; reason: string; at: string };
    const later = letters
      .filter((l) => !l.error)
      .flatMap((l): Rec[] =>
        this.#o.undeliverablePostalCodes.includes(l.postalCode ?? '')
          ? [{ id: l.messageId, status: 'returned', reason: 'Adressaten er ubekendt på adressen', at: stamp(1) }]
          : [
              { id: l.messageId, status: 'printed', reason: '', at: stamp(1) },
              { id: l.messageId, status: 'posted', reason: '', at: stamp(2) },
            ],
      );
    this.#later(this.#o.returnDelayMs, () => this.#writeReturn(batch, first));
    if (later.length) this.#later(2 * this.#o.returnDelayMs, () => this.#writeReturn(batch, later));
  }

  #later(ms: number, fn: () => Promise<void>): void {
    const t = setTimeout(() => {
      this.#timers.delete(t);
      void fn().catch(() => {});
    }, ms);
    this.#timers.add(t);
  }

  async #writeReturn(batch: string, recs: Array<{ id: string; status: ReturnStatus; reason: string; at: string }>): Promise<void> {
    const r = this.#o.profile.returns;
    const word = (s: ReturnStatus) => Object.entries(r.statuses).find(([, v]) => v === s)?.[0] ?? s.toUpperCase();
    const cell = (s: string) => (s.includes(r.separator) || s.includes('"') ? `"${s.replaceAll('"', '""')}"` : s);
    const lines = [[r.columns.messageId, r.columns.status, r.columns.reason, r.columns.at].join(r.separator)];
    for (const x of recs) {
      lines.push([x.id, word(x.status), x.reason, x.at].map(cell).join(r.separator));
      this.letters.get(x.id)?.statuses.push({ status: x.status, reason: x.reason });
    }
    const name = `${batch.replace(/\.zip$/, '')}_${String(++this.#returnSeq).padStart(4, '0')}.csv`;
    // Written aside and renamed, so a client never reads half a file.
    const tmp = join(this.#o.returnDirLocal, `.${name}.tmp`);
    await writeFile(tmp, lines.join('\r\n') + '\r\n');
    await rename(tmp, join(this.#o.returnDirLocal, name));
  }
}
