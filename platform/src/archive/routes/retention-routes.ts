/**
 * @module
 * Retention (kassation): the organisation's rules, and running them (dry run by default).
 */
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/app-env.ts';
import { validationHook } from '../../http/validation-hook.ts';
import type { ArchiveRuntime } from '../archive-runtime.ts';
import * as S from '../archive-api-schemas.ts';
import { errors, json, tags } from './route-kit.ts';
import { ApiError } from '../../http/api-error.ts';
import { writeAudit } from '../../audit/write-audit.ts';
import { getRetentionRules, setRetentionRules } from '../../retention/retention-rules.ts';
import { runRetention } from '../../retention/run-retention.ts';
import { actorOf, requirePermission } from '../archive-access.ts';

/** Retention (kassation) as a sub-app of the archive routes. */
export function retentionRoutes(rt: ArchiveRuntime): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  const rulesBody = z.object({ rules: z.array(S.retentionRuleSchema).max(100) });
  app.openapi(
    createRoute({
      method: 'get',
      path: '/retention-rules',
      tags,
      responses: { 200: json(S.retentionRulesSchema, 'The organisation\u2019s retention rules'), ...errors },
    }),
    async (c) => {
      const auth = c.get('auth');
      requirePermission(auth, 'retentionRead');
      return c.json({ rules: await getRetentionRules(rt.db, auth.organisationId) }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'put',
      path: '/retention-rules',
      tags,
      request: { body: { content: { 'application/json': { schema: rulesBody } } } },
      responses: { 200: json(S.retentionRulesSchema, 'Rules replaced'), ...errors },
    }),
    async (c) => {
      const auth = c.get('auth');
      requirePermission(auth, 'retentionWrite');
      const { rules } = c.req.valid('json');
      const kinds = new Set<string>();
      for (const [i, r] of rules.entries()) {
        if (kinds.has(r.documentKind))
          throw new ApiError(400, 'invalid_request', `rules.${i}.documentKind: "${r.documentKind}" listed twice / angivet to gange`, {
            field: `rules.${i}.documentKind`,
          });
        kinds.add(r.documentKind);
      }
      const saved = await setRetentionRules(rt.db, auth.organisationId, rules);
      await writeAudit(rt.db, {
        organisationId: auth.organisationId,
        actor: actorOf(auth),
        action: 'retention.rules.set',
        details: { rules: saved },
      });
      return c.json({ rules: saved }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/retention/run',
      tags,
      request: { query: S.retentionRunQuerySchema },
      responses: { 200: json(S.retentionReportSchema, 'What was (dry run: would be) deleted'), ...errors },
    }),
    async (c) => {
      const auth = c.get('auth');
      requirePermission(auth, 'retentionWrite');
      const q = c.req.valid('query');
      const report = await runRetention(rt, { dryRun: q.dryRun === 'true', organisationId: auth.organisationId, actor: actorOf(auth) });
      // The run itself covers every due document; only the list in the answer is paged.
      const documents =
        q.pageSize === undefined ? report.documents : report.documents.slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
      return c.json({ ...report, documents, total: report.documents.length, page: q.page, pageSize: q.pageSize ?? null }, 200);
    },
  );
  return app;
}
