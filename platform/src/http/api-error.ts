/**
 * @module
 * The one error shape of the API: `{ "error": { "code", "message", "field"? } }` with a 4xx/5xx
 * status. Messages are Danish first with English alongside and say what to do.
 */
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: string;
  readonly field?: string;
  readonly details?: unknown;
  constructor(status: ContentfulStatusCode, code: string, message: string, opts: { field?: string; details?: unknown } = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = opts.field;
    this.details = opts.details;
  }

  toJSON(): { error: { code: string; message: string; field?: string; details?: unknown } } {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.field ? { field: this.field } : {}),
        ...(this.details ? { details: this.details } : {}),
      },
    };
  }
}

/** Throws a 400 naming the field. */
export function badRequest(field: string, message: string): never {
  throw new ApiError(400, 'invalid_request', message, { field });
}

export function notFound(what: string): never {
  throw new ApiError(404, 'not_found', `${what} findes ikke / ${what} not found`);
}
