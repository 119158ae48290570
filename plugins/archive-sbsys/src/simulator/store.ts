/**
 * @module
 * What the SBSYS simulator holds: parties (persons appear on first search, as SBSYS looks them
 * up in the CPR register), cases, documents with their files, issued tokens. In memory.
 */
import { createHash, randomBytes } from 'node:crypto';

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

  constructor(readonly unknownCprs: Set<string>) {}

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
      file: { Id: this.nextId(), Navn: fileName, Filendelse: ext, Size: content.length, content, sha256: createHash('sha256').update(content).digest('hex') },
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
