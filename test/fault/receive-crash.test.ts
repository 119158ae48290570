/**
 * Fault injection on received post: the platform process (`brevdue start`, with the SF1601
 * plugin's own SF1606 listener) is killed with SIGKILL while the Postkomponent delivers a stream
 * of messages. Every message it answered with accept (ACCEPTERET) is in the inbox after a
 * restart, with its document byte for byte; what was cut off is delivered again (as the
 * Postkomponent retries what it got no answer for) and stored once.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleInboundMemo } from '@brevdue/plugin-digitalpost-sf1601';
import { createApiToken } from '@brevdue/platform';
import { type BrevdueProcess, startBrevdueProcess } from '../support/brevdue-process.ts';
import { freePort, startTestPlatform, waitFor, type TestPlatform } from '../support/platform.ts';
import { sf1601Receiving, type Sf1601Receiving } from '../support/sf1601-receiving.ts';

const NAME = 'digitalpost-sf1601';
const CVR = '29189846';
const MESSAGES = 400;
const IN_FLIGHT = 8;
const ORGANISATION = {
  slug: 'modtagekommune',
  name: 'Modtagekommune',
  cvr: CVR,
  contactPoint: 'Borgerservice',
  returnAddress: { name: 'Modtagekommune', lines: ['Torvet 1'], postalCode: '8000', city: 'Aarhus C', country: 'DK' },
};

interface Outcome {
  uuid: string;
  /** The HTTP status of the answer, or 0 when the connection broke before one came. */
  status: number;
  body: string;
}

/** A one-page PDF whose bytes say which message carries it. */
const pdfFor = (uuid: string) =>
  Buffer.from(
    `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj ` +
      `3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n% ${uuid}\ntrailer<</Root 1 0 R>>\n%%EOF\n`,
  );

describe('the platform killed while it receives post', () => {
  let p: TestPlatform;
  let receiving: Sf1601Receiving;
  let configFile: string;
  let dataDir: string;
  let apiUrl: string;
  let token: string;
  const processes: BrevdueProcess[] = [];

  /** `brevdue start` on the shared database, up once its API answers. */
  async function startPlatform(): Promise<BrevdueProcess> {
    const proc = startBrevdueProcess(configFile, 'start');
    processes.push(proc);
    await waitFor(
      async () => {
        if (proc.child.exitCode !== null) throw new Error(`brevdue start exited: ${proc.output.join('')}`);
        return (await fetch(`${apiUrl}/health`).catch(() => undefined))?.ok;
      },
      'the platform to start',
      60_000,
    );
    return proc;
  }

  /** One PostModtag call as the Postkomponent makes it (its client certificate, a fresh connection). */
  function deliver(uuid: string): Promise<Outcome> {
    const dir = join(dataDir, 'simulators', NAME);
    const body = sampleInboundMemo({
      cvr: CVR,
      messageUuid: uuid,
      subject: `Besked ${uuid}`,
      document: { filename: 'besked.pdf', mediaType: 'application/pdf', content: pdfFor(uuid) },
    });
    return new Promise((resolve) => {
      const req = httpsRequest(
        receiving.inboundUrl,
        {
          method: 'POST',
          headers: { 'content-type': 'application/xml', 'x-TransaktionsId': randomUUID() },
          ca: readFileSync(join(dir, 'test-ca.pem')),
          key: readFileSync(join(dir, 'postkomponent.key.pem')),
          cert: readFileSync(join(dir, 'postkomponent.cert.pem')),
          agent: false,
        },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += String(c)));
          res.on('end', () => resolve({ uuid, status: res.statusCode ?? 0, body: text }));
          res.on('error', () => resolve({ uuid, status: 0, body: 'cut off mid-answer' }));
        },
      );
      req.on('error', (e) => resolve({ uuid, status: 0, body: e.message }));
      req.end(body);
    });
  }

  /** Delivers `uuids`, `IN_FLIGHT` at a time; `onAnswer` sees each outcome as it comes. */
  async function deliverAll(uuids: string[], onAnswer: (o: Outcome) => void = () => {}): Promise<Outcome[]> {
    const out: Outcome[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < uuids.length) {
          const o = await deliver(uuids[next++]!);
          out.push(o);
          onAnswer(o);
        }
      }),
    );
    return out;
  }

  async function stored(uuids: string[]): Promise<Map<string, { id: string; documents: number }>> {
    const rows = await p.runtime.db
      .selectFrom('inbound_messages as m')
      .leftJoin('inbound_documents as d', 'd.message_id', 'm.id')
      .select(['m.id', 'm.message_uuid'])
      .select((eb) => eb.fn.count<number>('d.id').as('documents'))
      .where('m.message_uuid', 'in', uuids)
      .groupBy(['m.id', 'm.message_uuid'])
      .execute();
    return new Map(rows.map((r) => [r.message_uuid, { id: r.id, documents: Number(r.documents) }]));
  }

  beforeAll(async () => {
    // This process holds the database (and the organisation); the platform under test is a child.
    p = await startTestPlatform({ config: { defaultOrganisation: ORGANISATION } });
    receiving = await sf1601Receiving(NAME, CVR);
    dataDir = mkdtempSync(join(tmpdir(), 'brevdue-receive-crash-'));
    const port = await freePort();
    apiUrl = `http://127.0.0.1:${port}`;
    configFile = join(dataDir, 'platform.config.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        databaseUrl: p.databaseUrl,
        dataDir,
        port,
        host: '127.0.0.1',
        publicUrl: apiUrl,
        defaultOrganisation: ORGANISATION,
        plugins: [receiving.entry(dataDir)],
        routing: [{ recipientTypes: ['CPR', 'CVR'], channels: ['digital', 'print', 'sms'], provider: NAME }],
      }),
    );
    const org = await p.runtime.db.selectFrom('organisations').select('id').where('slug', '=', ORGANISATION.slug).executeTakeFirstOrThrow();
    token = (await createApiToken(p.runtime.db, { organisationId: org.id, role: 'admin', name: 'receive-crash' })).token;
  }, 120_000);
  afterAll(async () => {
    for (const proc of processes) await proc.kill();
    await p?.close();
  });

  it('keeps every message it accepted; the rest is delivered again and stored once', async () => {
    const uuids = Array.from({ length: MESSAGES }, () => randomUUID());
    const first = await startPlatform();
    let accepted = 0;
    let killed = false;
    const outcomes = await deliverAll(uuids, (o) => {
      if (o.status === 200) accepted++;
      // Killed in the middle of the stream, with deliveries in flight.
      if (accepted === MESSAGES / 4 && !killed) {
        killed = true;
        void first.kill();
      }
    });
    expect(killed).toBe(true);
    const acceptedUuids = outcomes.filter((o) => o.status === 200 && o.body.includes('ACCEPTERET')).map((o) => o.uuid);
    const cutOff = outcomes.filter((o) => o.status !== 200).map((o) => o.uuid);
    console.log(`killed with ${acceptedUuids.length} of ${MESSAGES} accepted, ${cutOff.length} without an answer`);
    expect(cutOff.length).toBeGreaterThan(0); // the kill did cut deliveries off
    expect(outcomes.every((o) => o.status === 200 || o.status === 0)).toBe(true); // nothing refused

    // Every accepted message is stored whole: the message with its document.
    const afterKill = await stored(acceptedUuids);
    expect(acceptedUuids.filter((u) => afterKill.get(u)?.documents !== 1)).toEqual([]);

    // The Postkomponent delivers again what got no answer; a restarted platform takes it, once.
    await startPlatform();
    const again = await deliverAll(cutOff);
    expect(again.filter((o) => o.status !== 200)).toEqual([]);
    const all = await stored(uuids);
    expect(all.size).toBe(MESSAGES);
    const counts = await p.runtime.db
      .selectFrom('inbound_messages')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('message_uuid', 'in', uuids)
      .executeTakeFirstOrThrow();
    expect(Number(counts.n)).toBe(MESSAGES);

    // Each document was kept as received: a sample read back through the restarted platform's API.
    for (const uuid of acceptedUuids.slice(0, 20)) {
      const id = all.get(uuid)!.id;
      const auth = { headers: { authorization: `Bearer ${token}` } };
      const { documents } = (await (await fetch(`${apiUrl}/v1/inbox/${id}/documents`, auth)).json()) as { documents: { id: string }[] };
      expect(documents).toHaveLength(1);
      const res = await fetch(`${apiUrl}/v1/inbox/${id}/documents/${documents[0]!.id}`, auth);
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(pdfFor(uuid))).toBe(true);
    }
  }, 300_000);
});
