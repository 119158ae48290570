/**
 * End to end through the HTTP API (issue 18): `GET /v1/archive/records?letterId=…` answers the
 * records of exactly the letters named, one or many (repeated or comma-separated), within the
 * archive's access rules: a sender gets only the records of letters they sent (another sender's
 * letter id answers nothing, not even a count), the archive roles get every letter's, another
 * organisation none; the search is audited with the filter named, never the ids.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArchiveRecordPage, ShipmentView } from '@brevdue/shared/api';
import { MINIMAL_PDF } from '@brevdue/shared/testing';
import { type TestPlatform, startTestPlatform, waitFor, waitForFinal } from '../support/platform.ts';

let p: TestPlatform;
let senderA: string;
let senderB: string;
let teamleadA: string;
let archivist: string;
let otherOrg: string;
/** Sender A's shipment: Jens, and Sofie with a manual copy to Anne. */
let shipA: ShipmentView;
/** Sender B's shipment: Jens. */
let shipB: ShipmentView;

/** Sends `recipients` as the holder of `token`, and waits until every letter is final. */
async function sendAs(token: string, subject: string, recipients: unknown[]): Promise<ShipmentView> {
  const up = await p.api('/v1/documents', {
    method: 'POST',
    token,
    body: new Uint8Array(MINIMAL_PDF),
    headers: { 'content-type': 'application/pdf' },
  });
  expect(up.status).toBe(201);
  const mainDocument = ((await up.json()) as { id: string }).id;
  const res = await p.api('/v1/shipments', {
    method: 'POST',
    token,
    headers: { 'idempotency-key': randomUUID() },
    body: JSON.stringify({ subject, mainDocument, recipients }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return waitForFinal(p, ((await res.json()) as ShipmentView).id);
}

/** The records page answered to `token` for `query`. */
async function records(token: string, query: string): Promise<ArchiveRecordPage> {
  const res = await p.api(`/v1/archive/records?${query}`, { token });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as ArchiveRecordPage;
}

const ids = (page: ArchiveRecordPage) => page.items.map((r) => r.letterId).sort();
const letterOf = (s: ShipmentView, masked: string, copy = false) =>
  s.letters.find((l) => l.recipient.id === masked && !!l.copyKind === copy)!.id;

beforeAll(async () => {
  p = await startTestPlatform();
  senderA = await p.tokenFor('sender', { team: 'borgerservice' });
  teamleadA = await p.tokenFor('teamlead', { team: 'borgerservice' });
  senderB = await p.tokenFor('sender', { team: 'jobcenter' });
  archivist = await p.tokenFor('archivist');
  otherOrg = (await p.createOrganisation(`o-${randomUUID().slice(0, 6)}`, 'admin')).token;
  [shipA, shipB] = await Promise.all([
    sendAs(senderA, 'Indkaldelse til samtale', [
      { idType: 'CPR', id: '0101904321' },
      { idType: 'CPR', id: '0505705555', copies: [{ idType: 'CPR', id: '1203824320' }] },
    ]),
    sendAs(senderB, 'Indkaldelse til samtale', [{ idType: 'CPR', id: '0101904321' }]),
  ]);
  // Every letter archived (a copy twice: its own record and the one in its original recipient's case).
  const all = [...shipA.letters, ...shipB.letters].map((l) => l.id);
  await waitFor(async () => (await records(archivist, `letterId=${all.join(',')}`)).total === all.length + 1, 'the letters archived');
}, 180_000);
afterAll(async () => p?.close());

describe('GET /v1/archive/records?letterId=', () => {
  it("answers exactly the named letter's record, and several letters' in one request", async () => {
    const jensA = letterOf(shipA, '010190-XXXX');
    const sofie = letterOf(shipA, '050570-XXXX');
    const one = await records(senderA, `letterId=${jensA}`);
    expect(one.total).toBe(1);
    expect(one.items).toHaveLength(1);
    expect(one.items[0]).toMatchObject({ letterId: jensA, direction: 'outgoing', subject: 'Indkaldelse til samtale' });
    expect(one.items[0]!.party.masked).toBe('010190-XXXX');
    expect(one.items[0]!.receipt?.href).toMatch(/^\/v1\/archive\/documents\/[\w-]+\/content$/);
    // The record is the one the archive keeps for that letter: the same as reading it by id.
    const byId = await p.api(`/v1/archive/records/${one.items[0]!.id}`, { token: senderA });
    expect(((await byId.json()) as { letterId: string }).letterId).toBe(jensA);

    // Two letters: repeated, or comma-separated, the same answer.
    const both = await records(senderA, `letterId=${jensA}&letterId=${sofie}`);
    expect(ids(both)).toEqual([jensA, sofie].sort());
    expect(ids(await records(senderA, `letterId=${jensA},${sofie}`))).toEqual(ids(both));
    // Other filters still narrow it.
    expect((await records(senderA, `letterId=${jensA},${sofie}&party=0505705555`)).items.map((r) => r.letterId)).toEqual([sofie]);

    // A copy's letter: its own record (the copy recipient's case) and the one in the original recipient's case.
    const copy = letterOf(shipA, '120382-XXXX', true);
    const copies = await records(senderA, `letterId=${copy}`);
    expect(copies.items.map((r) => [r.letterId, r.party.masked]).sort()).toEqual([
      [copy, '050570-XXXX'],
      [copy, '120382-XXXX'],
    ]);
  });

  it("gives a sender none of another team's records, a team lead their team's, and the archive roles every letter's", async () => {
    const jensA = letterOf(shipA, '010190-XXXX');
    const jensB = letterOf(shipB, '010190-XXXX');
    // Sender B names A's letter: nothing, not even a count; with its own beside it, only its own.
    const theirs = await records(senderB, `letterId=${jensA}`);
    expect({ total: theirs.total, items: theirs.items }).toEqual({ total: 0, items: [] });
    expect(ids(await records(senderB, `letterId=${jensA},${jensB}`))).toEqual([jensB]);
    expect(ids(await records(senderA, `letterId=${jensA},${jensB}`))).toEqual([jensA]);
    // A team lead sees the records of their team's letters (as the letters API shows them), not another team's.
    expect(ids(await records(teamleadA, `letterId=${jensA},${jensB}`))).toEqual([jensA]);
    const teamRecord = (await records(teamleadA, `letterId=${jensA}`)).items[0]!;
    expect((await p.api(`/v1/archive/records/${teamRecord.id}`, { token: teamleadA })).status).toBe(200);
    expect((await p.api(teamRecord.receipt!.href!, { token: teamleadA })).status).toBe(200);
    expect((await p.api(teamRecord.receipt!.href!, { token: senderB })).status).toBe(404);
    // The archivist sees both; another organisation neither.
    expect(ids(await records(archivist, `letterId=${jensA},${jensB}`))).toEqual([jensA, jensB].sort());
    expect((await records(otherOrg, `letterId=${jensA},${jensB}`)).total).toBe(0);
  });

  it('refuses what is no letter id, and too many at once, naming the parameter', async () => {
    for (const q of ['letterId=nope', 'letterId=', `letterId=${Array.from({ length: 101 }, () => randomUUID()).join(',')}`]) {
      const res = await p.api(`/v1/archive/records?${q}`, { token: senderA });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { field?: string } }).error.field).toMatch(/^letterId/);
    }
  });

  it('audits the search with the filter named, never the ids', async () => {
    const jensB = letterOf(shipB, '010190-XXXX');
    await records(senderB, `letterId=${jensB}`);
    const row = await p.runtime.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('action', '=', 'archive.records.search')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(row.details).toMatchObject({ filters: ['letterId'], records: 1 });
    expect(JSON.stringify(row.details)).not.toContain(jensB);
  });
});
