/** The inbox API over `app.request` on the real PostgreSQL: list, detail, documents, assign, done, rules. */
import { mkdtempSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Kysely } from 'kysely';
import pino from 'pino';
import { createTestDatabase } from '../../../test/support/database.ts';
import { createLocalDiskBlobStore } from '../blob/local-disk-blob-store.ts';
import { migrateToLatest, openPool } from '../db/connect.ts';
import type { Database } from '../db/schema.ts';
import type { AppEnv } from '../http/app-env.ts';
import { featureApp, testAuth } from '../../test/feature-app.ts';
import { inboxRoutes } from './inbox-routes.ts';
import { storeInboundMessage } from './store-inbound-message.ts';

let db: Kysely<Database>;
let app: OpenAPIHono<AppEnv>;
let org: string;
let id: string;
const blobs = createLocalDiskBlobStore(mkdtempSync(join(tmpdir(), 'inbox-routes-')));
const heic = Buffer.from([0, 1, 2, 3, 250]);

const call = (path: string, init: RequestInit = {}) =>
  app.request(`/v1/inbox${path}`, { ...init, headers: { 'content-type': 'application/json', ...(init.headers ?? {}) } });

beforeAll(async () => {
  const databaseUrl = await createTestDatabase('inboxroutes');
  db = openPool(databaseUrl, pino({ level: 'silent' }), 2);
  await migrateToLatest(db);
  org = (
    await db
      .insertInto('organisations')
      .values({ slug: 'r', name: 'R', cvr: null, orgnr: null, contact_point: null, return_address: null })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  app = featureApp(testAuth({ organisationId: org }));
  app.route('/v1/inbox', inboxRoutes({ db, blobs, databaseUrl, streamTicketKey: 'test-key', logger: pino({ level: 'silent' }) }));
  const stored = await storeInboundMessage(db, blobs, org, {
    providerMessageId: randomUUID(),
    sender: { idType: 'CPR', id: '0101904321', name: 'Borger' },
    recipient: { idType: 'CVR', id: '29189846' },
    routing: {},
    subject: 'Foto af skade',
    documents: [{ filename: 'skade æ.heic', mediaType: 'image/heic', content: heic, role: 'main' }],
    raw: { mediaType: 'application/xml', body: Buffer.from('<x/>') },
  });
  id = stored.messageId;
});
afterAll(async () => db?.destroy());

describe('/v1/inbox', () => {
  it('lists, shows one message and serves its document byte for byte as an attachment', async () => {
    const list = (await (await call('?status=unassigned')).json()) as {
      items: { id: string; sender: { id: string } }[];
      total: number;
      page: number;
      pageSize: number;
    };
    expect(list).toMatchObject({ total: 1, page: 1, pageSize: 50 });
    expect(list.items[0]).toMatchObject({ id, sender: { id: '010190-XXXX' } });
    const one = (await (await call(`/${id}`)).json()) as { sender: { id: string }; documents: { id: string; readablePdf: boolean }[] };
    expect(one.sender.id).toBe('0101904321');
    expect(one.documents[0]!.readablePdf).toBe(false);
    const doc = await call(`/${id}/documents/${one.documents[0]!.id}`);
    expect(doc.status).toBe(200);
    expect(doc.headers.get('content-type')).toBe('image/heic');
    expect(doc.headers.get('content-disposition')).toContain('attachment');
    expect(Buffer.from(await doc.arrayBuffer()).equals(heic)).toBe(true);
  });

  it('assigns and closes; 404 for an unknown id; 400 naming the field for bad input', async () => {
    const a = await call(`/${id}/assign`, { method: 'POST', body: JSON.stringify({ team: 'Ydelser' }) });
    expect(((await a.json()) as { status: string }).status).toBe('assigned');
    expect(((await (await call('?team=Ydelser')).json()) as { total: number }).total).toBe(1);
    expect(((await (await call(`/${id}/done`, { method: 'POST' })).json()) as { status: string }).status).toBe('done');
    expect((await call(`/${randomUUID()}/done`, { method: 'POST' })).status).toBe(404);
    const bad = await call(`/${id}/assign`, { method: 'POST', body: JSON.stringify({}) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { field: string } }).error.field).toBe('team');
    expect((await call('?status=maybe')).status).toBe(400);
  });

  it('reads and replaces the routing rules; a rule without a target is refused naming it', async () => {
    expect(await (await call('/routing-rules')).json()).toEqual({ rules: [] });
    const rules = [{ match: { kle: '28.12.08' }, assignTo: { team: 'Børn' } }];
    expect((await call('/routing-rules', { method: 'PUT', body: JSON.stringify({ rules }) })).status).toBe(200);
    expect(await (await call('/routing-rules')).json()).toEqual({ rules });
    const bad = await call('/routing-rules', { method: 'PUT', body: JSON.stringify({ rules: [{ match: { kle: '1' }, assignTo: {} }] }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { field: string } }).error.field).toBe('rules.0.assignTo');
  });
});
