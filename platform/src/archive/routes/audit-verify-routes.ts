/**
 * @module
 * Audit chain verification for the caller's organisation.
 */
import { OpenAPIHono, createRoute } from '@hono/zod-openapi';
import { auditVerifySchema } from '@brevdue/shared/api';
import type { AppEnv } from '../../http/app-env.ts';
import { validationHook } from '../../http/validation-hook.ts';
import type { ArchiveRuntime } from '../archive-runtime.ts';
import { errors, json, tags } from './route-kit.ts';
import { auditResultForOrganisation, verifyAuditChain } from '../../audit/verify-audit-chain.ts';
import { requirePermission } from '../archive-access.ts';
import { archiveMessages as M } from '../messages.ts';

/** Audit chain verification for the caller's organisation. as a sub-app of the archive routes. */
export function auditVerifyRoutes(rt: ArchiveRuntime): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.openapi(
    createRoute({
      method: 'get',
      path: '/audit/verify',
      tags,
      responses: {
        200: json(
          auditVerifySchema,
          'The audit chain is whole, or where it first breaks (the entry id only when it is the caller organisation\u2019s)',
        ),
        ...errors,
      },
    }),
    async (c) => {
      const auth = c.get('auth');
      requirePermission(auth, 'auditVerify');
      // The chain links every organisation's entries: a break anywhere is reported, but the
      // count and a broken entry's id only for the caller's own organisation.
      const r = auditResultForOrganisation(await verifyAuditChain(rt.db, { organisationId: auth.organisationId }), auth.organisationId);
      const b = r.brokenAt;
      const brokenAt = b && {
        ...(b.id !== null ? { id: b.id } : {}),
        reason: b.reason,
        message: b.organisationId === auth.organisationId ? b.message : M.auditBrokenElsewhere,
      };
      return c.json({ ok: r.ok, checked: r.checked, ...(brokenAt ? { brokenAt } : {}) }, 200);
    },
  );
  return app;
}
