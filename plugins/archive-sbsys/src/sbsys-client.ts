/**
 * @module
 * A small client for the SBSYS web API endpoints archiving needs, with the paths and bodies of
 * the AAK-MBU SBSYS client: OAuth2 token (password grant, cached until shortly before expiry,
 * refreshed once on a 401), case search, party search, case from template, a case's documents
 * and `journaliser` upload. Failures become `ArchiveError`s (network, 408/429/5xx transient).
 */
import { ArchiveError, archiveJsonAnswer, remoteDetail } from '@brevdue/shared/sdk';
import { messages } from './messages.ts';

export interface SbsysSag {
  Id: number;
  Nummer?: string;
  SagsTitel?: string;
  Titel?: string;
}
export interface SbsysPart {
  Id: number;
  Navn?: string;
}
export interface SbsysDokument {
  Id: number;
  Navn?: string;
  SagID?: number;
  Filer?: Array<{ Id: number; Navn?: string; Filendelse?: string; Size?: number }>;
}

export interface SbsysClientOptions {
  baseUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
  timeoutMs: number;
  fetch: typeof fetch;
}

/** SBSYS wants CPR numbers as DDMMYY-NNNN. */
export const sbsysCpr = (cpr: string) => `${cpr.slice(0, 6)}-${cpr.slice(6, 10)}`;

export class SbsysClient {
  readonly #o: SbsysClientOptions;
  #token?: { value: string; until: number };

  constructor(options: SbsysClientOptions) {
    this.#o = options;
  }

  async #fetch(url: string, init: RequestInit): Promise<Response> {
    try {
      return await this.#o.fetch(url, { ...init, signal: AbortSignal.timeout(this.#o.timeoutMs) });
    } catch (err) {
      throw new ArchiveError('transient', 'UNREACHABLE', messages.unreachable(err instanceof Error ? err.message : String(err)), {
        cause: err,
      });
    }
  }

  async #accessToken(force: boolean): Promise<string> {
    if (!force && this.#token && Date.now() < this.#token.until) return this.#token.value;
    const res = await this.#fetch(this.#o.tokenUrl, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'password',
        client_id: this.#o.clientId,
        client_secret: this.#o.clientSecret,
        username: this.#o.username,
        password: this.#o.password,
      }),
    });
    const text = await res.text();
    if (res.status === 408 || res.status === 429 || res.status >= 500)
      throw new ArchiveError('transient', 'REMOTE_BUSY', messages.busy('token', res.status));
    if (!res.ok) throw new ArchiveError('permanent', 'AUTH', messages.auth(res.status, remoteDetail(text)));
    const body = JSON.parse(text) as { access_token?: string; expires_in?: number };
    if (!body.access_token) throw new ArchiveError('permanent', 'BAD_ANSWER', messages.badAnswer('token'));
    // Refresh 60 s early so a token cannot expire mid-flight.
    this.#token = { value: body.access_token, until: Date.now() + Math.max(0, (body.expires_in ?? 3600) - 60) * 1000 };
    return body.access_token;
  }

  async #call<T>(step: string, method: string, path: string, body?: { json: unknown } | { form: FormData }): Promise<T> {
    const send = async (force: boolean) => {
      const headers: Record<string, string> = { accept: 'application/json', authorization: `Bearer ${await this.#accessToken(force)}` };
      let payload: BodyInit | undefined;
      if (body && 'json' in body) {
        headers['content-type'] = 'application/json';
        payload = JSON.stringify(body.json);
      } else if (body) payload = body.form;
      return this.#fetch(`${this.#o.baseUrl.replace(/\/$/, '')}${path}`, { method, headers, body: payload });
    };
    let res = await send(false);
    // A token SBSYS no longer accepts: refresh once and replay (as the AAK-MBU client does).
    if (res.status === 401) res = await send(true);
    const text = await res.text();
    return archiveJsonAnswer<T>(res.status, text, step, messages);
  }

  /** `POST /api/sag/search`: criteria as SBSYS expects them, plus paging. First page only (we look for one case). */
  async searchCases(criteria: Record<string, unknown>): Promise<SbsysSag[]> {
    const r = await this.#call<{ Results?: SbsysSag[] }>('sag/search', 'POST', '/api/sag/search', {
      json: { ...criteria, PageNumber: 1, PageSize: 100 },
    });
    return r.Results ?? [];
  }

  /** `POST /api/person/search` (CPR) or `/api/firma/search` (CVR): the SBSYS party id. */
  async findParty(idType: 'CPR' | 'CVR', id: string): Promise<SbsysPart | undefined> {
    const rows =
      idType === 'CPR'
        ? await this.#call<SbsysPart[]>('person/search', 'POST', '/api/person/search', { json: { CprNummer: sbsysCpr(id) } })
        : await this.#call<SbsysPart[]>('firma/search', 'POST', '/api/firma/search', { json: { CvrNummer: id } });
    return Array.isArray(rows) ? rows[0] : undefined;
  }

  /** `POST /api/sag/template`: a case from a template, with the party as primary and only party. */
  async createFromTemplate(a: {
    title: string;
    templateId: number;
    caseworkerId: number;
    partId: number;
    partType: 'Person' | 'Firma';
  }): Promise<SbsysSag> {
    const part = { PartId: a.partId, PartType: a.partType };
    const r = await this.#call<SbsysSag>('sag/template', 'POST', '/api/sag/template', {
      json: { SagsTitel: a.title, SkabelonId: a.templateId, SagsBehandlerID: a.caseworkerId, PrimaryPart: part, Parts: [part] },
    });
    if (typeof r.Id !== 'number') throw new ArchiveError('permanent', 'BAD_ANSWER', messages.badAnswer('sag/template'));
    return r;
  }

  /** `GET /api/sag/{id}/dokumenter`. */
  async caseDocuments(caseId: number): Promise<SbsysDokument[]> {
    const r = await this.#call<SbsysDokument[] | { Results?: SbsysDokument[] }>('sag/dokumenter', 'GET', `/api/sag/${caseId}/dokumenter`);
    return Array.isArray(r) ? r : (r.Results ?? []);
  }

  /**
   * `POST /api/dokument/journaliser` (multipart: `file` + `json` with `SagID`, `DokumentNavn`).
   * NOT idempotent: a replay makes a second document, so callers look first (`caseDocuments`).
   */
  async journaliser(a: { caseId: number; name: string; fileName: string; mediaType: string; bytes: Buffer }): Promise<SbsysDokument> {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(a.bytes)], { type: a.mediaType }), a.fileName);
    form.append('json', JSON.stringify({ SagID: a.caseId, DokumentNavn: a.name }));
    const r = await this.#call<SbsysDokument>('dokument/journaliser', 'POST', '/api/dokument/journaliser', { form });
    if (typeof r.Id !== 'number') throw new ArchiveError('permanent', 'BAD_ANSWER', messages.badAnswer('dokument/journaliser'));
    return r;
  }
}
