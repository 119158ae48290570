/**
 * @module
 * The SBSYS simulator's HTTP surface: an OAuth2 token endpoint (password grant), the `/api`
 * endpoints the target uses, and `/_sim/*` for tests. It rejects what SBSYS rejects: a bad
 * client or user, a missing or expired token, a malformed CPR, unknown template, caseworker,
 * party or case, an upload without file or with a blocked file type.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { Faults, faultSettingsSchema } from '@brevdue/shared/simulator';
import { SbsysStore, dokumentJson } from './store.ts';

export interface SbsysSimOptions {
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
  templates: number[];
  caseworkers: number[];
  tokenTtlSeconds: number;
  maxUploadBytes: number;
  store: SbsysStore;
  faults: Faults;
}

const fail = (c: Context, status: 400 | 401 | 404 | 413 | 500 | 503, message: string) => c.json({ Message: message }, status);
const CPR = z.string().regex(/^\d{6}-\d{4}$/, 'CprNummer must be DDMMYY-NNNN');
const BLOCKED = new Set(['exe', 'bat', 'cmd', 'js', 'vbs', 'msi', 'dll']);

const searchSchema = z.object({
  PrimaerPerson: z.object({ CprNummer: CPR }).optional(),
  PrimaerFirma: z.object({ CvrNummer: z.string().regex(/^\d{8}$/) }).optional(),
  SagsTitel: z.string().optional(),
  PageNumber: z.number().int().min(1).default(1),
  PageSize: z.number().int().min(1).max(500).default(100),
});
const partSchema = z.object({ PartId: z.number().int(), PartType: z.enum(['Person', 'Firma']) });
const templateSchema = z.object({
  SagsTitel: z.string().trim().min(1, 'SagsTitel must not be blank'),
  SkabelonId: z.number().int(),
  SagsBehandlerID: z.number().int(),
  PrimaryPart: partSchema,
  Parts: z.array(partSchema).default([]),
});
const journaliserSchema = z.object({ SagID: z.number().int(), DokumentNavn: z.string().trim().min(1).max(255) });

async function json<T>(c: Context, schema: z.ZodType<T>): Promise<{ ok: true; value: T } | { ok: false; message: string }> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    return { ok: false, message: 'The request body is not valid JSON' };
  }
  const r = schema.safeParse(raw);
  return r.success
    ? { ok: true, value: r.data }
    : { ok: false, message: r.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') };
}

/** Builds the simulator's Hono app. */
export function sbsysSimulatorApp(o: SbsysSimOptions): Hono {
  const { store, faults } = o;
  const app = new Hono();
  app.use('*', async (c, next) => {
    await next();
    if (c.req.method !== 'GET' && c.req.path !== '/token') store.save();
  });

  app.get('/_sim/documents', (c) =>
    c.json({
      documents: [...store.dokumenter.values()].map((d) => ({
        id: d.Id,
        name: d.Navn,
        sagId: d.SagID,
        sagNummer: store.sager.get(d.SagID)?.Nummer,
        fileName: d.file.Navn,
        bytes: d.file.Size,
        sha256: d.file.sha256,
      })),
    }),
  );
  app.get('/_sim/cases', (c) =>
    c.json({ cases: [...store.sager.values()].map((s) => ({ id: s.Id, nummer: s.Nummer, titel: s.SagsTitel, partId: s.PrimaryPart.Id })) }),
  );
  app.post('/_sim/faults', async (c) => {
    const r = await json(c, faultSettingsSchema.partial());
    if (!r.ok) return fail(c, 400, r.message);
    faults.s = { ...faults.s, ...Object.fromEntries(Object.entries(r.value).filter(([, v]) => v !== undefined)) };
    return c.json(faults.s);
  });

  app.post('/token', async (c) => {
    if (faults.failBefore()) return fail(c, 503, 'Service Unavailable (simulated)');
    const f = await c.req.parseBody();
    if (f.grant_type !== 'password') return c.json({ error: 'unsupported_grant_type' }, 400);
    if (f.client_id !== o.clientId || f.client_secret !== o.clientSecret) return c.json({ error: 'invalid_client' }, 401);
    if (f.username !== o.username || f.password !== o.password)
      return c.json({ error: 'invalid_grant', error_description: 'Invalid user credentials' }, 400);
    return c.json({ access_token: store.issueToken(o.tokenTtlSeconds), expires_in: o.tokenTtlSeconds, token_type: 'Bearer' });
  });

  app.use('/api/*', async (c, next) => {
    const m = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '');
    if (!m || !store.tokenValid(m[1]!)) {
      c.header('WWW-Authenticate', 'Bearer error="invalid_token"');
      return fail(c, 401, 'Authorization has been denied for this request.');
    }
    if (faults.failBefore()) return fail(c, 503, 'Service Unavailable (simulated)');
    return next();
  });
  const after = (c: Context, step: string, answer: () => Response) =>
    faults.failAfter(step) ? fail(c, 500, `Simulated failure after ${step}: the work was done, the answer is lost`) : answer();

  app.post('/api/sag/search', async (c) => {
    const r = await json(c, searchSchema);
    if (!r.ok) return fail(c, 400, r.message);
    const q = r.value;
    const hits = [...store.sager.values()].filter(
      (s) =>
        (!q.PrimaerPerson || s.PrimaryPart.CPRnummer === q.PrimaerPerson.CprNummer) &&
        (!q.PrimaerFirma || s.PrimaryPart.CVRnummer === q.PrimaerFirma.CvrNummer) &&
        (!q.SagsTitel || s.SagsTitel.toLowerCase().includes(q.SagsTitel.toLowerCase())),
    );
    const page = hits.slice((q.PageNumber - 1) * q.PageSize, q.PageNumber * q.PageSize);
    return after(c, 'sag/search', () => c.json({ Results: page, TotalNumberOfResults: hits.length }));
  });

  app.post('/api/person/search', async (c) => {
    const r = await json(c, z.object({ CprNummer: CPR }));
    if (!r.ok) return fail(c, 400, r.message);
    const p = store.person(r.value.CprNummer);
    return c.json(p ? [p] : []);
  });
  app.post('/api/firma/search', async (c) => {
    const r = await json(c, z.object({ CvrNummer: z.string().regex(/^\d{8}$/, 'CvrNummer must be 8 digits') }));
    if (!r.ok) return fail(c, 400, r.message);
    return c.json([store.firma(r.value.CvrNummer)]);
  });

  app.post('/api/sag/template', async (c) => {
    const r = await json(c, templateSchema);
    if (!r.ok) return fail(c, 400, r.message);
    const t = r.value;
    if (!o.templates.includes(t.SkabelonId)) return fail(c, 400, `Sagsskabelon ${t.SkabelonId} findes ikke`);
    if (!o.caseworkers.includes(t.SagsBehandlerID)) return fail(c, 400, `Bruger ${t.SagsBehandlerID} findes ikke`);
    const part = store.parts.get(t.PrimaryPart.PartId);
    if (!part || part.PartType !== t.PrimaryPart.PartType)
      return fail(c, 400, `Part ${t.PrimaryPart.PartId} (${t.PrimaryPart.PartType}) findes ikke`);
    const id = store.nextId();
    const yy = String(new Date().getUTCFullYear()).slice(2);
    const sag = {
      Id: id,
      Nummer: `27.00.00-G01-${id}-${yy}`,
      SagsTitel: t.SagsTitel,
      SkabelonId: t.SkabelonId,
      SagsBehandlerID: t.SagsBehandlerID,
      PrimaryPart: part,
      SagsDato: new Date().toISOString(),
    };
    store.sager.set(id, sag);
    return after(c, 'sag/template', () => c.json({ ...sag, Sagsstatus: { Id: 1, Navn: 'Aktiv' } }));
  });

  app.get('/api/sag/:id', (c) => {
    const s = store.sager.get(Number(c.req.param('id')));
    return s ? c.json(s) : fail(c, 404, 'Sag findes ikke');
  });
  app.get('/api/sag/:id/dokumenter', (c) => {
    const id = Number(c.req.param('id'));
    if (!store.sager.has(id)) return fail(c, 404, 'Sag findes ikke');
    return after(c, 'sag/dokumenter', () => c.json([...store.dokumenter.values()].filter((d) => d.SagID === id).map(dokumentJson)));
  });
  app.get('/api/dokument/:id', (c) => {
    const d = store.dokumenter.get(Number(c.req.param('id')));
    return d ? c.json(dokumentJson(d)) : fail(c, 404, 'Dokument findes ikke');
  });
  app.get('/api/fil/:id', (c) => {
    const d = [...store.dokumenter.values()].find((x) => x.file.Id === Number(c.req.param('id')));
    return d
      ? c.body(new Uint8Array(d.file.content), 200, { 'content-type': 'application/octet-stream' })
      : fail(c, 404, 'Fil findes ikke');
  });

  app.post('/api/dokument/journaliser', async (c) => {
    let form: Record<string, string | File>;
    try {
      form = (await c.req.parseBody()) as Record<string, string | File>;
    } catch {
      return fail(c, 400, 'Expected multipart/form-data with "file" and "json"');
    }
    const file = form.file;
    if (!(file instanceof File)) return fail(c, 400, 'The "file" part is missing');
    if (typeof form.json !== 'string') return fail(c, 400, 'The "json" part is missing');
    let meta: unknown;
    try {
      meta = JSON.parse(form.json);
    } catch {
      return fail(c, 400, 'The "json" part is not valid JSON');
    }
    const m = journaliserSchema.safeParse(meta);
    if (!m.success) return fail(c, 400, m.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    if (!store.sager.has(m.data.SagID)) return fail(c, 404, `Sag ${m.data.SagID} findes ikke`);
    const ext = /\.([A-Za-z0-9]+)$/.exec(file.name)?.[1]?.toLowerCase() ?? '';
    if (BLOCKED.has(ext)) return fail(c, 400, `Filtypen .${ext} er blokeret`);
    if (file.size === 0) return fail(c, 400, 'The file is empty');
    if (file.size > o.maxUploadBytes) return fail(c, 413, `The file is larger than ${o.maxUploadBytes} bytes`);
    const d = store.addDokument(m.data.SagID, m.data.DokumentNavn, file.name, Buffer.from(await file.arrayBuffer()));
    return after(c, 'dokument/journaliser', () => c.json(dokumentJson(d)));
  });
  return app;
}
