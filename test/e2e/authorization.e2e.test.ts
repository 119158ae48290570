/**
 * The policy table, as callers meet it: every operation of `/openapi.json` with every role
 * (403 exactly where the table says so), with another organisation's token and another sender
 * of the same organisation (404: what one may not see does not exist), plus tokens: listed
 * without secrets, revoked at once, the stream ticket instead of a token in a URL, and wrong
 * tokens slowed down per source address.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTextPdf } from '../../platform/test/document-fixtures.ts';
import { type Role, type TestPlatform, startTestPlatform, uploadPdf, waitForFinal } from '../support/platform.ts';

const ROLES: Role[] = ['sender', 'teamlead', 'archivist', 'auditor', 'admin'];
let p: TestPlatform;
const tokens = {} as Record<Role, string>;
let policy: Record<string, readonly string[]>;

beforeAll(async () => {
  p = await startTestPlatform({ workers: true });
  for (const r of ROLES) tokens[r] = await p.tokenFor(r, { team: 'borgerservice' });
  policy = (await import('../../platform/src/auth/policy.ts')).POLICY;
});
afterAll(() => p?.close());

/** Each operation of the OpenAPI document under /v1: `METHOD /path`. */
async function operations(): Promise<string[]> {
  const doc = (await (await fetch(`${p.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(doc.paths)
    .filter(([path]) => path.startsWith('/v1/'))
    .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
}

describe('the policy table', () => {
  it('lists every operation of the API, and nothing the API does not have', async () => {
    const ops = await operations();
    expect(ops.length).toBeGreaterThan(30);
    expect(ops.filter((o) => !(o in policy))).toEqual([]);
    expect(Object.keys(policy).filter((o) => !ops.includes(o))).toEqual([]);
  });

  it('answers 403 to exactly the roles the table leaves out, for every operation', async () => {
    const wrong: string[] = [];
    for (const op of await operations()) {
      const [method, path] = op.split(' ') as [string, string];
      // Unknown ids: an allowed role meets 404/400/422, never 403.
      const url = path.replace(/\{[^}]+\}/g, randomUUID());
      for (const role of ROLES) {
        const res = await p.api(`${url}${method === 'GET' && url.endsWith('/insight') ? '?party=0101904321' : ''}`, {
          method,
          token: tokens[role],
          ...(method === 'GET' || method === 'DELETE' ? {} : { body: '{}' }),
        });
        await res.arrayBuffer();
        const allowed = policy[op]!.includes(role);
        if (allowed === (res.status === 403) || res.status === 401) wrong.push(`${op} as ${role}: ${res.status}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('ownership', () => {
  let shipmentId: string;
  let letterId: string;
  let documentId: string;
  let senderB: string;
  let otherOrg: string;

  beforeAll(async () => {
    senderB = await p.tokenFor('sender', { team: 'skole' });
    otherOrg = (await p.createOrganisation(`o-${randomUUID().slice(0, 6)}`, 'admin')).token;
    documentId = await uploadPdf(p, await makeTextPdf([['Kære borger']]));
    // Uploaded by the admin token: give sender A its own document and shipment.
    const senderA = tokens.sender;
    const doc = await p.api('/v1/documents', {
      method: 'POST',
      token: senderA,
      body: new Uint8Array(await makeTextPdf([['Brev til borger']])),
      headers: { 'content-type': 'application/pdf' },
    });
    documentId = ((await doc.json()) as { id: string }).id;
    const res = await p.api('/v1/shipments', {
      method: 'POST',
      token: senderA,
      headers: { 'idempotency-key': randomUUID() },
      body: JSON.stringify({ subject: 'Til borger', mainDocument: documentId, recipients: [{ idType: 'CPR', id: '0101904321' }] }),
    });
    expect(res.status).toBe(201);
    const s = (await res.json()) as { id: string; letters: { id: string }[] };
    shipmentId = s.id;
    letterId = s.letters[0]!.id;
    await waitForFinal(p, shipmentId);
  });

  it("keeps a sender of another team out of a sender's letters, documents and shipments", async () => {
    for (const path of [
      `/v1/shipments/${shipmentId}`,
      `/v1/letters/${letterId}`,
      `/v1/letters/${letterId}/message`,
      `/v1/letters/${letterId}/receipt`,
      `/v1/documents/${documentId}`,
      `/v1/documents/${documentId}/content`,
    ]) {
      expect({ path, status: (await p.api(path, { token: senderB })).status }).toEqual({ path, status: 404 });
      expect({ path, status: (await p.api(path, { token: otherOrg })).status }).toEqual({ path, status: 404 });
      // The owner, the team lead of the team and the archivist see it.
      for (const who of [tokens.sender, tokens.teamlead, tokens.archivist])
        expect({ path, status: (await p.api(path, { token: who })).status }).toEqual({ path, status: 200 });
    }
    const list = (await (await p.api('/v1/shipments', { token: senderB })).json()) as { shipments: { id: string }[] };
    expect(list.shipments.map((s) => s.id)).not.toContain(shipmentId);
    const letters = (await (await p.api('/v1/letters', { token: senderB })).json()) as { letters: { id: string }[] };
    expect(letters.letters.map((l) => l.id)).not.toContain(letterId);
  });

  it("refuses a shipment built on someone else's document", async () => {
    const res = await p.api('/v1/shipments', {
      method: 'POST',
      token: senderB,
      body: JSON.stringify({ subject: 'Lånt', mainDocument: documentId, recipients: [{ idType: 'CPR', id: '0101904321' }] }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { field: string } }).error.field).toBe('mainDocument');
  });

  it('audits reads of personal data with actor, party (masked) and document hash', async () => {
    await p.api(`/v1/letters/${letterId}/message`, { token: tokens.archivist });
    const rows = await p.runtime.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'letter.message.read')
      .where('subject_id', '=', letterId)
      .execute();
    expect(rows.length).toBeGreaterThan(0);
    const row = rows.at(-1)! as Record<string, unknown>;
    expect(JSON.stringify(row)).not.toContain('0101904321');
    expect(JSON.stringify(row)).toContain('010190-XXXX');
  });
});

describe('tokens', () => {
  it('creates a token whose secret is shown once, lists it without the secret, and revokes it at once', async () => {
    const res = await p.api('/v1/tokens', { method: 'POST', body: JSON.stringify({ name: 'ESDH-integration', role: 'archivist' }) });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: string; token: string; prefix: string };
    expect(created.token).toMatch(/^bd_/);
    expect((await p.api('/v1/me', { token: created.token })).status).toBe(200);
    const listed = await (await p.api('/v1/tokens')).text();
    expect(listed).toContain(created.id);
    expect(listed).not.toContain(created.token);
    expect((await p.api(`/v1/tokens/${created.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await p.api('/v1/me', { token: created.token })).status).toBe(401);
    const after = (await (await p.api('/v1/tokens')).json()) as { tokens: { id: string; revokedAt: string | null }[] };
    expect(after.tokens.find((t) => t.id === created.id)?.revokedAt).not.toBeNull();
  });

  it('refuses a bearer token in the URL, and a stream ticket anywhere but its own stream', async () => {
    const s = (await (await p.api('/v1/shipments?limit=1')).json()) as { shipments: { id: string }[] };
    const id = s.shipments[0]!.id;
    const viaUrl = await fetch(`${p.url}/v1/shipments/${id}/events?access_token=${p.token}`, { headers: { accept: 'text/event-stream' } });
    expect(viaUrl.status).toBe(401);
    const { ticket } = (await (await p.api(`/v1/shipments/${id}/events/ticket`, { method: 'POST' })).json()) as { ticket: string };
    expect((await fetch(`${p.url}/v1/shipments/${id}?ticket=${encodeURIComponent(ticket)}`)).status).toBe(401);
    const stream = await fetch(`${p.url}/v1/shipments/${id}/events?ticket=${encodeURIComponent(ticket)}`, {
      headers: { accept: 'text/event-stream' },
    });
    expect(stream.status).toBe(200);
    await stream.body?.cancel();
  });

  it('slows down guessing: wrong tokens from one address are refused with 429 after a few dozen, and logged without the token', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const res = await p.api('/v1/me', { token: `bd_wrong-${i}-guess` });
      statuses.push(res.status);
      await res.arrayBuffer();
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses).toContain(429);
    // Blocked: even a good token from that address waits.
    const blocked = await p.api('/v1/me');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    const logs = p.logs.join('\n');
    expect(logs).toContain('request not authenticated');
    expect(logs).not.toContain('bd_wrong-3-guess');
    await sql`delete from auth_failures`.execute(p.runtime.db);
  });
});
