/**
 * @module
 * Archive records: search, one record, an archived document's content (audited).
 */
import { OpenAPIHono, createRoute } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/app-env.ts';
import { validationHook } from '../../http/validation-hook.ts';
import type { ArchiveRuntime } from '../archive-runtime.ts';
import * as S from '../archive-api-schemas.ts';
import { errors, json, tags } from './route-kit.ts';
import { Readable } from 'node:stream';
import { ApiError, notFound } from '../../http/api-error.ts';
import { writeAudit } from '../../audit/write-audit.ts';
import { actorOf, requirePermission, scopeOf } from '../archive-access.ts';
import { recordInScope, searchArchive } from '../search-archive.ts';
import { loadRecordDtos } from '../record-dto.ts';
import { auditRecordsRead, disclosedParty, disclosedRecords } from '../party-disclosure.ts';
import { archiveMessages as M } from '../messages.ts';

/** Archive records as a sub-app of the archive routes. */
export function recordRoutes(rt: ArchiveRuntime): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.openapi(
    createRoute({
      method: 'get',
      path: '/records',
      tags,
      request: { query: S.searchQuerySchema },
      responses: { 200: json(S.pageSchema, 'A page of records, newest first'), ...errors },
    }),
    async (c) => {
      const auth = c.get('auth');
      requirePermission(auth, 'read');
      const query = c.req.valid('query');
      const page = await searchArchive(rt.db, scopeOf(auth), query);
      const party = query.party?.replace(/[\s-]/g, '');
      await auditRecordsRead(rt.db, auth, {
        action: 'archive.records.search',
        ...(party ? { party: page.items[0]?.party ?? { idType: partyTypeOf(party), id: party } } : {}),
        records: page.items.length,
        // Which filters, never their values (a name or a subject may be personal data).
        details: { filters: Object.keys(query).filter((k) => k !== 'page' && k !== 'pageSize'), page: page.page },
      });
      return c.json({ ...page, items: disclosedRecords(auth, page.items) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/records/{id}',
      tags,
      request: { params: S.idParamSchema },
      responses: { 200: json(S.recordSchema, 'One record'), ...errors },
    }),
    async (c) => {
      const auth = c.get('auth');
      requirePermission(auth, 'read');
      const [record] = await visibleRecords(rt, auth, [c.req.valid('param').id]);
      if (!record) notFound(M.recordNotFound);
      await auditRecordsRead(rt.db, auth, {
        action: 'archive.record.read',
        subjectType: 'archive_record',
        subjectId: record.id,
        party: record.party,
        records: 1,
      });
      return c.json({ ...record, party: disclosedParty(auth, record.party) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/documents/{id}/content',
      tags,
      request: { params: S.idParamSchema },
      responses: { 200: { description: 'The document as archived' }, 410: { description: 'Deleted by retention' } },
    }),
    async (c) => {
      const auth = c.get('auth');
      requirePermission(auth, 'read');
      const scope = scopeOf(auth);
      let q = rt.db
        .selectFrom('archive_documents as d')
        .innerJoin('archive_records as r', 'r.id', 'd.record_id')
        .select(['d.id', 'd.record_id', 'd.role', 'd.sha256', 'd.filename', 'd.media_type', 'd.bytes', 'd.deleted_at'])
        .where('d.id', '=', c.req.valid('param').id)
        .where('d.organisation_id', '=', scope.organisationId);
      q = q.where(recordInScope(scope, 'r'));
      const doc = await q.executeTakeFirst();
      if (!doc) notFound(M.documentNotFound);
      if (doc.deleted_at) throw new ApiError(410, 'deleted', M.documentDeleted);
      await writeAudit(rt.db, {
        organisationId: scope.organisationId,
        actor: actorOf(auth),
        action: 'archive.document.read',
        subjectType: 'archive_document',
        subjectId: doc.id,
        details: { recordId: doc.record_id, role: doc.role },
      });
      return new Response(Readable.toWeb(rt.blobs.stream(doc.sha256)) as ReadableStream, {
        headers: {
          'content-type': doc.media_type,
          'content-length': String(Number(doc.bytes)),
          'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(doc.filename)}`,
          etag: `"${doc.sha256}"`,
          'x-content-sha256': doc.sha256,
        },
      });
    },
  );
  return app;
}

/** Records by id that the caller may see. */
async function visibleRecords(rt: ArchiveRuntime, auth: AppEnv['Variables']['auth'], ids: string[]) {
  const scope = scopeOf(auth);
  const allowed = (
    await rt.db
      .selectFrom('archive_records as r')
      .select('r.id')
      .where('r.organisation_id', '=', scope.organisationId)
      .where('r.id', 'in', ids)
      .where(recordInScope(scope, 'r'))
      .execute()
  ).map((r) => r.id);
  return loadRecordDtos(rt.db, scope.organisationId, allowed);
}

/** The id type of a party number by its length (a search that found nothing names no type). */
function partyTypeOf(digits: string): string {
  return ({ 8: 'CVR', 9: 'ORGNR', 11: 'FNR' } as Record<number, string>)[digits.length] ?? 'CPR';
}
