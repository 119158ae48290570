/**
 * @module
 * The archive API, mounted at `/v1/archive` behind bearer auth. Every query is scoped to the
 * caller's organisation (another organisation's ids answer 404) and to the caller's role (see
 * `archive-access.ts`). Every read of an archived document is written to the audit log.
 */
import { Readable } from 'node:stream';
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { sql } from 'kysely';
import type { AppEnv } from '../http/app-env.ts';
import { ApiError, notFound } from '../http/api-error.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { verifyAuditChain } from '../audit/verify-audit-chain.ts';
import { getRetentionRules, setRetentionRules } from '../retention/retention-rules.ts';
import { runRetention } from '../retention/run-retention.ts';
import type { ArchiveRuntime } from './archive-runtime.ts';
import { actorOf, requirePermission, scopeOf } from './archive-access.ts';
import * as S from './archive-api-schemas.ts';
import { searchArchive } from './search-archive.ts';
import { loadRecordDtos } from './record-dto.ts';
import { maskPartyId } from './mask-party.ts';
import { requestExport } from './request-export.ts';
import { setLegalHold } from './legal-hold.ts';
import { buildInsightZip } from './insight-zip.ts';
import { archiveMessages as M } from './messages.ts';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });
const errors = { 400: json(S.errorSchema, 'Invalid request'), 403: json(S.errorSchema, 'Role not allowed'), 404: json(S.errorSchema, 'Not found (or another organisation\u2019s)') };
const tags = ['archive'];

/**
 * The archive routes.
 * @example app.route('/v1/archive', archiveRoutes(rt)); // after the bearer-auth middleware
 */
export function archiveRoutes(rt: ArchiveRuntime): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({
    // Validation failures answer in the API's one error shape, naming the field.
    defaultHook: (result) => {
      if (!result.success) {
        const issue = result.error.issues[0];
        throw new ApiError(400, 'invalid_request', issue ? `${issue.path.join('.') || 'request'}: ${issue.message}` : 'invalid request', { field: issue?.path.join('.') });
      }
    },
  });

  app.openapi(createRoute({ method: 'get', path: '/records', tags, request: { query: S.searchQuerySchema }, responses: { 200: json(S.pageSchema, 'A page of records, newest first'), ...errors } }), async (c) => {
    const auth = c.get('auth');
    requirePermission(auth, 'read');
    return c.json(await searchArchive(rt.db, scopeOf(auth), c.req.valid('query')), 200);
  });

  app.openapi(createRoute({ method: 'get', path: '/records/{id}', tags, request: { params: S.idParamSchema }, responses: { 200: json(S.recordSchema, 'One record'), ...errors } }), async (c) => {
    const auth = c.get('auth');
    requirePermission(auth, 'read');
    const [record] = await visibleRecords(rt, auth, [c.req.valid('param').id]);
    if (!record) notFound(M.recordNotFound);
    return c.json(record, 200);
  });

  app.openapi(
    createRoute({ method: 'get', path: '/documents/{id}/content', tags, request: { params: S.idParamSchema }, responses: { 200: { description: 'The document as archived' }, 410: { description: 'Deleted by retention' } } }),
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
      if (scope.senderRef) q = q.where('r.sender_ref', '=', scope.senderRef).where('r.direction', '=', 'outgoing');
      const doc = await q.executeTakeFirst();
      if (!doc) notFound(M.documentNotFound);
      if (doc.deleted_at) throw new ApiError(410, 'deleted', M.documentDeleted);
      await writeAudit(rt.db, { organisationId: scope.organisationId, actor: actorOf(auth), action: 'archive.document.read', subjectType: 'archive_document', subjectId: doc.id, details: { recordId: doc.record_id, role: doc.role } });
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

  app.openapi(createRoute({ method: 'get', path: '/cases/{id}', tags, request: { params: S.idParamSchema }, responses: { 200: json(S.caseSchema, 'A case with its records'), ...errors } }), async (c) => {
    const auth = c.get('auth');
    requirePermission(auth, 'read');
    const scope = scopeOf(auth);
    const kase = await rt.db.selectFrom('cases').selectAll().where('id', '=', c.req.valid('param').id).where('organisation_id', '=', scope.organisationId).executeTakeFirst();
    if (!kase) notFound(M.caseNotFound);
    const page = await searchArchive(rt.db, scope, { caseId: kase.id, pageSize: 200 });
    // A sender sees a case only through a letter they sent in it.
    if (scope.senderRef && page.items.length === 0) notFound(M.caseNotFound);
    return c.json(
      {
        id: kase.id,
        party: { idType: kase.party_type, id: kase.party_id, masked: maskPartyId(kase.party_type, kase.party_id), name: kase.party_name },
        createdAt: new Date(kase.created_at).toISOString(),
        lastActivityAt: new Date(kase.last_activity_at).toISOString(),
        legalHold: kase.legal_hold,
        records: page.items,
      },
      200,
    );
  });

  for (const [path, key] of [
    ['/cases/{id}/legal-hold', 'caseId'],
    ['/records/{id}/legal-hold', 'recordId'],
  ] as const) {
    app.openapi(
      createRoute({ method: 'post', path, tags, request: { params: S.idParamSchema, body: { content: { 'application/json': { schema: S.legalHoldBodySchema } } } }, responses: { 200: json(z.object({ id: z.string(), legalHold: z.boolean() }), 'Hold placed or lifted'), ...errors } }),
      async (c) => {
        const auth = c.get('auth');
        requirePermission(auth, 'legalHold');
        const { id } = c.req.valid('param');
        const body = c.req.valid('json');
        const on = key === 'caseId' ? { caseId: id } : { recordId: id };
        if (!(await setLegalHold(rt.db, auth.organisationId, on, body.hold, body.reason, actorOf(auth)))) notFound(key === 'caseId' ? M.caseNotFound : M.recordNotFound);
        return c.json({ id, legalHold: body.hold }, 200);
      },
    );
  }

  app.openapi(
    createRoute({ method: 'post', path: '/exports', tags, request: { body: { content: { 'application/json': { schema: S.exportRequestSchema } } } }, responses: { 202: json(z.object({ records: z.number(), queued: z.number(), targets: z.array(z.string()) }), 'Exports queued'), ...errors } }),
    async (c) => {
      const auth = c.get('auth');
      requirePermission(auth, 'exportWrite');
      const b = c.req.valid('json');
      const req = b.caseId !== undefined ? { caseId: b.caseId, target: b.target } : { from: b.from!, to: b.to!, target: b.target };
      return c.json(await requestExport(rt, auth.organisationId, req, actorOf(auth)), 202);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/exports', tags, request: { query: S.exportsQuerySchema }, responses: { 200: json(z.object({ items: z.array(S.exportRowSchema), total: z.number() }), 'Exports, pending and failed first'), ...errors } }),
    async (c) => {
      const auth = c.get('auth');
      requirePermission(auth, 'exportRead');
      const q = c.req.valid('query');
      let base = rt.db.selectFrom('archive_exports as e').innerJoin('archive_records as r', 'r.id', 'e.record_id').where('e.organisation_id', '=', auth.organisationId);
      if (q.status) base = base.where('e.status', '=', q.status);
      if (q.target) base = base.where('e.target', '=', q.target);
      const [rows, count] = await Promise.all([
        base
          .select(['e.id', 'e.record_id', 'r.letter_id', 'r.subject', 'e.target', 'e.status', 'e.attempts', 'e.last_error', 'e.error_code', 'e.external_id', 'e.updated_at', 'e.exported_at'])
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

  const rulesBody = z.object({ rules: z.array(S.retentionRuleSchema).max(100) });
  app.openapi(createRoute({ method: 'get', path: '/retention-rules', tags, responses: { 200: json(rulesBody, 'The organisation\u2019s retention rules'), ...errors } }), async (c) => {
    const auth = c.get('auth');
    requirePermission(auth, 'retentionRead');
    return c.json({ rules: await getRetentionRules(rt.db, auth.organisationId) }, 200);
  });
  app.openapi(
    createRoute({ method: 'put', path: '/retention-rules', tags, request: { body: { content: { 'application/json': { schema: rulesBody } } } }, responses: { 200: json(rulesBody, 'Rules replaced'), ...errors } }),
    async (c) => {
      const auth = c.get('auth');
      requirePermission(auth, 'retentionWrite');
      const { rules } = c.req.valid('json');
      const kinds = new Set<string>();
      for (const [i, r] of rules.entries()) {
        if (kinds.has(r.documentKind)) throw new ApiError(400, 'invalid_request', `rules.${i}.documentKind: "${r.documentKind}" listed twice / angivet to gange`, { field: `rules.${i}.documentKind` });
        kinds.add(r.documentKind);
      }
      const saved = await setRetentionRules(rt.db, auth.organisationId, rules);
      await writeAudit(rt.db, { organisationId: auth.organisationId, actor: actorOf(auth), action: 'retention.rules.set', details: { rules: saved } });
      return c.json({ rules: saved }, 200);
    },
  );
  app.openapi(
    createRoute({ method: 'post', path: '/retention/run', tags, request: { query: z.object({ dryRun: z.enum(['true', 'false']).default('true') }) }, responses: { 200: json(S.retentionReportSchema, 'What was (dry run: would be) deleted'), ...errors } }),
    async (c) => {
      const auth = c.get('auth');
      requirePermission(auth, 'retentionWrite');
      const dryRun = c.req.valid('query').dryRun === 'true';
      return c.json(await runRetention(rt, { dryRun, organisationId: auth.organisationId, actor: actorOf(auth) }), 200);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/insight', tags, request: { query: z.object({ party: z.string().regex(/^[\d\s-]{8,13}$/, M.invalidParty) }) }, responses: { 200: { description: 'ZIP of everything held about the party' }, ...errors } }),
    async (c) => {
      const auth = c.get('auth');
      requirePermission(auth, 'insight');
      const party = c.req.valid('query').party.replace(/[\s-]/g, '');
      const zip = await buildInsightZip(rt.db, rt.blobs, auth.organisationId, party);
      if (!zip) notFound('Part / party');
      await writeAudit(rt.db, { organisationId: auth.organisationId, actor: actorOf(auth), action: 'archive.insight.export', subjectType: 'case', subjectId: zip.summary.caseIds[0], details: { ...zip.summary } });
      return new Response(Readable.toWeb(zip.stream) as ReadableStream, {
        headers: { 'content-type': 'application/zip', 'content-disposition': `attachment; filename="indsigt-${zip.summary.caseIds[0]}.zip"` },
      });
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/audit/verify',
      tags,
      responses: { 200: json(z.object({ ok: z.boolean(), checked: z.number(), brokenAt: z.object({ id: z.number().optional(), reason: z.string(), message: z.string() }).optional() }), 'The audit chain is whole, or where it first breaks (the entry id only when it is the caller organisation\u2019s)'), ...errors },
    }),
    async (c) => {
      const auth = c.get('auth');
      requirePermission(auth, 'auditVerify');
      // The chain links every organisation's entries: a break anywhere is reported, but the
      // count and a broken entry's id only for the caller's own organisation.
      const r = await verifyAuditChain(rt.db, { organisationId: auth.organisationId });
      const b = r.brokenAt;
      const brokenAt = b && (b.organisationId === auth.organisationId ? { id: b.id, reason: b.reason, message: b.message } : { reason: b.reason, message: M.auditBrokenElsewhere });
      return c.json({ ok: r.ok, checked: r.checked, ...(brokenAt ? { brokenAt } : {}) }, 200);
    },
  );

  return app;
}

/** Records by id that the caller may see. */
async function visibleRecords(rt: ArchiveRuntime, auth: AppEnv['Variables']['auth'], ids: string[]) {
  const scope = scopeOf(auth);
  let q = rt.db.selectFrom('archive_records').select('id').where('organisation_id', '=', scope.organisationId).where('id', 'in', ids);
  if (scope.senderRef) q = q.where('sender_ref', '=', scope.senderRef).where('direction', '=', 'outgoing');
  const allowed = (await q.execute()).map((r) => r.id);
  return loadRecordDtos(rt.db, scope.organisationId, allowed);
}
