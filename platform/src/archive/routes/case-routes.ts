/**
 * @module
 * Archive cases: a party's case with a page of its records (audited; the whole number only for
 * the archive roles), and legal holds on cases and records.
 */
import { OpenAPIHono, createRoute } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/app-env.ts';
import { validationHook } from '../../http/validation-hook.ts';
import type { ArchiveRuntime } from '../archive-runtime.ts';
import * as S from '../archive-api-schemas.ts';
import { errors, json, tags } from './route-kit.ts';
import { maskId } from '@brevdue/shared';
import { notFound } from '../../http/api-error.ts';
import { actorOf, requirePermission, scopeOf } from '../archive-access.ts';
import { searchArchive } from '../search-archive.ts';
import { setLegalHold } from '../legal-hold.ts';
import { auditRecordsRead, disclosedParty, disclosedRecords } from '../party-disclosure.ts';
import { archiveMessages as M } from '../messages.ts';

/** Archive cases as a sub-app of the archive routes. */
export function caseRoutes(rt: ArchiveRuntime): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.openapi(
    createRoute({
      method: 'get',
      path: '/cases/{id}',
      tags,
      request: { params: S.idParamSchema, query: S.caseQuerySchema },
      responses: { 200: json(S.caseSchema, 'A case with a page of its records, sent and received, newest first'), ...errors },
    }),
    async (c) => {
      const auth = c.get('auth');
      requirePermission(auth, 'read');
      const scope = scopeOf(auth);
      const kase = await rt.db
        .selectFrom('cases')
        .selectAll()
        .where('id', '=', c.req.valid('param').id)
        .where('organisation_id', '=', scope.organisationId)
        .executeTakeFirst();
      if (!kase) notFound(M.caseNotFound);
      const { page: pageNo, pageSize } = c.req.valid('query');
      const page = await searchArchive(rt.db, scope, { caseId: kase.id, page: pageNo, pageSize });
      // A sender sees a case only through a letter they sent in it.
      if (scope.senderRef && page.total === 0) notFound(M.caseNotFound);
      const party = { idType: kase.party_type, id: kase.party_id, masked: maskId(kase.party_type, kase.party_id), name: kase.party_name };
      await auditRecordsRead(rt.db, auth, {
        action: 'archive.case.read',
        subjectType: 'case',
        subjectId: kase.id,
        party,
        records: page.items.length,
        details: { page: page.page },
      });
      return c.json(
        {
          id: kase.id,
          party: disclosedParty(auth, party),
          createdAt: new Date(kase.created_at).toISOString(),
          lastActivityAt: new Date(kase.last_activity_at).toISOString(),
          legalHold: kase.legal_hold,
          records: disclosedRecords(auth, page.items),
          page: page.page,
          pageSize: page.pageSize,
          total: page.total,
        },
        200,
      );
    },
  );

  for (const [path, key] of [
    ['/cases/{id}/legal-hold', 'caseId'],
    ['/records/{id}/legal-hold', 'recordId'],
  ] as const) {
    app.openapi(
      createRoute({
        method: 'post',
        path,
        tags,
        request: { params: S.idParamSchema, body: { content: { 'application/json': { schema: S.legalHoldBodySchema } } } },
        responses: { 200: json(S.legalHoldAnswerSchema, 'Hold placed or lifted'), ...errors },
      }),
      async (c) => {
        const auth = c.get('auth');
        requirePermission(auth, 'legalHold');
        const { id } = c.req.valid('param');
        const body = c.req.valid('json');
        const on = key === 'caseId' ? { caseId: id } : { recordId: id };
        if (!(await setLegalHold(rt.db, auth.organisationId, on, body.hold, body.reason, actorOf(auth))))
          notFound(key === 'caseId' ? M.caseNotFound : M.recordNotFound);
        return c.json({ id, legalHold: body.hold }, 200);
      },
    );
  }
  return app;
}
