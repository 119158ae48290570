/**
 * @module
 * What the GetOrganized simulator holds: cases with their metadata and documents in libraries,
 * in memory and, when given a file, saved after every change and loaded at start, so a restart
 * (e.g. of `brevdue start`, which runs simulators in-process) keeps what was filed.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

export interface SimCase {
  caseId: string;
  prefix: string;
  relativeUrl: string;
  metadata: Record<string, string>;
  cpr?: string;
  cvr?: string;
  deleted: boolean;
}

export interface SimDocument {
  docId: number;
  caseId: string;
  listName: string;
  fileName: string;
  metadata: Record<string, string>;
  content: Buffer;
  sha256: string;
  versions: number;
  finalized: boolean;
  relations: Array<{ childDocId: number; relationTypeId: number }>;
}

/** The relation types `GET /_goapi/Documents/RelationTypes` answers. */
export const RELATION_TYPES = [
  { Id: 1, Name: 'Bilag' },
  { Id: 2, Name: 'Svar' },
  { Id: 3, Name: 'Relateret' },
];

export class GoStore {
  readonly cases = new Map<string, SimCase>();
  readonly documents = new Map<number, SimDocument>();
  readonly caseTypePrefixes: Set<string>;
  readonly libraries = new Set(['Dokumenter']);
  #nextDoc = 215_820;
  #caseSeq = new Map<string, number>();

  constructor(
    caseTypePrefixes: string[],
    readonly file?: string,
  ) {
    this.caseTypePrefixes = new Set(caseTypePrefixes);
    if (file && existsSync(file)) {
      const j = JSON.parse(readFileSync(file, 'utf8')) as {
        cases: SimCase[];
        documents: Array<Omit<SimDocument, 'content'> & { content: string }>;
        nextDoc: number;
        caseSeq: Array<[string, number]>;
      };
      for (const c of j.cases) this.cases.set(c.caseId, c);
      for (const d of j.documents) this.documents.set(d.docId, { ...d, content: Buffer.from(d.content, 'base64') });
      this.#nextDoc = j.nextDoc;
      this.#caseSeq = new Map(j.caseSeq);
    }
  }

  /** Writes the state to `file` (atomically: temp file + rename). */
  save(): void {
    if (!this.file) return;
    const j = {
      cases: [...this.cases.values()],
      documents: [...this.documents.values()].map((d) => ({ ...d, content: d.content.toString('base64') })),
      nextDoc: this.#nextDoc,
      caseSeq: [...this.#caseSeq],
    };
    writeFileSync(`${this.file}.tmp`, JSON.stringify(j));
    renameSync(`${this.file}.tmp`, this.file);
  }

  createCase(prefix: string, metadata: Record<string, string>): SimCase {
    const year = new Date().getUTCFullYear();
    const seq = (this.#caseSeq.get(prefix) ?? 0) + 1;
    this.#caseSeq.set(prefix, seq);
    const caseId = `${prefix}-${year}-${String(seq).padStart(6, '0')}`;
    // CCMContactData is "name;#ID;#CPR;#CVR;#PNumber"; GetOrganized derives the _CPR/_CVR fields from it.
    const parts = (metadata.ows_CCMContactData ?? '').split(';#');
    const c: SimCase = {
      caseId,
      prefix,
      relativeUrl: `/cases/${prefix}${(seq % 20) + 1}/${caseId}`,
      metadata,
      cpr: parts[2] || metadata.ows_CCMContactData_CPR || undefined,
      cvr: parts[3] || metadata.ows_CCMContactData_CVR || undefined,
      deleted: false,
    };
    this.cases.set(caseId, c);
    return c;
  }

  caseByRelativeUrl(url: string): SimCase | undefined {
    for (const c of this.cases.values()) if (c.relativeUrl.toLowerCase() === url.toLowerCase()) return c;
    return undefined;
  }

  findFile(caseId: string, listName: string, fileName: string): SimDocument | undefined {
    for (const d of this.documents.values()) {
      if (d.caseId === caseId && d.listName === listName && d.fileName.toLowerCase() === fileName.toLowerCase()) return d;
    }
    return undefined;
  }

  addDocument(d: Omit<SimDocument, 'docId' | 'sha256' | 'versions' | 'finalized' | 'relations'>): SimDocument {
    const doc: SimDocument = {
      ...d,
      docId: this.#nextDoc++,
      sha256: createHash('sha256').update(d.content).digest('hex'),
      versions: 1,
      finalized: false,
      relations: [],
    };
    this.documents.set(doc.docId, doc);
    return doc;
  }

  overwrite(doc: SimDocument, content: Buffer, metadata: Record<string, string>): void {
    doc.content = content;
    doc.sha256 = createHash('sha256').update(content).digest('hex');
    doc.metadata = { ...doc.metadata, ...metadata };
    doc.versions++;
  }
}
