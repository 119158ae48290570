/**
 * @module
 * The GetOrganized simulator's HTTP surface: the `_goapi` endpoints the target uses, the
 * SharePoint REST file listing of a case library, and `/_sim/*` for tests. It checks Basic
 * credentials and rejects what GetOrganized rejects: unknown case type, case, library, document
 * or relation type, missing fields, bad metadata XML, overwriting a finalised document.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { buildMetadataXml, parseMetadataXml } from '../metadata-xml.ts';
import { Faults, faultSettingsSchema } from '@brevdue/shared/simulator';
import { ntlmAuth } from './ntlm-auth.ts';
import { GoStore, RELATION_TYPES } from './store.ts';

export interface GoSimOptions {
  username: string;
  password: string;
  /** How clients sign in: NTLM (as GetOrganized's IIS) or HTTP Basic (an IIS with Basic enabled). */
  auth: 'ntlm' | 'basic';
  /** The service account's Windows domain (NTLM). */
  domain: string;
  store: GoStore;
  faults: Faults;
}

// ASP.NET Web API answers errors as { Message }.
const fail = (c: Context, status: 400 | 401 | 404 | 500 | 503, message: string) => c.json({ Message: message }, status);

const findSchema = z.object({
  FieldProperties: z
    .array(z.object({ InternalName: z.string().min(1), Value: z.string(), ComparisonType: z.enum(['Equal', 'Contains']).optional() }))
    .min(1),
  CaseTypePrefixes: z.array(z.string()).min(1),
  LogicalOperator: z.enum(['AND', 'OR']).default('AND'),
  ExcludeDeletedCases: z.boolean().default(true),
  ReturnCasesNumber: z.number().int().min(1).max(500).default(25),
});
const createSchema = z.object({
  CaseTypePrefix: z.string().min(1),
  MetadataXml: z.string().min(1),
  ReturnWhenCaseFullyCreated: z.boolean().optional(),
});
const addSchema = z.object({
  // A plain loop, not z.array(z.number()...): a 1 MB file is a million elements.
  bytes: z.custom<number[]>(
    (v) => Array.isArray(v) && v.length > 0 && v.every((n) => Number.isInteger(n) && n >= 0 && n <= 255),
    'bytes must be a non-empty array of byte values 0–255',
  ),
  CaseId: z.string().min(1),
  ListName: z.string().min(1),
  FolderPath: z.string().default(''),
  FileName: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[^"*:<>?/\\|#%]+$/, 'FileName contains characters SharePoint does not allow'),
  Metadata: z.string().default('<z:row xmlns:z="#RowsetSchema"/>'),
  Overwrite: z.boolean().default(true),
});
const relateSchema = z.object({
  ParentDocId: z.number().int(),
  ChildDocIds: z.array(z.number().int()).min(1),
  RelationTypeId: z.number().int(),
});
const finalizeSchema = z.object({ DocumentIds: z.array(z.number().int()).min(1), ShouldCloseOpenTasks: z.boolean().optional() });

const FIELD_VALUE: Record<
  string,
  (c: { caseId: string; cpr?: string; cvr?: string; metadata: Record<string, string> }) => string | undefined
> = {
  ows_ccmcontactdata_cpr: (c) => c.cpr,
  ows_ccmcontactdata_cvr: (c) => c.cvr,
  ows_caseid: (c) => c.caseId,
  ows_title: (c) => c.metadata.ows_Title,
};

async function body<T>(c: Context, schema: z.ZodType<T>): Promise<{ ok: true; value: T } | { ok: false; message: string }> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    return { ok: false, message: 'The request body is not valid JSON' };
  }
  const r = schema.safeParse(raw);
  if (!r.success) return { ok: false, message: r.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') };
  return { ok: true, value: r.data };
}

/** Builds the simulator's Hono app. */
export function goSimulatorApp(o: GoSimOptions): Hono {
  const { store, faults } = o;
  const app = new Hono();
  app.use('*', async (c, next) => {
    await next();
    if (c.req.method !== 'GET') store.save();
  });
  const expected = `Basic ${Buffer.from(`${o.username}:${o.password}`).toString('base64')}`;

  app.get('/_sim/documents', (c) =>
    c.json({
      documents: [...store.documents.values()].map((d) => ({
        docId: d.docId,
        caseId: d.caseId,
        listName: d.listName,
        fileName: d.fileName,
        title: d.metadata.ows_Title,
        sha256: d.sha256,
        bytes: d.content.length,
        versions: d.versions,
        finalized: d.finalized,
        relations: d.relations,
      })),
    }),
  );
  app.get('/_sim/cases', (c) =>
    c.json({
      cases: [...store.cases.values()].map((k) => ({ caseId: k.caseId, relativeUrl: k.relativeUrl, title: k.metadata.ows_Title })),
    }),
  );
  // A caseworker deletes a case in GetOrganized (it stays, marked deleted, as GO keeps it).
  app.delete('/_sim/cases/:caseId', (c) => {
    const k = store.cases.get(c.req.param('caseId'));
    if (!k) return fail(c, 404, 'Case not found');
    k.deleted = true;
    return c.body(null, 204);
  });
  app.post('/_sim/faults', async (c) => {
    const r = await body(c, faultSettingsSchema.partial());
    if (!r.ok) return fail(c, 400, r.message);
    faults.s = { ...faults.s, ...Object.fromEntries(Object.entries(r.value).filter(([, v]) => v !== undefined)) };
    return c.json(faults.s);
  });

  const deny = (c: Context) => fail(c, 401, 'Access denied');
  const ntlm = ntlmAuth({ username: o.username, password: o.password, domain: o.domain }, deny);
  app.use('*', async (c, next) => {
    if (c.req.path.startsWith('/_sim/')) return next();
    if (o.auth === 'ntlm') return ntlm(c, next);
    if (c.req.header('authorization') !== expected) {
      c.header('WWW-Authenticate', 'Basic realm="GetOrganized"');
      return deny(c);
    }
    return next();
  });
  app.use('*', async (c, next) => {
    if (!c.req.path.startsWith('/_sim/') && faults.failBefore()) return fail(c, 503, 'Service Unavailable (simulated)');
    return next();
  });
  const after = (c: Context, step: string, answer: () => Response) =>
    faults.failAfter(step) ? fail(c, 500, `Simulated failure after ${step}: the work was done, the answer is lost`) : answer();

  app.post('/_goapi/Cases/FindByCaseProperties', async (c) => {
    const r = await body(c, findSchema);
    if (!r.ok) return fail(c, 400, r.message);
    const q = r.value;
    for (const f of q.FieldProperties)
      if (!FIELD_VALUE[f.InternalName.toLowerCase()]) return fail(c, 400, `Unknown field ${f.InternalName}`);
    const prefixes = new Set(q.CaseTypePrefixes);
    const hits = [...store.cases.values()].filter((k) => {
      if (!prefixes.has(k.prefix) || (q.ExcludeDeletedCases && k.deleted)) return false;
      const tests = q.FieldProperties.map((f) => {
        const v = FIELD_VALUE[f.InternalName.toLowerCase()]!(k) ?? '';
        return f.ComparisonType === 'Contains' ? v.includes(f.Value) : v === f.Value;
      });
      return q.LogicalOperator === 'AND' ? tests.every(Boolean) : tests.some(Boolean);
    });
    return after(c, 'FindByCaseProperties', () =>
      c.json({
        CasesInfo: hits
          .slice(0, q.ReturnCasesNumber)
          .map((k) => ({ CaseID: k.caseId, RelativeUrl: k.relativeUrl, Title: k.metadata.ows_Title, ItemExists: true })),
      }),
    );
  });

  const createCase = async (c: Context) => {
    const r = await body(c, createSchema);
    if (!r.ok) return fail(c, 400, r.message);
    if (!store.caseTypePrefixes.has(r.value.CaseTypePrefix)) return fail(c, 400, `Unknown case type prefix ${r.value.CaseTypePrefix}`);
    let metadata: Record<string, string>;
    try {
      metadata = parseMetadataXml(r.value.MetadataXml);
    } catch (e) {
      return fail(c, 400, `MetadataXml: ${(e as Error).message}`);
    }
    if (!metadata.ows_Title) return fail(c, 400, 'MetadataXml: ows_Title is required');
    const k = store.createCase(r.value.CaseTypePrefix, metadata);
    return after(c, 'createCase', () => c.json({ CaseID: k.caseId, CaseRelativeUrl: k.relativeUrl }));
  };
  app.post('/_goapi/Cases/', createCase);
  app.post('/_goapi/Cases', createCase);

  app.post('/_goapi/Documents/AddToDocumentLibrary', async (c) => {
    const r = await body(c, addSchema);
    if (!r.ok) return fail(c, 400, r.message);
    const a = r.value;
    const k = store.cases.get(a.CaseId);
    if (!k || k.deleted) return fail(c, 400, `Case ${a.CaseId} not found`);
    if (!store.libraries.has(a.ListName)) return fail(c, 400, `List ${a.ListName} not found on case ${a.CaseId}`);
    let metadata: Record<string, string>;
    try {
      metadata = parseMetadataXml(a.Metadata);
    } catch (e) {
      return fail(c, 400, `Metadata: ${(e as Error).message}`);
    }
    const content = Buffer.from(a.bytes);
    const existing = store.findFile(a.CaseId, a.ListName, a.FileName);
    let docId: number;
    if (existing) {
      if (!a.Overwrite) return fail(c, 400, `A file named ${a.FileName} already exists`);
      if (existing.finalized) return fail(c, 400, `The document ${existing.docId} is finalized (journaliseret) and cannot be overwritten`);
      store.overwrite(existing, content, metadata);
      docId = existing.docId;
    } else {
      docId = store.addDocument({ caseId: a.CaseId, listName: a.ListName, fileName: a.FileName, metadata, content }).docId;
    }
    return after(c, 'AddToDocumentLibrary', () => c.json({ DocId: docId }));
  });

  app.get('/_goapi/Documents/RelationTypes', (c) => c.json(RELATION_TYPES));
  app.post('/_goapi/Documents/RelateDocuments', async (c) => {
    const r = await body(c, relateSchema);
    if (!r.ok) return fail(c, 400, r.message);
    const { ParentDocId, ChildDocIds, RelationTypeId } = r.value;
    if (!RELATION_TYPES.some((t) => t.Id === RelationTypeId)) return fail(c, 400, `Unknown relation type ${RelationTypeId}`);
    const parent = store.documents.get(ParentDocId);
    if (!parent) return fail(c, 400, `Document ${ParentDocId} not found`);
    for (const id of ChildDocIds)
      if (!store.documents.has(id) || id === ParentDocId) return fail(c, 400, `Document ${id} not found or is the parent`);
    for (const id of ChildDocIds) {
      if (!parent.relations.some((x) => x.childDocId === id && x.relationTypeId === RelationTypeId))
        parent.relations.push({ childDocId: id, relationTypeId: RelationTypeId });
    }
    return after(c, 'RelateDocuments', () => c.body(null, 200));
  });

  app.post('/_goapi/Documents/FinalizeMultiple/ByDocumentId', async (c) => {
    const r = await body(c, finalizeSchema);
    if (!r.ok) return fail(c, 400, r.message);
    const docs = r.value.DocumentIds.map((id) => store.documents.get(id));
    const missing = r.value.DocumentIds.filter((_, i) => !docs[i]);
    if (missing.length) return fail(c, 400, `Documents not found: ${missing.join(', ')}`);
    for (const d of docs) d!.finalized = true;
    return after(c, 'FinalizeMultiple', () => c.body(null, 200));
  });

  app.get('/_goapi/Documents/Metadata/:docId', (c) => {
    const d = store.documents.get(Number(c.req.param('docId')));
    if (!d) return fail(c, 404, 'Document not found');
    return c.json({ Metadata: buildMetadataXml(d.metadata) });
  });

  // SharePoint REST: {case}/_api/web/getFolderByServerRelativeUrl('{case}/{library}/')/Files
  app.get('*', (c) => {
    const path = decodeURIComponent(new URL(c.req.url).pathname);
    const m = /^(.+)\/_api\/web\/getFolderByServerRelativeUrl\('(.+)\/([^/]+)\/'\)\/Files$/i.exec(path);
    if (!m) return fail(c, 404, 'Not found');
    const k = store.caseByRelativeUrl(m[1]!);
    if (!k || m[2]!.toLowerCase() !== m[1]!.toLowerCase()) return fail(c, 404, 'Folder not found');
    if (!store.libraries.has(m[3]!)) return fail(c, 404, `List ${m[3]} not found`);
    const files = [...store.documents.values()].filter((d) => d.caseId === k.caseId && d.listName === m[3]);
    return after(c, 'listCaseFiles', () =>
      c.json({
        value: files.map((d) => ({
          Name: d.fileName,
          ServerRelativeUrl: `${k.relativeUrl}/${d.listName}/${d.fileName}`,
          ListItemAllFields: { ID: d.docId - 215_000, DocID: d.docId, Title: d.metadata.ows_Title ?? '' },
        })),
      }),
    );
  });
  return app;
}
