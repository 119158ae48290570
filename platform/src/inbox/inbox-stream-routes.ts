/**
 * @module
 * `GET /v1/inbox/events`: received post live (server-sent events) — `received`, `assigned` and
 * `done` for the messages the caller sees (`inbox-access.ts`). Authenticated as every stream is:
 * a bearer token or session, or (EventSource cannot send a header) a 60-second ticket from
 * `POST /v1/inbox/events/ticket` in `?ticket=`. Never the access token in the URL.
 */
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import { issueStreamTicket } from '../auth/stream-tickets.ts';
import { ApiError } from '../http/api-error.ts';
import type { AppEnv } from '../http/app-env.ts';
import { requestLang } from '../http/request-lang.ts';
import { errors, json } from '../http/openapi-schemas.ts';
import { validationHook } from '../http/validation-hook.ts';
import { inboxScopeOf, seesChange } from './inbox-access.ts';
import { createInboxEventHub, type InboxChange } from './inbox-events.ts';
import type { InboxRuntime } from './inbox-routes.ts';
import { inboxText } from './messages.ts';

export const INBOX_EVENTS_PATH = '/v1/inbox/events';
/** A comment line this often keeps proxies from closing a quiet stream. */
const HEARTBEAT_MS = 15_000;

/** The ticket and stream routes, mounted by `inboxRoutes` before `/{id}`. */
export function inboxStreamRoutes(rt: InboxRuntime): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const hub = createInboxEventHub(rt.databaseUrl, rt.logger);

  app.openapi(
    createRoute({
      method: 'post',
      path: '/events/ticket',
      summary: "A ticket (valid 60 s) that opens the inbox's event stream: EventSource cannot send an Authorization header",
      responses: {
        200: json(z.object({ ticket: z.string(), expiresAt: z.string() }), 'The ticket, for `GET /v1/inbox/events?ticket=`'),
        ...errors,
      },
    }),
    (c) => c.json(issueStreamTicket(rt.streamTicketKey, c.get('auth'), INBOX_EVENTS_PATH), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/events',
      summary:
        'Received post live (text/event-stream): `ready` once listening, then `received`, `assigned`, `done` with ' +
        '`{ id, status, assignedTo }` — fetch the message for the rest (an audited read)',
      responses: {
        200: { description: 'text/event-stream', content: { 'text/event-stream': { schema: z.string() } } },
        406: { description: 'The request did not ask for `Accept: text/event-stream`' },
        ...errors,
      },
    }),
    async (c) => {
      // A plain GET (a script, a crawler of the API) would hang on an endless body: a stream is
      // only for a client that asks for one, as EventSource does.
      if (!/\btext\/event-stream\b/i.test(c.req.header('accept') ?? '')) {
        throw new ApiError(406, 'not_acceptable', inboxText(requestLang(c.req.header('accept-language'))).streamAccept, {
          field: 'accept',
        });
      }
      const scope = inboxScopeOf(c.get('auth'));
      const queue: InboxChange[] = [];
      let wake: (() => void) | undefined;
      // Listening before the answer starts: a client that saw `ready` misses nothing after it.
      const unsubscribe = await hub.subscribe((ch) => {
        if (!seesChange(scope, ch)) return;
        queue.push(ch);
        wake?.();
      });
      return streamSSE(c, async (stream) => {
        stream.onAbort(() => {
          unsubscribe();
          wake?.();
        });
        try {
          await stream.writeSSE({ event: 'ready', data: '{}' });
          while (!stream.aborted) {
            while (queue.length > 0) {
              const ch = queue.shift()!;
              await stream.writeSSE({
                event: ch.type,
                id: `${ch.id}:${ch.type}`,
                data: JSON.stringify({
                  id: ch.id,
                  status: ch.status,
                  assignedTo: ch.team || ch.user ? { team: ch.team, user: ch.user } : null,
                }),
              });
            }
            await new Promise<void>((r) => {
              wake = r;
              setTimeout(r, HEARTBEAT_MS);
            });
            wake = undefined;
            if (queue.length === 0 && !stream.aborted) await stream.write(': keep-alive\n\n');
          }
        } finally {
          unsubscribe();
        }
      });
    },
  );
  return app;
}
