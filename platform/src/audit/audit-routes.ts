/**
 * @module
 * `GET /v1/audit`: the organisation's audit log for auditors and admins, filtered and paged as
 * JSON, or the whole match as CSV with `?format=csv` (one operation in the policy table, one
 * set of filters). The lead mounts it at `/v1/audit`; the policy table decides who may call it.
 */
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Kysely } from 'kysely';
import { auditPageSchema } from '@brevdue/shared/api';
import type { Database } from '../db/schema.ts';
import type { AppEnv } from '../http/app-env.ts';
import { errors } from '../http/openapi-schemas.ts';
import { validationHook } from '../http/validation-hook.ts';
import { auditCsv } from './audit-csv.ts';
import { AUDIT_MAX_PAGE_SIZE, searchAudit } from './search-audit.ts';
import { auditMessages } from './messages.ts';

// Validation texts in the default language (Danish), like every 400 of the API.
const M = auditMessages();

const moment = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), M.notDate)
  .transform((s) => new Date(s));

const querySchema = z.object({
  actor: z
    .string()
    .min(1)
    .optional()
    .openapi({ description: '`user:<id>`, `token:<id>`, `system` or `cli`', example: 'user:6f1c0f6e-3b1a-4c38-9a53-2d8e5f0b9a11' }),
  objectId: z.string().min(1).optional().openapi({ description: 'Id of the object the entry is about (letter, shipment, token ...)' }),
  party: z
    .string()
    .regex(/^[\dXx\s-]{8,13}$/, M.partyDigits)
    .optional()
    .openapi({ description: "The party's id in full or masked; matched on the masked form (a CPR matches everyone born that day)" }),
  action: z
    .string()
    .regex(/^[a-z0-9_.-]{1,100}$/, M.actionFormat)
    .optional()
    .openapi({
      description: 'Exact (`letter.message.read`), a family (`letter` = `letter` and `letter.*`), or a prefix ending in a dot (`letter.`)',
    }),
  from: moment.optional().openapi({ type: 'string', description: 'From this moment, inclusive (ISO 8601)' }),
  to: moment.optional().openapi({ type: 'string', description: 'Up to this moment, exclusive (ISO 8601)' }),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(AUDIT_MAX_PAGE_SIZE).default(50),
  format: z.enum(['json', 'csv']).default('json').openapi({ description: '`csv`: every matching entry as CSV (paging ignored)' }),
  lang: z.enum(['da', 'en']).default('da').openapi({ description: 'Language of the CSV header' }),
});

/** A text stream of an async generator's chunks; stops the generator when the client goes away. */
function textStream(chunks: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await chunks.next();
      if (done) controller.close();
      else controller.enqueue(enc.encode(value));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}

/**
 * The audit routes, to mount at `/v1/audit` (auditor and admin by the policy table).
 * @example app.route('/v1/audit', auditRoutes(rt));
 */
export function auditRoutes(rt: { db: Kysely<Database> }): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(
    createRoute({
      method: 'get',
      path: '/',
      summary: 'The audit log of the organisation: who read and changed what, newest first; `format=csv` exports every match',
      request: { query: querySchema },
      responses: {
        200: {
          description: 'A page of entries (JSON), or every matching entry (CSV, RFC 4180, formula-safe)',
          content: { 'application/json': { schema: auditPageSchema }, 'text/csv': { schema: z.string() } },
        },
        ...errors,
      },
    }),
    async (c) => {
      const { format, lang, page, pageSize, ...filters } = c.req.valid('query');
      const organisationId = c.get('auth').organisationId;
      if (format === 'csv') {
        const name = `audit-${new Date().toISOString().slice(0, 10)}.csv`;
        return c.body(textStream(auditCsv(rt.db, organisationId, filters, { locale: lang })), 200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="${name}"`,
          'cache-control': 'no-store',
        });
      }
      return c.json(await searchAudit(rt.db, organisationId, { ...filters, page, pageSize }), 200);
    },
  );
  return app;
}
