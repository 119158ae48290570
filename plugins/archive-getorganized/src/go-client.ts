/**
 * @module
 * A small client for the parts of GetOrganized's REST API (`/_goapi`) that archiving needs, with
 * the paths, verbs and bodies of itk-dev/getorganized-api-client-php (as OS2Forms uses it).
 * Every failure becomes an `ArchiveError`: network trouble, 408/429/5xx are `transient`,
 * 401/403 and other 4xx `permanent`.
 */
import { ArchiveError, archiveJsonAnswer } from '@brevdue/shared/sdk';
import { messages } from './messages.ts';
import { createNtlmFetch } from './ntlm-fetch.ts';

/** One row of `FindByCaseProperties`' `CasesInfo`. */
export interface GoCaseInfo {
  CaseID: string;
  RelativeUrl?: string;
  Title?: string;
}

/** One file of a case's document library (SharePoint REST, with `ListItemAllFields` expanded). */
export interface GoLibraryFile {
  Name: string;
  ServerRelativeUrl?: string;
  ListItemAllFields?: { DocID?: number; ID?: number; Title?: string };
}

export interface GoClientOptions {
  baseUrl: string;
  username: string;
  password: string;
  /** NTLM (GetOrganized's IIS default) or HTTP Basic. */
  auth: 'ntlm' | 'basic';
  /** Windows domain for NTLM; `DOMAIN\user` in `username` also gives it. */
  domain: string;
  workstation: string;
  timeoutMs: number;
  /** Used for Basic; NTLM signs in connections of its own. */
  fetch: typeof fetch;
}

// Remote text may echo what we sent, including a CPR number: mask anything shaped like one.

/** GetOrganized `_goapi` client. */
export class GetOrganizedClient {
  readonly #o: GoClientOptions;
  readonly #send: (
    url: URL,
    init: { method: string; headers: Record<string, string>; body?: string; signal: AbortSignal },
  ) => Promise<Response>;
  readonly #close: () => Promise<void>;

  constructor(options: GoClientOptions) {
    this.#o = options;
    if (options.auth === 'ntlm') {
      const [domain, username] = options.username.includes('\\') ? options.username.split('\\', 2) : [options.domain, options.username];
      const ntlm = createNtlmFetch({ username: username!, password: options.password, domain: domain!, workstation: options.workstation });
      this.#send = ntlm;
      this.#close = ntlm.close;
    } else {
      const basic = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;
      this.#send = (url, init) => options.fetch(url, { ...init, headers: { ...init.headers, authorization: basic } });
      this.#close = async () => {};
    }
  }

  /** Closes the client's connections. */
  close(): Promise<void> {
    return this.#close();
  }

  async #call<T>(step: string, method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await this.#send(new URL(path, this.#o.baseUrl), {
        method,
        headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.#o.timeoutMs),
      });
    } catch (err) {
      throw new ArchiveError('transient', 'UNREACHABLE', messages.unreachable(err instanceof Error ? err.message : String(err)), {
        cause: err,
      });
    }
    const text = await res.text();
    return archiveJsonAnswer<T>(res.status, text, step, messages);
  }

  /** `POST /_goapi/Cases/FindByCaseProperties`. */
  async findByCaseProperties(query: {
    FieldProperties: Array<{ InternalName: string; Value: string; ComparisonType?: string }>;
    CaseTypePrefixes: string[];
    LogicalOperator?: 'AND' | 'OR';
    ExcludeDeletedCases?: boolean;
    ReturnCasesNumber?: number;
  }): Promise<GoCaseInfo[]> {
    const r = await this.#call<{ CasesInfo?: GoCaseInfo[] }>('FindByCaseProperties', 'POST', '/_goapi/Cases/FindByCaseProperties', query);
    return r.CasesInfo ?? [];
  }

  /** `POST /_goapi/Cases/`: creates a case of a case type from metadata XML. */
  async createCase(caseTypePrefix: string, metadataXml: string): Promise<{ CaseID: string; CaseRelativeUrl: string }> {
    const r = await this.#call<{ CaseID?: string; CaseRelativeUrl?: string }>('createCase', 'POST', '/_goapi/Cases/', {
      CaseTypePrefix: caseTypePrefix,
      MetadataXml: metadataXml,
      ReturnWhenCaseFullyCreated: true,
    });
    if (!r.CaseID || !r.CaseRelativeUrl) throw new ArchiveError('permanent', 'BAD_ANSWER', messages.badAnswer('createCase'));
    return { CaseID: r.CaseID, CaseRelativeUrl: r.CaseRelativeUrl };
  }

  /**
   * `POST /_goapi/Documents/AddToDocumentLibrary`. The file travels as a JSON array of byte
   * values, as the API requires (hence ~3.6 JSON bytes per file byte).
   */
  async addToDocumentLibrary(doc: {
    caseId: string;
    listName: string;
    fileName: string;
    bytes: Buffer;
    metadataXml: string;
    overwrite: boolean;
  }): Promise<number> {
    const r = await this.#call<{ DocId?: number }>('AddToDocumentLibrary', 'POST', '/_goapi/Documents/AddToDocumentLibrary', {
      bytes: Array.from(doc.bytes),
      CaseId: doc.caseId,
      ListName: doc.listName,
      FolderPath: '',
      FileName: doc.fileName,
      Metadata: doc.metadataXml,
      Overwrite: doc.overwrite,
    });
    if (typeof r.DocId !== 'number') throw new ArchiveError('permanent', 'BAD_ANSWER', messages.badAnswer('AddToDocumentLibrary'));
    return r.DocId;
  }

  /** `POST /_goapi/Documents/RelateDocuments`. */
  async relateDocuments(parentDocId: number, childDocIds: number[], relationTypeId: number): Promise<void> {
    await this.#call('RelateDocuments', 'POST', '/_goapi/Documents/RelateDocuments', {
      ParentDocId: parentDocId,
      ChildDocIds: childDocIds,
      RelationTypeId: relationTypeId,
    });
  }

  /** `POST /_goapi/Documents/FinalizeMultiple/ByDocumentId` ("journalisér"). */
  async finalizeMultiple(documentIds: number[]): Promise<void> {
    await this.#call('FinalizeMultiple', 'POST', '/_goapi/Documents/FinalizeMultiple/ByDocumentId', {
      DocumentIds: documentIds,
      ShouldCloseOpenTasks: false,
    });
  }

  /**
   * Lists the files of a case's document library through SharePoint REST, as the itk-dev
   * client's `getDocumentsByCaseId` does.
   */
  async listCaseFiles(caseRelativeUrl: string, listName: string): Promise<GoLibraryFile[]> {
    const path = `${caseRelativeUrl}/_api/web/getFolderByServerRelativeUrl('${caseRelativeUrl}/${listName}/')/Files?$select=ListItemAllFields/*&$expand=ListItemAllFields`;
    const r = await this.#call<{ value?: GoLibraryFile[] }>('listCaseFiles', 'GET', path);
    return r.value ?? [];
  }
}
