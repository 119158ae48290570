/**
 * @module
 * The panes' client of the platform API: JSON calls through `fetch`, uploads through
 * XMLHttpRequest because only XHR reports upload progress. Credentials: a bearer token (the
 * organisation account's access token, or a trial API token), or on /send the session cookie
 * with the CSRF header on every request that changes something.
 */
import type { IdType, ShipmentRequestInput } from '@brevdue/shared';
import type {
  EmailDocumentRequest,
  EmailDocuments,
  ProductionUnits,
  RecipientLookup,
  ShipmentPreview,
  ShipmentView,
  DocumentView,
  SplitRequestInput,
  SplitView,
  ArchiveRecordPage,
  ShipmentList,
} from '@brevdue/shared/api';
import { currentLanguage, messages } from './messages.ts';
import { CSRF_HEADER, type Me } from './auth/session-token-provider.ts';
import type { TokenProvider } from './token-provider.ts';

/** An error answer of the API (`{ error: { code, message, field? } }`), or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** With the English switch on, the platform's own texts (errors, hold reasons) come in English too. */
const LANGUAGE: Record<string, string> = currentLanguage() === 'en' ? { 'accept-language': 'en' } : {};

/** Upload progress: bytes sent of total. */
export type ProgressListener = (sent: number, total: number) => void;

function toApiError(status: number, body: unknown): ApiError {
  const e = (body as { error?: { code?: string; message?: string; field?: string } } | null)?.error;
  if (e?.message) return new ApiError(status, e.code ?? 'error', e.message, e.field);
  return new ApiError(status, 'http_error', `HTTP ${status}`);
}

/**
 * Client of the Brevdue API for one base URL (the panes use their own origin).
 * @example const api = new BrevdueApi(location.origin, tokens);
 */
export class BrevdueApi {
  constructor(
    readonly baseUrl: string,
    readonly tokens: TokenProvider,
  ) {}

  private async auth(): Promise<string> {
    const token = await this.tokens.getToken();
    if (!token) throw new ApiError(401, 'unauthorized', messages.tokenRejected);
    return token;
  }

  /** The credential headers of one request: the bearer token, or with the session cookie the CSRF header. */
  private async authHeaders(method: string): Promise<Record<string, string>> {
    if (this.tokens.cookieSession) return method === 'GET' || method === 'HEAD' ? {} : { [CSRF_HEADER]: '1' };
    return { authorization: `Bearer ${await this.auth()}` };
  }

  /** A 401 with the session cookie means the session ended: off to sign in again, back to this page after. */
  private unauthorized(status: number): void {
    if (status === 401 && this.tokens.cookieSession) void this.tokens.signIn?.();
  }

  /** A JSON request; throws {@link ApiError} for non-2xx answers. */
  async json<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const auth = await this.authHeaders(method);
    let res: Response;
    try {
      res = await fetch(this.baseUrl + path, {
        method,
        credentials: 'same-origin',
        headers: { ...auth, ...LANGUAGE, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, 'network', messages.networkError);
    }
    const text = await res.text();
    const parsed: unknown = text ? JSON.parse(text) : null;
    this.unauthorized(res.status);
    if (!res.ok) throw toApiError(res.status, parsed);
    return parsed as T;
  }

  /** `GET /v1/me`: the organisation, and the signed-in user (null for an API token). */
  me(): Promise<Me> {
    return this.json<Me>('GET', '/v1/me');
  }

  /** Sends a body with XHR so `onProgress` sees the upload advance. */
  private async xhr<T>(path: string, body: Blob | string, headers: Record<string, string>, onProgress?: ProgressListener): Promise<T> {
    const auth = await this.authHeaders('POST');
    return new Promise<T>((resolve, reject) => {
      const req = new XMLHttpRequest();
      req.open('POST', this.baseUrl + path);
      // Same-origin XHR sends the session cookie by itself; withCredentials only matters across origins.
      for (const [k, v] of Object.entries(auth)) req.setRequestHeader(k, v);
      for (const [k, v] of Object.entries(headers)) req.setRequestHeader(k, v);
      req.upload.onprogress = (e) => onProgress?.(e.loaded, e.lengthComputable ? e.total : e.loaded);
      req.onerror = () => reject(new ApiError(0, 'network', messages.networkError));
      req.onload = () => {
        let parsed: unknown = null;
        try {
          parsed = req.responseText ? JSON.parse(req.responseText) : null;
        } catch {
          /* a proxy's HTML error page: reported by status below */
        }
        this.unauthorized(req.status);
        if (req.status >= 200 && req.status < 300) resolve(parsed as T);
        else reject(toApiError(req.status, parsed));
      };
      req.send(body);
    });
  }

  /** `POST /v1/documents`: uploads a PDF or DOCX. */
  uploadDocument(file: Blob, filename: string, onProgress?: ProgressListener): Promise<DocumentView> {
    return this.xhr<DocumentView>(
      '/v1/documents',
      file,
      {
        'content-type': file.type || 'application/octet-stream',
        'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`,
      },
      onProgress,
    );
  }

  /** `POST /v1/documents/from-email`: the platform renders the mail to PDF and keeps the attachments. */
  uploadEmail(payload: EmailDocumentRequest, onProgress?: ProgressListener): Promise<EmailDocuments> {
    return this.xhr<EmailDocuments>(
      '/v1/documents/from-email',
      JSON.stringify(payload),
      { 'content-type': 'application/json' },
      onProgress,
    );
  }

  /** `POST /v1/documents/{id}/split`: the finished split (200) or one still running (202) to poll. */
  split(documentId: string, body: SplitRequestInput): Promise<SplitView> {
    return this.json<SplitView>('POST', `/v1/documents/${encodeURIComponent(documentId)}/split`, body);
  }

  /** `GET /v1/splits/{id}`: a split's progress while it runs, its letters when done. */
  getSplit(id: string): Promise<SplitView> {
    return this.json<SplitView>('GET', `/v1/splits/${encodeURIComponent(id)}`);
  }

  /**
   * The URL a frame can show `GET /v1/documents/{id}/content` from: only with the session cookie
   * (/send), which the frame's own request carries; a bearer token it could not send.
   */
  documentContentUrl(documentId: string): string | undefined {
    return this.tokens.cookieSession ? `${this.baseUrl}/v1/documents/${encodeURIComponent(documentId)}/content` : undefined;
  }

  /** `GET /v1/documents/{id}/content` as a Blob (the panes' bearer token in the header). */
  async documentContent(documentId: string): Promise<Blob> {
    const auth = await this.authHeaders('GET');
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}/v1/documents/${encodeURIComponent(documentId)}/content`, {
        credentials: 'same-origin',
        headers: auth,
      });
    } catch {
      throw new ApiError(0, 'network', messages.networkError);
    }
    this.unauthorized(res.status);
    if (!res.ok) throw toApiError(res.status, await res.json().catch(() => null));
    return res.blob();
  }

  /** `GET /v1/recipients/lookup`: registration and, where known, the name. */
  lookup(idType: IdType, id: string): Promise<RecipientLookup> {
    return this.json<RecipientLookup>('GET', `/v1/recipients/lookup?idType=${idType}&id=${encodeURIComponent(id)}`);
  }

  /** `GET /v1/recipients/production-units`: a company's P-units. */
  productionUnits(cvr: string): Promise<ProductionUnits> {
    return this.json<ProductionUnits>('GET', `/v1/recipients/production-units?cvr=${encodeURIComponent(cvr)}`);
  }

  /**
   * A file the API serves (a letter's receipt, an archived document) as a link target: the URL
   * itself where the session cookie is the credential (/send), else undefined — then {@link file}.
   */
  fileUrl(path: string): string | undefined {
    return this.tokens.cookieSession ? `${this.baseUrl}${path}` : undefined;
  }

  /** A file the API serves, fetched with the pane's bearer token (a link cannot carry it). */
  async file(path: string): Promise<Blob> {
    const auth = await this.authHeaders('GET');
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}${path}`, { credentials: 'same-origin', headers: { ...auth, ...LANGUAGE } });
    } catch {
      throw new ApiError(0, 'network', messages.networkError);
    }
    this.unauthorized(res.status);
    if (!res.ok) throw toApiError(res.status, await res.json().catch(() => null));
    return res.blob();
  }

  /** `GET /v1/shipments`: the caller's shipments, newest first; `before` pages on (a `createdAt` of the page before). */
  shipments(limit: number, before?: string): Promise<ShipmentList> {
    const q = new URLSearchParams({ limit: String(limit), ...(before ? { before } : {}) });
    return this.json('GET', `/v1/shipments?${q}`);
  }

  /**
   * `GET /v1/archive/records?letterId=…`: the records of these letters (at most 100) that the
   * caller may see; a copy's letter has two (its own, and one in its original recipient's case).
   */
  archiveRecordsOf(letterIds: readonly string[]): Promise<ArchiveRecordPage> {
    const q = new URLSearchParams({ letterId: letterIds.join(','), pageSize: '200' });
    return this.json('GET', `/v1/archive/records?${q}`);
  }

  /** `POST /v1/shipments/preview`. */
  preview(body: ShipmentRequestInput): Promise<ShipmentPreview> {
    return this.json<ShipmentPreview>('POST', '/v1/shipments/preview', body);
  }

  /** `POST /v1/shipments` with an idempotency key, so a retried click sends once. */
  send(body: ShipmentRequestInput, idempotencyKey: string): Promise<ShipmentView> {
    return this.json<ShipmentView>('POST', '/v1/shipments', body, { 'idempotency-key': idempotencyKey });
  }

  /** `GET /v1/shipments/{id}`. */
  shipment(id: string): Promise<ShipmentView> {
    return this.json<ShipmentView>('GET', `/v1/shipments/${encodeURIComponent(id)}`);
  }

  /**
   * URL of the shipment's event stream. EventSource cannot send headers, so the URL carries a
   * short-lived ticket for this one stream (`POST …/events/ticket`), never the token itself.
   */
  async eventsUrl(shipmentId: string): Promise<string> {
    const path = `/v1/shipments/${encodeURIComponent(shipmentId)}/events`;
    const { ticket } = await this.json<{ ticket: string; expiresAt: string }>('POST', `${path}/ticket`);
    return `${this.baseUrl}${path}?ticket=${encodeURIComponent(ticket)}`;
  }
}
