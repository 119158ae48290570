/**
 * @module
 * Exports to archive targets: the targets configured, queue a case or a date range, list
 * exports and their state (of one case, to follow it).
 */
import { OpenAPIHono, createRoute } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/app-env.ts';
import { validationHook } from '../../http/validation-hook.ts';
import type { ArchiveRuntime } from '../archive-runtime.ts';
import * as S from '../archive-api-schemas.ts';
import { errors, json, tags } from './route-kit.ts';
import { sql } from 'kysely';
import { actorOf, requirePermission } from '../archive-access.ts';
import { requestExport } from '../request-export.ts';

/** Exports to archive targets as a sub-app of the archive routes. */
export function exportRoutes(rt: ArchiveRuntime): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.openapi(
    createRoute({
      method: 'get',
      path: '/targets',
      tags,
      responses: { 200: json(S.targetsSchema, 'The archive targets configured, by name'), ...errors },
    }),
    (c) => {
      requirePermission(c.get('auth'), 'exportRead');
      const t = rt.archiveTargets;
      const targets = t
        .names()
        .sort()
        .map((name) => ({
          name,
          autoExport: t.autoExport(name),
          partyTypes: t.get(name)?.partyTypes ? [...t.get(name)!.partyTypes!] : null,
        }));
      return c.json({ targets }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/exports',
      tags,
      request: { body: { content: { 'application/json': { schema: S.exportRequestSchema } } } },
      responses: {
        202: json(S.exportQueuedSchema, 'Exports queued'),
        ...errors,
      },
    }),
    async (c) => {
      const auth = c.get('auth');
      requirePermission(auth, 'exportWrite');
      const b = c.req.valid('json');
      const req = b.caseId !== undefined ? { caseId: b.caseId, target: b.target } : { from: b.from!, to: b.to!, target: b.target };
      return c.json(await requestExport(rt, auth.organisationId, req, actorOf(auth)), 202);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/exports',
      tags,
      request: { query: S.exportsQuerySchema },
      responses: {
        200: json(S.exportPageSchema, 'Exports, pending and failed first'),
        ...errors,
      },
    }),
    async (c) => {
      const auth = c.get('auth');
      requirePermission(auth, 'exportRead');
      const q = c.req.valid('query');
      let base = rt.db
        .selectFrom('archive_exports as e')
        .innerJoin('archive_records as r', 'r.id', 'e.record_id')
        .where('e.organisation_id', '=', auth.organisationId);
      if (q.status) base = base.where('e.status', '=', q.status);
      if (q.target) base = base.where('e.target', '=', q.target);
      if (q.caseId) base = base.where('r.case_id', '=', q.caseId);
      const [rows, count] = await Promise.all([
        base
          .select([
            'e.id',
            'e.record_id',
            'r.case_id',
            'r.letter_id',
            'r.subject',
            'e.target',
            'e.status',
            'e.attempts',
            'e.last_error',
            'e.error_code',
            'e.external_id',
            'e.updated_at',
            'e.exported_at',
          ])
          .orderBy(sql`case e.status when 'failed' then 0 when 'pending' then 1 else 2 end`)
          .orderBy('e.updated_at', 'desc')
          .limit(q.pageSize)
          .offset((q.page - 1) * q.pageSize)
          .execute(),
        base.select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow(),
      ]);
      const items = rows.map((e) => ({
        id: e.id,
        recordId: e.record_id,
        caseId: e.case_id,
        letterId: e.letter_id,
        subject: e.subject,
        target: e.target,
        status: e.status,
        attempts: e.attempts,
        lastError: e.last_error,
        errorCode: e.error_code,
        externalId: e.external_id,
        updatedAt: new Date(e.updated_at).toISOString(),
        exportedAt: e.exported_at ? new Date(e.exported_at).toISOString() : null,
      }));
      return c.json({ items, total: Number(count.n) }, 200);
    },
  );
  return app;
}
