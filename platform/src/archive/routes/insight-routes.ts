/**
 * @module
 * Insight (aktindsigt): a ZIP of everything held about a party (audited).
 */
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/app-env.ts';
import { validationHook } from '../../http/validation-hook.ts';
import type { ArchiveRuntime } from '../archive-runtime.ts';
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
      request: { query: z.object({ party: z.string().regex(/^[\d\s-]{8,13}$/, M.invalidParty) }) },
      responses: { 200: { description: 'ZIP of everything held about the party' }, ...errors },
    }),
    async (c) => {
      const auth = c.get('auth');
      requirePermission(auth, 'insight');
      const party = c.req.valid('query').party.replace(/[\s-]/g, '');
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
