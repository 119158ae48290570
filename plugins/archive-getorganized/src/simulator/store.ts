/**
 * @module
 * What the GetOrganized simulator holds: cases with their metadata and documents in libraries,
 * in memory (a simulator restart starts empty).
 */
import { createHash } from 'node:crypto';

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

  constructor(caseTypePrefixes: string[]) {
    this.caseTypePrefixes = new Set(caseTypePrefixes);
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
    const doc: SimDocument = { ...d, docId: this.#nextDoc++, sha256: createHash('sha256').update(d.content).digest('hex'), versions: 1, finalized: false, relations: [] };
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
