/**
 * @module
 * The simulator's HTTP API (Hono). The protocol is described in the plugin's README; the
 * bodies are typed in `../protocol.ts`.
 */
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { Hono } from 'hono';
import type { Context } from 'hono';
import { isValidCpr, isValidCvr, isValidFnr, isValidOrgnr } from '@brevdue/shared';
import type { IdType } from '@brevdue/shared';
import { lookupRequestSchema } from '../protocol.ts';
import type { LookupResponse } from '../protocol.ts';
import { applySettings, parseSettingsPatch, resolveRegistration } from './settings.ts';
import { errorAnswer, receiveMessage } from './receive-message.ts';
import type { Answer } from './receive-message.ts';
import type { SimulatorState, StoredMessage } from './simulator-state.ts';

const ID_CHECKS: Record<IdType, (id: string) => boolean> = { CPR: isValidCpr, CVR: isValidCvr, FNR: isValidFnr, ORGNR: isValidOrgnr };
const MAX_STATUS_QUERY = 1000;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Reads a Node request stream whole. */
function readStream(incoming: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (d: Buffer) => chunks.push(d));
    incoming.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    incoming.on('error', reject);
  });
}

/**
 * Reads a JSON body; `undefined` when it is not JSON. Under @hono/node-server the body is read
 * from the Node request itself: `c.req.text()` builds a WHATWG Request first, which measured
 * at a third of the requests per second, and this simulator shares the platform's 2 cores.
 */
async function readJson(c: Context): Promise<unknown> {
  try {
    const incoming = (c.env as { incoming?: unknown } | undefined)?.incoming;
    const text = incoming instanceof Readable ? await readStream(incoming as IncomingMessage) : await c.req.text();
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const send = (c: Context, a: Answer) => c.json(a.body, a.status as 200);

/** A message as `GET /messages` lists it. */
function summary(m: StoredMessage, reveal: boolean) {
  const { callbackUrl: _url, recipient, ...rest } = m;
  // The list is for tests and IT trying the sandbox: identifiers masked unless asked for.
  return { ...rest, recipient: reveal ? recipient : { idType: recipient.idType, id: `${recipient.id.slice(0, 4)}…` } };
}

/**
 * Builds the simulator's Hono app over a state.
 * @example const app = createSimulatorApp(new SimulatorState()); await app.request('/stats');
 */
export function createSimulatorApp(state: SimulatorState): Hono {
  const app = new Hono();

  // The remote's agreed limit: sends beyond it at once are refused with 429 and Retry-After, and
  // accept nothing (the platform must try them again later).
  let inFlight = 0;
  app.use('/messages', async (c, next) => {
    if (c.req.method !== 'POST') return next();
    const max = state.settings.maxConcurrent;
    if (max !== null && inFlight >= max) {
      state.stats.messageRequests++;
      state.stats.throttled++;
      c.header('retry-after', String(state.settings.retryAfterSeconds));
      return send(c, errorAnswer(429, 'TOO_MANY_REQUESTS', `more than ${max} messages at once`));
    }
    inFlight++;
    try {
      await next();
    } finally {
      inFlight--;
    }
  });

  app.use(async (_c, next) => {
    const ms = state.settings.latencyMs;
    if (ms > 0) await sleep(ms);
    await next();
  });

  app.get('/', (c) =>
    c.json({
      name: 'brevdue sandbox simulator',
      endpoints: [
        'POST /lookup',
        'POST /messages',
        'GET /messages',
        'GET /messages/:id',
        'GET /messages/:id/status',
        'POST /statuses',
        'GET /stats',
        'GET /settings',
        'POST /settings',
        'POST /reset',
      ],
    }),
  );

  app.post('/lookup', async (c) => {
    state.stats.lookups++;
    const parsed = lookupRequestSchema.safeParse(await readJson(c));
    if (!parsed.success) return send(c, errorAnswer(400, 'INVALID_RECIPIENT', parsed.error.issues[0]?.message));
    const { idType, id } = parsed.data;
    if (!ID_CHECKS[idType](id)) return send(c, errorAnswer(400, 'INVALID_RECIPIENT', idType, 'id'));
    if (state.settings.lookupFailureRate > 0 && Math.random() < state.settings.lookupFailureRate) {
      state.stats.lookupFailures++;
      return send(c, errorAnswer(503, 'UNAVAILABLE'));
    }
    const r = resolveRegistration(state.settings, idType, id);
    const body: LookupResponse = { registration: r.registration, ...(r.name ? { name: r.name } : {}), sms: r.sms };
    return c.json(body);
  });

  app.post('/messages', async (c) => {
    const body = await readJson(c);
    if (body === undefined) {
      state.stats.messageRequests++;
      state.stats.rejected++;
      return send(c, errorAnswer(400, 'INVALID_MESSAGE', 'the body is not JSON'));
    }
    return send(c, receiveMessage(state, body));
  });

  app.get('/messages', (c) => {
    const { messageId, reference, reveal } = c.req.query();
    let list = [...state.messages.values()];
    if (messageId) list = list.filter((m) => m.messageId === messageId);
    if (reference) list = list.filter((m) => m.reference === reference);
    return c.json({ messages: list.map((m) => summary(m, reveal === 'true')) });
  });

  app.get('/messages/:id', (c) => {
    const m = state.messages.get(c.req.param('id'));
    return m ? c.json(summary(m, c.req.query('reveal') === 'true')) : send(c, errorAnswer(404, 'NOT_FOUND'));
  });

  app.get('/messages/:id/status', (c) => {
    const m = state.messages.get(c.req.param('id'));
    return m ? c.json(state.statusOf(m)) : send(c, errorAnswer(404, 'NOT_FOUND'));
  });

  // Batch status query: polling one GET per letter would double the platform's request count.
  app.post('/statuses', async (c) => {
    const body = (await readJson(c)) as { messageIds?: unknown } | undefined;
    const ids = body?.messageIds;
    if (!Array.isArray(ids) || ids.length > MAX_STATUS_QUERY || !ids.every((x) => typeof x === 'string')) {
      return send(
        c,
        errorAnswer(400, 'INVALID_MESSAGE', `messageIds must be an array of at most ${MAX_STATUS_QUERY} strings`, 'messageIds'),
      );
    }
    const statuses = ids.flatMap((id) => {
      const m = state.messages.get(id);
      return m ? [state.statusOf(m)] : [];
    });
    return c.json({ statuses });
  });

  app.get('/stats', (c) => {
    let reused = 0;
    for (const set of state.references.values()) if (set.size > 1) reused++;
    let maxAccept = 0;
    for (const m of state.messages.values()) maxAccept = Math.max(maxAccept, m.acceptCount);
    return c.json({
      ...state.stats,
      messages: state.messages.size,
      pending: [...state.messages.values()].filter((m) => m.status === 'submitted').length,
      /** References (letters) accepted under more than one message id: must be 0. */
      referencesWithSeveralMessages: reused,
      /** Highest acceptCount of any message id: must be at most 1. */
      maxAcceptCount: maxAccept,
    });
  });

  app.get('/settings', (c) => c.json(state.settings));

  app.post('/settings', async (c) => {
    try {
      state.settings = applySettings(state.settings, parseSettingsPatch(await readJson(c)));
      return c.json(state.settings);
    } catch (e) {
      return c.json({ error: { code: 'INVALID_SETTINGS', message: (e as Error).message } }, 400);
    }
  });

  app.post('/reset', (c) => {
    state.reset();
    return c.json({ ok: true });
  });

  return app;
}
