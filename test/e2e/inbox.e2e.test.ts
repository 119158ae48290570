/**
 * Received post end to end over HTTP (issue 16): messages the SF1601 simulator delivers as the
 * Postkomponent does (SF1606 PostModtag, mutual TLS) to the plugin's listener appear at
 * `GET /v1/inbox`; a reply is matched to the letter we sent and shows on it, routed by a rule or
 * to the original sender's team, and archived; its document downloads byte for byte; a
 * redelivery is stored once; team leads distribute, whoever has a message closes it; every
 * role sees exactly its part (a sender: what is assigned to them or their team) and every read
 * is audited; the live stream (`GET /v1/inbox/events`) announces new and assigned post.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleInboundMemo, simulatorRequest } from '@brevdue/plugin-digitalpost-sf1601';
import { type ConfigInput, createApiToken } from '@brevdue/platform';
import type { ShipmentView } from '@brevdue/shared/api';
import { MINIMAL_PDF } from '@brevdue/shared/fixtures';
import { runCli } from '../support/brevdue-process.ts';
import { startTestPlatform, waitForFinal, type TestPlatform } from '../support/platform.ts';
import { sf1601Receiving } from '../support/sf1601-receiving.ts';

const NAME = 'digitalpost-sf1601';
const CVR = '29189846';
const CITIZEN = '0101904321'; // registered for Digital Post in the simulator
const RULE_KLE = '28.12.08';
const RULE_TEAM = 'Børn og unge';
const SENDER_TEAM = 'Ydelser';

interface InboxItem {
  id: string;
  sender: { idType: string; id: string; name: string | null };
  subject: string;
  status: string;
  assignedTo: { team: string | null; user: string | null } | null;
  replyTo: { letterId: string; shipmentId: string } | null;
  documents: { id: string; filename: string; mediaType: string; bytes: number; readablePdf: boolean }[];
}
interface InboxPage {
  items: InboxItem[];
  total: number;
}

let p: TestPlatform;
let sim: { url: string; caFile: string };
let orgId: string;
const tok = {} as Record<'sender' | 'otherSender' | 'teamlead' | 'auditor' | 'archivist' | 'user', string>;
let userId: string;
let letter: ShipmentView['letters'][number];
let inboundUrl: string;
let pluginEntry: NonNullable<ConfigInput['plugins']>[number];
const ORGANISATION = {
  slug: 'testkommune',
  name: 'Testkommune',
  cvr: CVR,
  contactPoint: 'Borgerservice',
  returnAddress: { name: 'Testkommune', lines: ['Rådhuspladsen 2'], postalCode: '8000', city: 'Aarhus C', country: 'DK' },
};

/** Hands a MeMo message to the simulated Postkomponent, which delivers it to PostModtag. */
const deliver = (body: string) =>
  simulatorRequest(sim, '/_simulator/inbound', { method: 'POST', body, headers: { 'content-type': 'application/xml' } });

async function get<T>(path: string, token?: string): Promise<T> {
  const res = await p.api(path, token ? { token } : {});
  expect(res.status, `${path}: ${await res.clone().text()}`).toBe(200);
  return (await res.json()) as T;
}
const inbox = (query = '', token?: string) => get<InboxPage>(`/v1/inbox${query}`, token);

/** One PostModtag call with (or without) the Postkomponent's client certificate, past the simulator's own checks. */
function postModtag(body: string, withCertificate = true): Promise<{ status: number; body: string }> {
  const dir = join(p.dataDir, 'simulators', NAME);
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      inboundUrl,
      {
        method: 'POST',
        headers: { 'content-type': 'application/xml', 'x-TransaktionsId': randomUUID(), 'x-TransaktionsTid': new Date().toISOString() },
        ca: readFileSync(sim.caFile),
        ...(withCertificate
          ? { key: readFileSync(join(dir, 'postkomponent.key.pem')), cert: readFileSync(join(dir, 'postkomponent.cert.pem')) }
          : {}),
        agent: false,
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += String(c)));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    // Refused during the TLS handshake (no certificate): status 0.
    req.on('error', (e) => (withCertificate ? reject(e) : resolve({ status: 0, body: e.message })));
    req.end(body);
  });
}

/**
 * PostModtag with a large body written in 1 MB pieces, with its length declared or chunked
 * (no Content-Length): resolves with the answer as soon as it comes, the server may stop reading.
 */
function postModtagStreamed(body: Buffer, declareLength: boolean): Promise<{ status: number; body: string }> {
  const dir = join(p.dataDir, 'simulators', NAME);
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      inboundUrl,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/xml',
          'x-TransaktionsId': randomUUID(),
          ...(declareLength ? { 'content-length': String(body.byteLength) } : {}),
        },
        ca: readFileSync(sim.caFile),
        key: readFileSync(join(dir, 'postkomponent.key.pem')),
        cert: readFileSync(join(dir, 'postkomponent.cert.pem')),
        agent: false,
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += String(c)));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    // Once answered, the server closes: the rest of the upload fails to write, as it should.
    req.on('error', (e) => reject(e));
    let at = 0;
    const writeMore = () => {
      while (at < body.byteLength) {
        const piece = body.subarray(at, at + 1024 * 1024);
        at += piece.byteLength;
        if (!req.write(piece)) return void req.once('drain', writeMore);
      }
      req.end();
    };
    writeMore();
  });
}

/** Delivers a message and answers its inbox id (the one message with that subject). */
async function receive(o: Omit<Parameters<typeof sampleInboundMemo>[0], 'cvr'> & { subject: string }): Promise<InboxItem> {
  const a = await deliver(sampleInboundMemo({ cvr: CVR, ...o }));
  expect(a.status, a.body).toBe(200);
  const page = await inbox(`?text=${encodeURIComponent(o.subject)}`);
  expect(page.total).toBe(1);
  return page.items[0]!;
}

beforeAll(async () => {
  const receiving = await sf1601Receiving(NAME, CVR);
  inboundUrl = receiving.inboundUrl;
  p = await startTestPlatform({
    sandbox: false,
    extraPlugins: (dataDir) => [(pluginEntry = receiving.entry(dataDir))],
    routing: [{ recipientTypes: ['CPR', 'CVR'], channels: ['digital', 'print', 'sms'], provider: NAME }],
    config: { defaultOrganisation: ORGANISATION },
  });
  const running = p.runtime.plugins.simulators.get(NAME) as unknown as { url: string; info: { caFile: string } };
  sim = { url: running.url, caFile: running.info.caFile };
  orgId = (await p.runtime.db.selectFrom('organisations').select('id').where('slug', '=', 'testkommune').executeTakeFirstOrThrow()).id;
  tok.sender = await p.tokenFor('sender', { team: RULE_TEAM });
  tok.otherSender = await p.tokenFor('sender', { team: SENDER_TEAM });
  tok.teamlead = await p.tokenFor('teamlead', { team: 'Borgerservice' });
  tok.auditor = await p.tokenFor('auditor');
  tok.archivist = await p.tokenFor('archivist');
  const u = await p.api('/v1/users', {
    method: 'POST',
    body: JSON.stringify({ upn: 'else@testkommune.dk', name: 'Else Sagsbehandler', roles: ['sender'], teams: [] }),
  });
  expect(u.status, await u.clone().text()).toBe(201);
  userId = ((await u.json()) as { id: string }).id;
  tok.user = (await createApiToken(p.runtime.db, { organisationId: orgId, role: 'sender', name: 'else', userId })).token;

  // A letter sent by a sender of SENDER_TEAM: the post that answers it goes back to that team.
  const doc = await p.api('/v1/documents', {
    method: 'POST',
    token: tok.otherSender,
    body: new Uint8Array(MINIMAL_PDF),
    headers: { 'content-type': 'application/pdf' },
  });
  expect(doc.status).toBe(201);
  const created = await p.api('/v1/shipments', {
    method: 'POST',
    token: tok.otherSender,
    body: JSON.stringify({
      subject: 'Afgørelse om boligstøtte',
      channelPolicy: 'digital-only',
      mainDocument: ((await doc.json()) as { id: string }).id,
      recipients: [{ idType: 'CPR', id: CITIZEN, name: 'Jens Hansen' }],
      options: { replyAllowed: true },
    }),
  });
  expect(created.status, await created.clone().text()).toBeLessThan(300);
  letter = (await waitForFinal(p, ((await created.json()) as { id: string }).id)).letters[0]!;
  expect(letter.status).toBe('delivered_digital');

  const rules = await p.api('/v1/inbox/routing-rules', {
    method: 'PUT',
    body: JSON.stringify({ rules: [{ match: { kle: RULE_KLE }, assignTo: { team: RULE_TEAM } }] }),
  });
  expect(rules.status).toBe(200);
});
afterAll(async () => p?.close());

describe('received post through SF1606 and the inbox API', () => {
  let routed: InboxItem;
  const uuid = randomUUID();
  const attachment = Buffer.concat([MINIMAL_PDF, Buffer.from('% svar fra borgeren\n')]);

  it('a reply arrives, is accepted, matched to the letter, routed by the rule and archived', async () => {
    routed = await receive({
      messageUuid: uuid,
      subject: 'Svar om boligstøtte',
      replyToMessageUuid: letter.messageId!,
      kle: RULE_KLE,
      document: { filename: 'svar æ.pdf', mediaType: 'application/pdf', content: attachment },
    });
    expect(routed).toMatchObject({
      sender: { idType: 'CPR', id: '010190-XXXX', name: 'Jens Hansen' },
      status: 'assigned',
      assignedTo: { team: RULE_TEAM, user: null },
      replyTo: { letterId: letter.id, shipmentId: letter.shipmentId },
    });
    expect(routed.documents).toEqual([
      expect.objectContaining({ filename: 'svar æ.pdf', mediaType: 'application/pdf', bytes: attachment.length }),
    ]);

    // The detail names the sender in full; the reply shows on the letter we sent.
    expect((await get<InboxItem>(`/v1/inbox/${routed.id}`)).sender.id).toBe(CITIZEN);
    const events = await get<{ events: { type: string; data: { inboundMessageId?: string } }[] }>(`/v1/letters/${letter.id}/events`);
    expect(events.events.find((e) => e.type === 'reply_received')?.data.inboundMessageId).toBe(routed.id);

    // Filed in the citizen's case as incoming: the document, the raw message, our accept answer.
    const records = await get<{ items: { providerMessageId: string; letterId: string; documents: { role: string; sha256: string }[] }[] }>(
      `/v1/archive/records?direction=incoming&party=${CITIZEN}`,
    );
    const record = records.items.find((r) => r.providerMessageId === uuid);
    expect(record?.letterId).toBe(letter.id);
    expect(record?.documents.map((d) => d.role).sort()).toEqual(['letter', 'provider-receipt', 'wire-message']);
    expect(record?.documents.find((d) => d.role === 'letter')?.sha256).toBe(createHash('sha256').update(attachment).digest('hex'));
  });

  it('its document downloads byte for byte, as an attachment', async () => {
    const res = await p.api(`/v1/inbox/${routed.id}/documents/${routed.documents[0]!.id}`, { token: tok.sender });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('svar æ.pdf')}`);
    expect(Buffer.from(await res.arrayBuffer()).equals(attachment)).toBe(true);
  });

  it('a redelivery of the same message is accepted and stored once', async () => {
    const a = await deliver(
      sampleInboundMemo({
        cvr: CVR,
        messageUuid: uuid,
        subject: 'Svar om boligstøtte',
        replyToMessageUuid: letter.messageId!,
        kle: RULE_KLE,
      }),
    );
    expect(a.status).toBe(200);
    expect((await inbox(`?text=${encodeURIComponent('Svar om boligstøtte')}`)).total).toBe(1);
  });

  it('hostile or invalid input straight to PostModtag is rejected and nothing is stored', async () => {
    const before = (await inbox()).total;
    const valid = sampleInboundMemo({ cvr: CVR, subject: 'Fjendtlig' });
    const xxe = valid
      .replace('<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]>')
      .replace('Fjendtlig', '&x;');
    const invalid = valid.replace(/<memo:messageUUID>[^<]*<\/memo:messageUUID>/, '');
    for (const body of [xxe, invalid]) {
      const a = await postModtag(body);
      expect(a.status, a.body).toBeGreaterThanOrEqual(400);
      expect(a.status).toBeLessThan(500);
    }
    expect((await postModtag(valid, false)).status).not.toBe(200);
    expect((await inbox()).total).toBe(before);
  });

  it('a message over 100 MB is refused with 413, declared or streamed, and nothing is stored', async () => {
    const before = (await inbox()).total;
    // A well-formed MeMo whose document makes it 101 MB: only its size is wrong.
    const big = sampleInboundMemo({
      cvr: CVR,
      subject: 'For stor',
      document: { filename: 'stor.pdf', mediaType: 'application/pdf', content: Buffer.alloc(76 * 1024 * 1024, 1) },
    });
    expect(Buffer.byteLength(big)).toBeGreaterThan(100 * 1024 * 1024);
    for (const declared of [true, false]) {
      const a = await postModtagStreamed(Buffer.from(big), declared);
      expect(a.status, a.body).toBe(413);
      expect(a.body).toContain('AFVIST');
    }
    expect((await inbox()).total).toBe(before);
  }, 120_000);

  it('a reply no rule takes goes to the team of the letter it answers', async () => {
    const m = await receive({ subject: `Spørgsmål ${randomUUID()}`, replyToMessageUuid: letter.messageId! });
    expect(m).toMatchObject({ status: 'assigned', assignedTo: { team: SENDER_TEAM, user: null }, replyTo: { letterId: letter.id } });
    const mine = await inbox('', tok.otherSender);
    expect(mine.items.map((i) => i.id)).toContain(m.id);
  });

  it('other post waits in the queue: a team lead assigns it to a person, who sees and closes it', async () => {
    const subject = `Ny henvendelse ${randomUUID()}`;
    const m = await receive({ subject });
    expect(m).toMatchObject({ status: 'unassigned', assignedTo: null, replyTo: null });
    const q = `?status=unassigned&text=${encodeURIComponent(subject)}`;
    expect((await inbox(q, tok.teamlead)).total).toBe(1);
    expect((await inbox(q, tok.sender)).total).toBe(0);
    expect((await p.api(`/v1/inbox/${m.id}`, { token: tok.user })).status).toBe(404);

    // Only team leads distribute; an unknown person is refused naming the field.
    expect(
      (await p.api(`/v1/inbox/${m.id}/assign`, { method: 'POST', token: tok.sender, body: JSON.stringify({ team: RULE_TEAM }) })).status,
    ).toBe(403);
    const unknown = await p.api(`/v1/inbox/${m.id}/assign`, {
      method: 'POST',
      token: tok.teamlead,
      body: JSON.stringify({ user: 'nobody@testkommune.dk' }),
    });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: { field: string } }).error.field).toBe('user');
    const badRule = await p.api('/v1/inbox/routing-rules', {
      method: 'PUT',
      body: JSON.stringify({ rules: [{ match: { kle: '1' }, assignTo: { user: 'nobody@testkommune.dk' } }] }),
    });
    expect(badRule.status).toBe(400);
    expect(((await badRule.json()) as { error: { field: string } }).error.field).toBe('rules.0.assignTo.user');

    const assigned = await p.api(`/v1/inbox/${m.id}/assign`, {
      method: 'POST',
      token: tok.teamlead,
      body: JSON.stringify({ user: 'Else@Testkommune.dk' }),
    });
    expect(assigned.status, await assigned.clone().text()).toBe(200);
    expect(await assigned.json()).toMatchObject({ status: 'assigned', assignedTo: { team: null, user: userId } });
    // Passed on: the team lead no longer sees it; the person does — and only what is theirs.
    expect((await p.api(`/v1/inbox/${m.id}`, { token: tok.teamlead })).status).toBe(404);
    expect((await inbox('', tok.user)).items.map((i) => i.id)).toEqual([m.id]);

    expect((await p.api(`/v1/inbox/${m.id}/done`, { method: 'POST', token: tok.otherSender })).status).toBe(404);
    const done = await p.api(`/v1/inbox/${m.id}/done`, { method: 'POST', token: tok.user });
    expect(done.status).toBe(200);
    expect(((await done.json()) as InboxItem).status).toBe('done');
  });

  it('each role sees its part: senders their own and their team, readers all, another organisation nothing', async () => {
    const sender = await inbox('', tok.sender);
    expect(sender.items.map((i) => i.id)).toEqual([routed.id]);
    expect(sender.items.every((i) => i.assignedTo?.team === RULE_TEAM)).toBe(true);
    const other = await inbox('', tok.otherSender);
    expect(other.items.some((i) => i.id === routed.id)).toBe(false);
    expect((await p.api(`/v1/inbox/${routed.id}`, { token: tok.otherSender })).status).toBe(404);
    expect((await p.api(`/v1/inbox/${routed.id}/documents/${routed.documents[0]!.id}`, { token: tok.otherSender })).status).toBe(404);

    // Three messages: the routed reply (once, redelivered), the reply to the team, the distributed one.
    const all = (await inbox()).total;
    expect(all).toBe(3);
    expect((await inbox('', tok.auditor)).total).toBe(all);
    expect((await inbox('', tok.archivist)).total).toBe(all);
    expect((await p.api(`/v1/inbox/${routed.id}/done`, { method: 'POST', token: tok.auditor })).status).toBe(403);
    expect(
      (await p.api('/v1/inbox/routing-rules', { method: 'PUT', token: tok.teamlead, body: JSON.stringify({ rules: [] }) })).status,
    ).toBe(403);

    const stranger = await p.createOrganisation(`o-${randomUUID().slice(0, 6)}`, 'admin');
    expect((await inbox('', stranger.token)).total).toBe(0);
    expect((await p.api(`/v1/inbox/${routed.id}`, { token: stranger.token })).status).toBe(404);
  });

  it('every read of received post is in the audit log, with who, the sender (masked) and the document', async () => {
    type Entry = { actor: string; action: string; subjectId: string | null; party: { id: string } | null; documentSha256: string | null };
    const log = await get<{ items: Entry[] }>(`/v1/audit?action=inbox.&objectId=${routed.id}&pageSize=200`);
    const actions = new Set(log.items.map((e) => e.action));
    expect([...actions].sort()).toEqual(['inbox.document.read', 'inbox.message.read']);
    const read = log.items.find((e) => e.action === 'inbox.document.read')!;
    expect(read).toMatchObject({ subjectId: routed.id, party: { id: '010190-XXXX' } });
    expect(read.documentSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(log.items)).not.toContain(CITIZEN);
    const lists = await get<{ items: Entry[] }>('/v1/audit?action=inbox.list&pageSize=5');
    expect(lists.items.length).toBeGreaterThan(0);
  });
});

describe('brevdue sandbox send-inbound', () => {
  it('has the simulator deliver a reply to a letter we sent; the inbox shows it matched and routed', async () => {
    const file = join(p.dataDir, 'cli.config.json');
    writeFileSync(
      file,
      JSON.stringify({ databaseUrl: p.databaseUrl, dataDir: p.dataDir, defaultOrganisation: ORGANISATION, plugins: [pluginEntry] }),
    );
    const subject = `Fra kommandolinjen ${randomUUID()}`;
    const r = await runCli(
      ['sandbox', 'send-inbound', '--reply-to', letter.id, '--subject', subject, '--kle', RULE_KLE, '--lang', 'en'],
      file,
    );
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('Accepted (HTTP 200)');
    const page = await inbox(`?text=${encodeURIComponent(subject)}`);
    expect(page.items[0]).toMatchObject({ replyTo: { letterId: letter.id }, assignedTo: { team: RULE_TEAM } });

    const unknown = await runCli(['sandbox', 'send-inbound', '--reply-to', randomUUID()], file);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Intet brev');
  });
});

/** An event-stream reader over fetch (what EventSource does, without a browser). */
async function openStream(path: string, headers: Record<string, string> = {}) {
  const ctl = new AbortController();
  const res = await fetch(`${p.url}${path}`, { headers: { accept: 'text/event-stream', ...headers }, signal: ctl.signal });
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buf = '';
  return {
    /** The next event (comment lines such as keep-alives are skipped). */
    async next(): Promise<{ event: string; data: { id?: string; status?: string; assignedTo?: unknown } }> {
      for (;;) {
        const end = buf.indexOf('\n\n');
        if (end >= 0) {
          const lines = buf.slice(0, end).split('\n');
          buf = buf.slice(end + 2);
          const event = lines
            .find((l) => l.startsWith('event:'))
            ?.slice(6)
            .trim();
          if (!event) continue;
          const data = lines
            .filter((l) => l.startsWith('data:'))
            .map((l) => l.slice(5).trim())
            .join('\n');
          return { event, data: JSON.parse(data) as { id?: string } };
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('the stream ended');
        buf += value;
      }
    },
    close: () => ctl.abort(),
  };
}

describe('GET /v1/inbox/events', () => {
  it('announces new post and its assignment to whoever sees it; a ticket opens it, an access token in the URL does not', async () => {
    const t = await p.api('/v1/inbox/events/ticket', { method: 'POST', token: tok.teamlead });
    expect(t.status).toBe(200);
    const { ticket } = (await t.json()) as { ticket: string };
    const lead = await openStream(`/v1/inbox/events?ticket=${encodeURIComponent(ticket)}`);
    const sender = await openStream('/v1/inbox/events', { authorization: `Bearer ${tok.sender}` });
    try {
      expect((await lead.next()).event).toBe('ready');
      expect((await sender.next()).event).toBe('ready');

      const m = await receive({ subject: `Live ${randomUUID()}` });
      expect(await lead.next()).toEqual({ event: 'received', data: { id: m.id, status: 'unassigned', assignedTo: null } });

      const a = await p.api(`/v1/inbox/${m.id}/assign`, { method: 'POST', token: tok.teamlead, body: JSON.stringify({ team: RULE_TEAM }) });
      expect(a.status).toBe(200);
      const assigned = { event: 'assigned', data: { id: m.id, status: 'assigned', assignedTo: { team: RULE_TEAM, user: null } } };
      // The lead sees it leave the queue; the team's sender (who never saw it unassigned) sees it arrive.
      expect(await lead.next()).toEqual(assigned);
      expect(await sender.next()).toEqual(assigned);
    } finally {
      lead.close();
      sender.close();
    }

    expect((await fetch(`${p.url}/v1/inbox/events?access_token=${tok.sender}`, { headers: { accept: 'text/event-stream' } })).status).toBe(
      401,
    );
    const plain = await p.api('/v1/inbox/events', { token: tok.sender });
    expect(plain.status).toBe(406);
    expect(((await plain.json()) as { error: { field: string } }).error.field).toBe('accept');
  });
});
