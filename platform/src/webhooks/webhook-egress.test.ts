/**
 * Webhook egress against local listeners on the real PostgreSQL: registration refuses targets
 * that break a rule (400 naming the rule, field `url`), and every delivery checks again — a
 * literal address, a name that resolves locally (also after a DNS change), plain http — and
 * never follows a redirect. Only the allow-list lets a local listener through.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LookupAddress } from 'node:dns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Kysely } from 'kysely';
import pino from 'pino';
import { createTestDatabase } from '../../../test/support/database.ts';
import { configSchema, type Config } from '../config/config-schema.ts';
import { migrateToLatest, openPool } from '../db/connect.ts';
import type { Database } from '../db/schema.ts';
import type { AppEnv } from '../http/app-env.ts';
import { featureApp, testAuth } from '../../test/feature-app.ts';
import { deliverWebhook } from './deliver-webhook.ts';
import { EgressRefusedError, resolveAll } from './guarded-lookup.ts';
import { verifyWebhook } from './sign-webhook.ts';
import type { WebhookConfig } from './webhook-config.ts';
import { webhookRoutes } from './webhook-routes.ts';
import { createWebhookSender } from './webhook-sender.ts';

const logger = pino({ level: 'silent' });
let db: Kysely<Database>;
let org: string;

/** A local receiver that records what reaches it. */
interface Listener {
  port: number;
  got: { path: string; body: string; headers: Record<string, string | string[] | undefined> }[];
  server: Server;
}
const listeners: Listener[] = [];
async function listen(
  answer: (path: string) => { status: number; headers?: Record<string, string> } = () => ({ status: 200 }),
): Promise<Listener> {
  const l = { port: 0, got: [] } as unknown as Listener;
  l.server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      l.got.push({ path: req.url ?? '', body, headers: req.headers });
      const a = answer(req.url ?? '');
      res.writeHead(a.status, a.headers).end('ok');
    });
  });
  await new Promise<void>((r) => l.server.listen(0, '127.0.0.1', r));
  l.port = (l.server.address() as AddressInfo).port;
  listeners.push(l);
  return l;
}

/** A resolver with a fixed, changeable table; other names (`localhost`) go to the system resolver. */
const table = new Map<string, string>([['hooks.example.dk', '93.184.215.14']]);
const resolve = async (host: string): Promise<LookupAddress[]> => {
  const a = table.get(host);
  return a ? [{ address: a, family: a.includes(':') ? 6 : 4 }] : resolveAll(host);
};

function config(webhooks: Partial<WebhookConfig> = {}): Config {
  return configSchema.parse({ webhooks });
}

function app(webhooks: Partial<WebhookConfig> = {}): OpenAPIHono<AppEnv> {
  const a = featureApp(testAuth({ organisationId: org }), logger);
  a.route('/v1/webhooks', webhookRoutes({ db, config: config(webhooks) }, resolve));
  return a;
}

const register = (a: OpenAPIHono<AppEnv>, url: string, lang = 'da') =>
  a.request('/v1/webhooks', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'accept-language': lang },
    body: JSON.stringify({ url }),
  });

/** Stores a webhook row directly, as if registered before the rules (or DNS) changed. */
async function storedHook(url: string): Promise<{ id: string; secret: string }> {
  return db
    .insertInto('webhooks')
    .values({ organisation_id: org, url, secret: 'whsec_test' })
    .returning(['id', 'secret'])
    .executeTakeFirstOrThrow();
}

const job = (webhookId: string) => ({
  id: `job-${webhookId}`,
  data: { webhookId, event: { type: 'message.received', data: { id: 'm1' } } },
});

beforeAll(async () => {
  db = openPool(await createTestDatabase('webhookegress'), logger, 2);
  await migrateToLatest(db);
  org = (
    await db
      .insertInto('organisations')
      .values({ slug: 'w', name: 'W', cvr: null, orgnr: null, contact_point: null, return_address: null })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(async () => {
  for (const l of listeners) l.server.close();
  await db?.destroy();
});

describe('registering a webhook', () => {
  it('refuses local, private and metadata addresses, written literally or through a name, with 400 naming the rule', async () => {
    const a = app();
    const cases: [string, string][] = [
      ['https://127.0.0.1/hook', 'loopback'],
      ['https://[::1]/hook', 'loopback'],
      ['https://[::ffff:127.0.0.1]/hook', 'loopback'],
      ['https://2130706433/hook', 'loopback'], // 127.0.0.1 as one number
      ['https://localhost/hook', 'loopback'], // the system resolver answers 127.0.0.1 / ::1
      ['https://169.254.169.254/latest/meta-data/', 'metadata'],
      ['https://[fe80::1]/hook', 'link_local'],
      ['https://10.1.2.3/hook', 'private'],
      ['https://192.168.0.10/hook', 'private'],
      ['https://100.64.0.1/hook', 'carrier_grade_nat'],
      ['https://0.0.0.0/hook', 'unspecified'],
      ['https://[fd12::1]/hook', 'unique_local'],
      ['https://nowhere.invalid/hook', 'not_resolvable'],
      ['http://hooks.example.dk/hook', 'https_required'],
    ];
    for (const [url, rule] of cases) {
      const res = await register(a, url);
      const body = (await res.json()) as { error: { code: string; field: string; message: string; details: { rule: string } } };
      expect({ url, status: res.status, rule: body.error.details?.rule }).toEqual({ url, status: 400, rule });
      expect(body.error).toMatchObject({ code: 'invalid_request', field: 'url' });
    }
    table.set('rebind.example.dk', '127.0.0.1');
    const named = (await (await register(a, 'https://rebind.example.dk/hook', 'en')).json()) as { error: { message: string } };
    expect(named.error.message).toContain('rebind.example.dk → 127.0.0.1');
    expect(named.error.message).toContain('loopback');
    expect(await db.selectFrom('webhooks').select('id').execute()).toEqual([]);
  });

  it('registers https to a public address, and a local listener only when the config allows it', async () => {
    expect((await register(app(), 'https://hooks.example.dk/hook')).status).toBe(201);
    const l = await listen();
    expect((await register(app({ allowHttp: true }), `http://127.0.0.1:${l.port}/hook`)).status).toBe(400);
    expect((await register(app({ allowList: ['127.0.0.1'] }), `http://127.0.0.1:${l.port}/hook`)).status).toBe(400);
    expect((await register(app({ allowHttp: true, allowList: ['127.0.0.0/8'] }), `http://127.0.0.1:${l.port}/hook`)).status).toBe(201);
    table.set('hooks.intern.test', '10.20.0.7');
    expect((await register(app({ allowList: ['hooks.intern.test'] }), 'https://hooks.intern.test/hook')).status).toBe(201);
  });
});

describe('delivering a webhook', () => {
  it('refuses a literal loopback, localhost, the metadata address and plain http at delivery, before connecting', async () => {
    const l = await listen();
    const rt = { db, logger, config: config({ allowHttp: true }) };
    for (const url of [
      `http://127.0.0.1:${l.port}/a`,
      `http://localhost:${l.port}/b`,
      `http://[::ffff:127.0.0.1]:${l.port}/c`,
      'http://169.254.169.254/latest/meta-data/',
    ]) {
      const hook = await storedHook(url);
      await expect(deliverWebhook(rt, job(hook.id)), url).rejects.toBeInstanceOf(EgressRefusedError);
    }
    const plain = await storedHook(`http://127.0.0.1:${l.port}/d`);
    await expect(deliverWebhook({ db, logger, config: config({ allowList: ['127.0.0.1'] }) }, job(plain.id))).rejects.toThrow(
      /https_required/,
    );
    expect(l.got).toEqual([]);
  });

  it('checks the address at connect time, so a name that changes to a local address is refused (DNS rebinding)', async () => {
    const l = await listen();
    const names = new Map([['flip.example.dk', '93.184.215.14']]);
    const sender = createWebhookSender({ allowHttp: true, allowList: [] }, async (host) => [{ address: names.get(host) ?? '', family: 4 }]);
    names.set('flip.example.dk', '127.0.0.1');
    await expect(sender.post(`http://flip.example.dk:${l.port}/x`, {}, '{}', 5000)).rejects.toBeInstanceOf(EgressRefusedError);
    expect(l.got).toEqual([]);
    // An allow-listed name connects to the address it resolves to.
    const allowed = createWebhookSender({ allowHttp: true, allowList: ['flip.example.dk'] }, async (host) => [
      { address: names.get(host) ?? '', family: 4 },
    ]);
    expect(await allowed.post(`http://flip.example.dk:${l.port}/y`, {}, '{}', 5000)).toBe(200);
    expect(l.got.map((g) => g.path)).toEqual(['/y']);
    await Promise.all([sender.close(), allowed.close()]);
  });

  it('does not follow a redirect, even to an allowed address', async () => {
    const target = await listen();
    const redirecting = await listen(() => ({ status: 302, headers: { location: `http://127.0.0.1:${target.port}/stolen` } }));
    const rt = { db, logger, config: config({ allowHttp: true, allowList: ['127.0.0.1'] }) };
    const hook = await storedHook(`http://127.0.0.1:${redirecting.port}/hook`);
    await expect(deliverWebhook(rt, job(hook.id))).rejects.toThrow(/302; redirects are not followed/);
    expect(redirecting.got).toHaveLength(1);
    expect(target.got).toEqual([]);
  });

  it('delivers a signed request to an allow-listed local listener', async () => {
    const l = await listen();
    const rt = { db, logger, config: config({ allowHttp: true, allowList: ['127.0.0.1/32'] }) };
    const hook = await storedHook(`http://127.0.0.1:${l.port}/hook`);
    await deliverWebhook(rt, job(hook.id));
    expect(l.got).toHaveLength(1);
    const g = l.got[0]!;
    expect(JSON.parse(g.body)).toEqual({ type: 'message.received', id: `job-${hook.id}`, data: { id: 'm1' } });
    expect(verifyWebhook(hook.secret, String(g.headers['x-brevdue-timestamp']), g.body, String(g.headers['x-brevdue-signature']))).toBe(
      true,
    );
  });
});
