/**
 * @module
 * Insight (aktindsigt): a ZIP of everything held about a party (audited), named by number or by
 * one of the party's cases (the console knows the case, and shows the number masked only).
 */
import { OpenAPIHono, createRoute } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/app-env.ts';
import { validationHook } from '../../http/validation-hook.ts';
import type { ArchiveRuntime } from '../archive-runtime.ts';
import * as S from '../archive-api-schemas.ts';
import { errors, tags } from './route-kit.ts';
import { Readable } from 'node:stream';
import { notFound } from '../../http/api-error.ts';
import { writeAudit } from '../../audit/write-audit.ts';
import { actorOf, requirePermission } from '../archive-access.ts';
import { buildInsightZip } from '../insight-zip.ts';
import { archiveMessages as M } from '../messages.ts';

/** Insight (aktindsigt) as a sub-app of the archive routes. */
export function insightRoutes(rt: ArchiveRuntime): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.openapi(
    createRoute({
      method: 'get',
      path: '/insight',
      tags,
      request: { query: S.insightQuerySchema },
      responses: { 200: { description: 'ZIP of everything held about the party' }, ...errors },
    }),
    async (c) => {
      const auth = c.get('auth');
      requirePermission(auth, 'insight');
      const q = c.req.valid('query');
      let party = q.party?.replace(/[\s-]/g, '');
      if (q.caseId !== undefined) {
        const kase = await rt.db
          .selectFrom('cases')
          .select('party_id')
          .where('id', '=', q.caseId)
          .where('organisation_id', '=', auth.organisationId)
          .executeTakeFirst();
        if (!kase) notFound(M.caseNotFound);
        party = kase.party_id;
      }
      if (party === undefined) notFound('Part / party');
      const zip = await buildInsightZip(rt.db, rt.blobs, auth.organisationId, party);
      if (!zip) notFound('Part / party');
      await writeAudit(rt.db, {
        organisationId: auth.organisationId,
        actor: actorOf(auth),
        action: 'archive.insight.export',
        subjectType: 'case',
        subjectId: zip.summary.caseIds[0],
        details: { ...zip.summary },
      });
      return new Response(Readable.toWeb(zip.stream) as ReadableStream, {
        headers: {
          'content-type': 'application/zip',
          'content-disposition': `attachment; filename="indsigt-${zip.summary.caseIds[0]}.zip"`,
        },
      });
    },
  );
  return app;
}
