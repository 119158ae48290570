/**
 * @module
 * The size limit of JSON request bodies: a JSON body over the limit is refused with 413
 * `too_large` naming the limit, before it is parsed (by `Content-Length` at once, or counted as
 * a chunked body streams in). Routes that take documents have limits of their own and are left out.
 * Where `anyType` says so, bodies of every type are limited: a handler that reads JSON without
 * looking at `Content-Type` must not parse 50 MB sent as text/plain.
 */
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ApiError } from './api-error.ts';
import { requestLang } from './request-lang.ts';

const JSON_TYPE = /^application\/([a-z0-9.+-]+\+)?json\s*(;|$)/i;

/** Which requests the limit applies to. */
export interface JsonBodyLimitOptions {
  /** The largest body accepted, in bytes. */
  maxBytes: number;
  /** Paths with a limit of their own (document uploads): never limited here. */
  except?: (path: string) => boolean;
  /** Paths where bodies of any type are limited, not only JSON. */
  anyType?: (path: string) => boolean;
}

/**
 * Limits JSON bodies on every route it guards.
 * @throws Error when `maxBytes` is not a positive whole number
 * @example app.use('*', jsonBodyLimit({ maxBytes: 2 * 1024 * 1024, except: (p) => p === '/v1/documents' }));
 */
export function jsonBodyLimit(opts: JsonBodyLimitOptions): MiddlewareHandler {
  if (!Number.isInteger(opts.maxBytes) || opts.maxBytes <= 0)
    throw new Error(`jsonBodyLimit: maxBytes must be a positive whole number, got ${opts.maxBytes}`);
  const except = opts.except ?? (() => false);
  const anyType = opts.anyType ?? (() => false);
  const limit = bodyLimit({
    maxSize: opts.maxBytes,
    onError: (c) => {
      // The rest of the body is not read: end the connection rather than leave it for reuse.
      c.header('connection', 'close');
      throw new ApiError(413, 'too_large', tooLargeMessage(requestLang(c.req.header('accept-language')), opts.maxBytes), {
        details: { limitBytes: opts.maxBytes },
      });
    },
  });
  return async (c, next) => {
    const path = c.req.path;
    if (except(path) || !(anyType(path) || JSON_TYPE.test(c.req.header('content-type') ?? ''))) return next();
    return limit(c, next);
  };
}

function tooLargeMessage(lang: 'da' | 'en', bytes: number): string {
  const size = bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MB` : `${bytes} bytes`;
  return lang === 'en'
    ? `The JSON body is larger than the limit of ${size} (http.jsonBodyLimit); send fewer recipients per request, or upload documents with POST /v1/documents`
    : `JSON-indholdet er større end grænsen på ${size} (http.jsonBodyLimit); send færre modtagere pr. kald, eller upload dokumenter med POST /v1/documents`;
}
