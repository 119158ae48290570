/**
 * @module
 * Turns whatever a route threw into the API's one error shape. The assembled app installs it,
 * and so does every test that mounts a feature's routes on its own.
 */
import type { ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Logger } from 'pino';
import { inLanguage } from '@brevdue/shared';
import { ApiError } from './api-error.ts';
import { requestLang } from './request-lang.ts';
import { isDatabaseUnavailable } from '../db/database-unavailable.ts';

/** Seconds a client is asked to wait while the database is unreachable (a restart takes a few). */
const DATABASE_RETRY_AFTER_SECONDS = 5;
const DATABASE_UNAVAILABLE = {
  da: 'Databasen kan ikke nås lige nu. Send forespørgslen igen om lidt; intet er gemt.',
  en: 'The database cannot be reached right now. Send the request again shortly; nothing was stored.',
};

export function apiErrorHandler(logger: Pick<Logger, 'error'>): ErrorHandler {
  return (err, c) => {
    // One language at a time: the caller's (Accept-Language), of messages still written "Dansk / English".
    const lang = requestLang(c.req.header('accept-language'));
    if (err instanceof ApiError) {
      const body = err.toJSON();
      return c.json({ error: { ...body.error, message: inLanguage(body.error.message, lang) } }, err.status);
    }
    // Hono's own refusals (malformed JSON, a body over a limit) in the API's error shape too.
    if (err instanceof HTTPException) {
      const code = err.status === 413 ? 'too_large' : err.status === 400 ? 'invalid_request' : 'http_error';
      return c.json({ error: { code, message: inLanguage(err.message || 'Ugyldig forespørgsel / invalid request', lang) } }, err.status);
    }
    // The database is down or restarting: nothing was committed, the same request can be sent again.
    if (isDatabaseUnavailable(err)) {
      logger.error({ err, path: c.req.path }, 'database unavailable');
      c.header('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
      const message = DATABASE_UNAVAILABLE[lang];
      return c.json({ error: { code: 'database_unavailable', message } }, 503);
    }
    logger.error({ err, path: c.req.path }, 'unhandled error');
    return c.json({ error: { code: 'internal', message: inLanguage('Intern fejl / internal error', lang) } }, 500);
  };
}
