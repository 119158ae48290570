/**
 * @module
 * `/v1/letters`: one letter, its events, the exact wire message sent and the remote's receipt
 * (byte for byte), the error list of failed letters paged on the server, and cancelling a failed
 * letter that will not be sent again.
 */
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { AppEnv, AuthInfo } from '../http/app-env.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { lettersOwnedBy } from '../auth/ownership.ts';
import { notFound } from '../http/api-error.ts';
import { letterEventSchema, letterListQuerySchema, letterPageSchema, letterSchema } from '@brevdue/shared/api';
import { errors, json } from '../http/openapi-schemas.ts';
import { validationHook } from '../http/validation-hook.ts';
import type { Runtime } from '../app/runtime-types.ts';
import { cancelFailedLetter } from './cancel-letter.ts';
import { letterView } from './letter-view.ts';
import { listLetters } from './list-letters.ts';

const idParam = z.object({
  id: z
    .string()
    .uuid()
    .openapi({ param: { name: 'id', in: 'path' } }),
});

export function letterRoutes(rt: Runtime): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const load = async (auth: AuthInfo, id: string) => {
    const l = await rt.db.selectFrom('letters').selectAll().where('id', '=', id).where(lettersOwnedBy(auth)).executeTakeFirst();
    if (!l) notFound('Brevet / the letter');
    return l;
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/',
      summary:
        'Letters, newest change first, a page at a time (`nextCursor` → `cursor`), with `total` over all pages. `status=failed` is the error list (without letters already resent)',
      request: { query: letterListQuerySchema },
      responses: { 200: json(letterPageSchema, 'One page of letters'), ...errors },
    }),
    async (c) => {
      const page = await listLetters(rt.db, c.get('auth'), c.req.valid('query'));
      return c.json({ ...page, letters: page.letters.map(letterView) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/{id}/cancel',
      summary: 'Cancel a failed letter: it will not be sent again and leaves the error list (final status `cancelled`)',
      request: { params: idParam },
      responses: { 200: json(letterSchema, 'Cancelled'), 409: json(z.any(), 'Not failed, or already resent'), ...errors },
    }),
    async (c) => c.json(letterView(await cancelFailedLetter(rt.db, rt.queue, c.get('auth'), c.req.valid('param').id)), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      request: { params: idParam },
      responses: { 200: json(letterSchema, 'The letter'), ...errors },
    }),
    async (c) => c.json(letterView(await load(c.get('auth'), c.req.valid('param').id)), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/{id}/events',
      summary: 'Every status change and event of the letter',
      request: { params: idParam },
      responses: { 200: json(z.object({ events: z.array(letterEventSchema) }), 'Events'), ...errors },
    }),
    async (c) => {
      const l = await load(c.get('auth'), c.req.valid('param').id);
      const rows = await rt.db.selectFrom('letter_events').selectAll().where('letter_id', '=', l.id).orderBy('id').execute();
      return c.json(
        {
          events: rows.map((e) => ({
            id: String(e.id),
            type: e.type,
            status: e.status,
            reason: e.reason,
            data: e.data,
            hasRaw: e.raw_sha256 !== null,
            at: e.created_at.toISOString(),
          })),
        },
        200,
      );
    },
  );

  for (const [path, kind] of [
    ['/{id}/message', 'wire'],
    ['/{id}/receipt', 'receipt'],
  ] as const) {
    app.openapi(
      createRoute({
        method: 'get',
        path,
        summary: kind === 'wire' ? 'The exact message transmitted to the provider, byte for byte' : "The provider's answer, byte for byte",
        request: { params: idParam },
        responses: { 200: { description: 'The stored bytes with their media type' }, ...errors },
      }),
      async (c) => {
        const l = await load(c.get('auth'), c.req.valid('param').id);
        const sha = kind === 'wire' ? l.wire_sha256 : l.receipt_sha256;
        const type = kind === 'wire' ? l.wire_media_type : l.receipt_media_type;
        if (!sha || !type) notFound(kind === 'wire' ? 'Den afsendte meddelelse / the sent message' : 'Kvitteringen / the receipt');
        const auth = c.get('auth');
        await writeAudit(rt.db, {
          organisationId: auth.organisationId,
          actor: auth.actor,
          action: kind === 'wire' ? 'letter.message.read' : 'letter.receipt.read',
          subjectType: 'letter',
          subjectId: l.id,
          party: { idType: l.recipient_type, id: l.recipient_id },
          documentSha256: sha,
          sourceAddress: auth.sourceAddress,
        });
        const body = await rt.blobs.read(sha);
        return c.body(new Uint8Array(body), 200, { 'content-type': type, 'content-length': String(body.length), 'x-content-sha256': sha });
      },
    );
  }
  return app;
}
