/**
 * @module
 * What the SBSYS simulator holds: parties (persons appear on first search, as SBSYS looks them
 * up in the CPR register), cases, documents with their files, issued tokens. In memory and, when
 * given a file, saved after every change and loaded at start (tokens are not kept: a restarted
 * SBSYS makes clients log in again).
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

export interface SimPart {
  Id: number;
  Navn: string;
  CPRnummer?: string;
  CVRnummer?: string;
  PartType: 'Person' | 'Firma';
}
export interface SimSag {
  Id: number;
  Nummer: string;
  SagsTitel: string;
  SkabelonId: number;
  SagsBehandlerID: number;
  PrimaryPart: SimPart;
  SagsDato: string;
}
export interface SimDokument {
  Id: number;
  Navn: string;
  SagID: number;
  DokumentDato: string;
  file: { Id: number; Navn: string; Filendelse: string; Size: number; content: Buffer; sha256: string };
}

export class SbsysStore {
  readonly parts = new Map<number, SimPart>();
  readonly sager = new Map<number, SimSag>();
  readonly dokumenter = new Map<number, SimDokument>();
  readonly tokens = new Map<string, number>();
  #id = 1000;

  constructor(
    readonly unknownCprs: Set<string>,
    readonly file?: string,
  ) {
    if (file && existsSync(file)) {
      type Saved = {
        parts: SimPart[];
        sager: SimSag[];
        dokumenter: Array<Omit<SimDokument, 'file'> & { file: Omit<SimDokument['file'], 'content'> & { content: string } }>;
        id: number;
      };
      const j = JSON.parse(readFileSync(file, 'utf8')) as Saved;
      for (const p of j.parts) this.parts.set(p.Id, p);
      for (const s of j.sager) this.sager.set(s.Id, s);
      for (const d of j.dokumenter)
        this.dokumenter.set(d.Id, { ...d, file: { ...d.file, content: Buffer.from(d.file.content, 'base64') } });
      this.#id = j.id;
    }
  }

  /** Writes the state to `file` (atomically: temp file + rename). */
  save(): void {
    if (!this.file) return;
    const j = {
      parts: [...this.parts.values()],
      sager: [...this.sager.values()],
      dokumenter: [...this.dokumenter.values()].map((d) => ({ ...d, file: { ...d.file, content: d.file.content.toString('base64') } })),
      id: this.#id,
    };
    writeFileSync(`${this.file}.tmp`, JSON.stringify(j));
    renameSync(`${this.file}.tmp`, this.file);
  }

  nextId(): number {
    return ++this.#id;
  }

  issueToken(ttlSeconds: number): string {
    const t = randomBytes(24).toString('base64url');
    this.tokens.set(t, Date.now() + ttlSeconds * 1000);
    return t;
  }

  tokenValid(t: string): boolean {
    const until = this.tokens.get(t);
    return until !== undefined && until > Date.now();
  }

  person(cpr: string): SimPart | undefined {
    if (this.unknownCprs.has(cpr.replace('-', ''))) return undefined;
    for (const p of this.parts.values()) if (p.CPRnummer === cpr) return p;
    const p: SimPart = { Id: this.nextId(), Navn: `Borger ${cpr.slice(0, 6)}`, CPRnummer: cpr, PartType: 'Person' };
    this.parts.set(p.Id, p);
    return p;
  }

  firma(cvr: string): SimPart {
    for (const p of this.parts.values()) if (p.CVRnummer === cvr) return p;
    const p: SimPart = { Id: this.nextId(), Navn: `Firma ${cvr}`, CVRnummer: cvr, PartType: 'Firma' };
    this.parts.set(p.Id, p);
    return p;
  }

  addDokument(sagId: number, navn: string, fileName: string, content: Buffer): SimDokument {
    const ext = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
    const d: SimDokument = {
      Id: this.nextId(),
      Navn: navn,
      SagID: sagId,
      DokumentDato: new Date().toISOString(),
      file: {
        Id: this.nextId(),
        Navn: fileName,
        Filendelse: ext,
        Size: content.length,
        content,
        sha256: createHash('sha256').update(content).digest('hex'),
      },
    };
    this.dokumenter.set(d.Id, d);
    return d;
  }
}

/** A document as the API returns it (file contents left out). */
export const dokumentJson = (d: SimDokument) => ({
  Id: d.Id,
  Navn: d.Navn,
  SagID: d.SagID,
  DokumentDato: d.DokumentDato,
  Filer: [{ Id: d.file.Id, Navn: d.file.Navn, Filendelse: d.file.Filendelse, Size: d.file.Size }],
});
