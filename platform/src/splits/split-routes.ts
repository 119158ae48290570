/**
 * @module
 * `POST /v1/documents/{id}/split` and `GET /v1/splits/{id}`: a merged PDF (one letter per
 * recipient, each starting with the recipient's address block and CPR/CVR number) cut into one
 * document per letter that holds only that letter's pages, optionally with every CPR number
 * removed from the content itself. Whoever sees the source document sees the split and its
 * letters; every answer that names recipients is audited.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { splitRequestSchema, splitSchema, type SplitView } from '@brevdue/shared/api';
import type { Runtime } from '../app/runtime-types.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { ownedBy } from '../auth/ownership.ts';
import type { SplitRow } from '../db/schema.ts';
import { ApiError } from '../http/api-error.ts';
import type { AppEnv } from '../http/app-env.ts';
import { errorResponse, errors, json } from '../http/openapi-schemas.ts';
import { requestLang } from '../http/request-lang.ts';
import { validationHook } from '../http/validation-hook.ts';
import type { Lang } from '../pdf-engine/index.ts';
import { failStaleSplits, runSplit } from './run-split.ts';
import { splitMessages, type StoredSplitError } from './split-messages.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// A small document is split in well under this: the answer is then the finished split (200),
// and a refused document (unreadable, too many pages) its 4xx rather than a failed split to poll.
const ANSWER_WAIT_MS = 2000;

const idParam = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' }, format: 'uuid' }) });

const splitRoute = createRoute({
  method: 'post',
  path: '/documents/{id}/split',
  summary: 'Split a merged PDF into one document per letter',
  description:
    "`by: identifier`: a letter starts on a page whose first CPR/CVR number differs from the current letter's recipient; a page without one " +
    'belongs to the letter before; pages before the first number are reported in `unassignedPages`. `by: pages`: every `pagesPerLetter` pages. ' +
    "`redactCpr`: every CPR number is removed from the letters' text and glyphs (not covered), replaced visibly; CVR numbers stay. " +
    'Answers 200 when the split finished at once, else 202 with `Location`; poll `GET /v1/splits/{id}`.',
  request: { params: idParam, body: { content: { 'application/json': { schema: splitRequestSchema } }, required: true } },
  responses: {
    200: json(splitSchema, 'Done: each letter with its own document'),
    202: json(splitSchema, 'Running: poll GET /v1/splits/{id}'),
    ...errors,
    413: errorResponse('Too many pages, or a compressed part too large'),
    422: errorResponse('Not a PDF, or a PDF that cannot be read (corrupt, truncated, password-protected)'),
    503: errorResponse('The PDF engine failed; try again'),
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/splits/{id}',
  summary: 'A split: its progress while it runs, its letters when done',
  request: { params: idParam },
  responses: { 200: json(splitSchema, 'The split'), ...errors },
});

/** The API view of a split row. */
function splitView(row: SplitRow, lang: Lang): SplitView {
  const error = row.error as StoredSplitError | null;
  return {
    id: row.id,
    status: row.status,
    progress: { pages: row.progress_pages, of: row.progress_of },
    letters: (row.letters as SplitView['letters'] | null) ?? [],
    unassignedPages: row.unassigned_pages ?? [],
    ...(error ? { error: { code: error.code, message: error[lang] } } : {}),
  };
}

/** The error answer of a split refused at once (its document's fault, or the engine's). */
function refusal(error: StoredSplitError, lang: Lang): ApiError {
  const status = error.status === 413 || error.status === 422 || error.status === 503 ? error.status : 500;
  return new ApiError(status, error.code, error[lang]);
}

/**
 * The split routes; mount at `/v1` behind bearer auth.
 * @example app.route('/v1', splitRoutes(rt));
 */
export function splitRoutes(rt: Runtime): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  const loadSplit = async (c: Context<AppEnv>, id: string): Promise<SplitRow | undefined> =>
    UUID.test(id)
      ? rt.db
          .selectFrom('splits')
          .selectAll()
          .where('id', '=', id)
          .where(ownedBy(c.get('auth'), 'splits'))
          .executeTakeFirst()
      : undefined;

  /** Audits an answer that names the recipients of a split's letters. */
  const auditRead = (c: Context<AppEnv>, row: SplitRow) => {
    const auth = c.get('auth');
    return writeAudit(rt.db, {
      organisationId: auth.organisationId,
      actor: auth.actor,
      actorName: auth.name,
      action: 'split.read',
      subjectType: 'split',
      subjectId: row.id,
      sourceAddress: auth.sourceAddress,
      details: { documentId: row.document_id, letters: (row.letters as unknown[] | null)?.length ?? 0 },
    });
  };

  app.openapi(splitRoute, async (c) => {
    const auth = c.get('auth');
    const lang = requestLang(c.req.header('accept-language'));
    const msg = splitMessages(lang);
    const { id } = c.req.valid('param');
    const options = c.req.valid('json');
    const source = UUID.test(id)
      ? await rt.db
          .selectFrom('documents')
          .selectAll()
          .where('id', '=', id)
          .where(ownedBy(auth, 'documents'))
          .where('deleted_at', 'is', null)
          .executeTakeFirst()
      : undefined;
    if (!source) throw new ApiError(404, 'not_found', msg.notFound);
    if (source.media_type !== 'application/pdf') throw new ApiError(422, 'not_pdf', msg.notPdf);
    const split = await rt.db
      .insertInto('splits')
      .values({
        organisation_id: source.organisation_id,
        document_id: source.id,
        created_by_user: source.created_by_user,
        created_by_token: source.created_by_token,
        team: source.team,
        options: JSON.stringify(options),
        progress_of: source.pages ?? 0,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(rt.db, {
      organisationId: auth.organisationId,
      actor: auth.actor,
      actorName: auth.name,
      action: 'document.split',
      subjectType: 'document',
      subjectId: source.id,
      documentSha256: source.sha256,
      sourceAddress: auth.sourceAddress,
      details: { splitId: split.id, by: options.by, redactCpr: options.redactCpr },
    });
    const finished = runSplit(rt, split.id, source, options);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([finished, new Promise((r) => (timer = setTimeout(r, ANSWER_WAIT_MS)))]);
    clearTimeout(timer);
    const row = (await loadSplit(c, split.id))!;
    if (row.status === 'failed') throw refusal(row.error as StoredSplitError, lang);
    if (row.status === 'done') {
      await auditRead(c, row);
      return c.json(splitView(row, lang), 200);
    }
    c.header('Location', `/v1/splits/${row.id}`);
    return c.json(splitView(row, lang), 202);
  });

  app.openapi(getRoute, async (c) => {
    const auth = c.get('auth');
    const lang = requestLang(c.req.header('accept-language'));
    const { id } = c.req.valid('param');
    let row = await loadSplit(c, id);
    if (!row) throw new ApiError(404, 'not_found', splitMessages(lang).splitNotFound);
    if (row.status === 'running') {
      await failStaleSplits(rt.db, auth.organisationId, [row.id]);
      row = (await loadSplit(c, id))!;
    }
    if (row.status === 'done') await auditRead(c, row);
    return c.json(splitView(row, lang), 200);
  });

  return app;
}
