/**
 * Copies and P-units end to end over HTTP (issue 14), with the sandbox register: a child among
 * the recipients gets a copy to each custody holder (`options.guardianCopies`), a recipient names
 * a copy of its own (`recipients[i].copies`); copies are letters like any other, carry
 * `copyOf`/`copyKind`, are sent with their original's document, pass the leak guard with the
 * child's CPR number in them, and are filed in the child's case too. `GET
 * /v1/recipients/production-units` lists a company's P-units, and a P-number goes into the letter.
 */
import { randomUUID } from 'node:crypto';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LetterView, ShipmentPreview, ShipmentView } from '@brevdue/shared/api';
import { type TestPlatform, startTestPlatform, uploadPdf, waitFor } from '../support/platform.ts';

const EMMA = '1505144320'; // a minor in the sandbox register
const ANNE = '1203824312'; // Emma's mother
const PETER = '0409794313'; // Emma's father
const JENS = '0101904321'; // an adult
const LAWYER = '0303904321'; // an adult, named as a manual copy
const UNKNOWN_MINOR = '0101154321'; // a child the register does not know
const masked = (cpr: string) => `${cpr.slice(0, 6)}-XXXX`;

/** A one-page letter; its address block names `cpr` when given. */
async function letterPdf(word: string, cpr?: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595, 842]);
  if (cpr) page.drawText(`CPR: ${cpr.slice(0, 6)}-${cpr.slice(6)}`, { x: 50, y: 780, size: 11, font });
  page.drawText(`Kære modtager, dette er brevet ${word}.`, { x: 50, y: 740, size: 11, font });
  return Buffer.from(await doc.save());
}

interface SimMessage {
  reference?: string;
  documents: Array<{ role: string; sha256: string }>;
}

let p: TestPlatform;
let emmaDoc: string;
let plainDoc: string;

beforeAll(async () => {
  p = await startTestPlatform({ extraPlugins: [{ package: '@brevdue/plugin-sandbox/register', config: {} }] });
  emmaDoc = await uploadPdf(p, await letterPdf('Emma', EMMA), 'Emma.pdf');
  plainDoc = await uploadPdf(p, await letterPdf('Jens'), 'Jens.pdf');
});
afterAll(async () => p?.close());

const shipment = (extra: object = {}) =>
  JSON.stringify({
    subject: 'Skolebrev',
    options: { guardianCopies: true },
    recipients: [
      { idType: 'CPR', id: EMMA, name: 'Emma Jensen', document: emmaDoc },
      { idType: 'CPR', id: JENS, document: plainDoc, copies: [{ idType: 'CPR', id: LAWYER, name: 'Advokat Ask' }] },
    ],
    ...extra,
  });

describe('copies', () => {
  it('previews the custody holders per child and the manual copy, CPR numbers masked', async () => {
    const res = await p.api('/v1/shipments/preview', { method: 'POST', body: shipment() });
    expect(res.status).toBe(200);
    const preview = (await res.json()) as ShipmentPreview;
    const [emma, jens] = preview.recipients;
    expect(emma!.copies?.map((c) => [c.copyKind, c.relation, c.recipient.id, c.channel, c.hold ?? null])).toEqual([
      ['guardian', 'mother', masked(ANNE), 'digital', null],
      ['guardian', 'father', masked(PETER), 'digital', null],
    ]);
    expect(jens!.copies?.map((c) => [c.copyKind, c.recipient.id, c.recipient.name])).toEqual([['manual', masked(LAWYER), 'Advokat Ask']]);
    const text = JSON.stringify(preview);
    for (const cpr of [EMMA, ANNE, PETER, LAWYER]) expect(text).not.toContain(cpr);
  });

  it('sends each copy as a letter of its own with its original document, and files it in the child’s case too', async () => {
    const res = await p.api('/v1/shipments', { method: 'POST', body: shipment(), headers: { 'idempotency-key': randomUUID() } });
    expect(res.status).toBe(201);
    const created = (await res.json()) as ShipmentView;
    expect(created.letters).toHaveLength(5);
    const byRecipient = (cpr: string): LetterView => created.letters.find((l) => l.recipient.id === masked(cpr))!;
    const emma = byRecipient(EMMA);
    const jens = byRecipient(JENS);
    expect(emma.copyOf).toBeUndefined();
    // The guardian copies carry Emma's CPR number, and the leak guard lets them go.
    for (const cpr of [ANNE, PETER]) expect(byRecipient(cpr)).toMatchObject({ copyOf: emma.id, copyKind: 'guardian', status: 'queued' });
    expect(byRecipient(LAWYER)).toMatchObject({ copyOf: jens.id, copyKind: 'manual', status: 'queued' });

    const done = await waitFor(async () => {
      const s = (await (await p.api(`/v1/shipments/${created.id}`)).json()) as ShipmentView;
      return s.letters.every((l) => l.status.startsWith('delivered')) ? s : undefined;
    }, 'the letters and copies to be delivered');
    expect(done.letters.find((l) => l.id === byRecipient(ANNE).id)).toMatchObject({ copyOf: emma.id, copyKind: 'guardian' });
    const single = (await (await p.api(`/v1/letters/${byRecipient(PETER).id}`)).json()) as LetterView;
    expect(single).toMatchObject({ copyOf: emma.id, copyKind: 'guardian' });

    const sim = ((await (await fetch(`${p.sandbox!.url}/messages`)).json()) as { messages: SimMessage[] }).messages;
    const sha = async (doc: string) => ((await (await p.api(`/v1/documents/${doc}`)).json()) as { sha256: string }).sha256;
    for (const [cpr, doc] of [
      [ANNE, emmaDoc],
      [PETER, emmaDoc],
      [LAWYER, plainDoc],
    ] as const) {
      const msg = sim.find((m) => m.reference === byRecipient(cpr).id);
      expect(msg?.documents.map((d) => [d.role, d.sha256])).toEqual([['main', await sha(doc)]]);
    }

    // Emma's case: her own letter and both guardian copies; Anne's case: her copy.
    const records = async (party: string) =>
      ((await (await p.api(`/v1/archive/records?party=${party}`)).json()) as { items: Array<{ letterId: string | null; caseId: string }> })
        .items;
    const emmaRecords = await waitFor(async () => {
      const items = await records(EMMA);
      return items.length >= 3 ? items : undefined;
    }, 'the letter and its copies to be filed in the child’s case');
    expect(emmaRecords.map((r) => r.letterId).sort()).toEqual([emma.id, byRecipient(ANNE).id, byRecipient(PETER).id].sort());
    expect(new Set(emmaRecords.map((r) => r.caseId)).size).toBe(1);
    const anne = await waitFor(async () => ((await records(ANNE)).length ? records(ANNE) : undefined), 'the copy in the mother’s case');
    expect(anne.map((r) => r.letterId)).toEqual([byRecipient(ANNE).id]);
    const jensRecords = await waitFor(
      async () => ((await records(JENS)).length >= 2 ? records(JENS) : undefined),
      'the manual copy in Jens’s case',
    );
    expect(jensRecords.map((r) => r.letterId).sort()).toEqual([jens.id, byRecipient(LAWYER).id].sort());

    const logs = p.logs.join('\n');
    for (const cpr of [EMMA, ANNE, PETER, LAWYER]) expect(logs).not.toContain(cpr);
  });

  it('holds a manual copy of a letter that names the child: only a guardian copy may carry the child’s CPR number', async () => {
    const body = JSON.stringify({
      subject: 'Skolebrev',
      recipients: [{ idType: 'CPR', id: EMMA, document: emmaDoc, copies: [{ idType: 'CPR', id: LAWYER }] }],
    });
    const preview = (await (await p.api('/v1/shipments/preview', { method: 'POST', body })).json()) as ShipmentPreview;
    expect(preview.recipients[0]!.hold).toBeUndefined();
    expect(preview.recipients[0]!.copies?.[0]).toMatchObject({ copyKind: 'manual', hold: { kind: 'leak_guard', pages: [1] } });
  });

  it('removing a child’s letter from a held batch run removes its copies too', async () => {
    const res = await p.api('/v1/shipments', { method: 'POST', body: shipment({ review: true }) });
    const created = (await res.json()) as ShipmentView;
    const emma = created.letters.find((l) => l.recipient.id === masked(EMMA))!;
    const del = await p.api(`/v1/shipments/${created.id}/letters/${emma.id}`, { method: 'DELETE' });
    expect(del.status).toBe(200);
    const after = (await (await p.api(`/v1/shipments/${created.id}`)).json()) as ShipmentView;
    const status = (id: string) => after.letters.find((l) => l.id === id)!.status;
    const copies = after.letters.filter((l) => l.copyOf === emma.id);
    expect(copies).toHaveLength(2);
    expect([emma.id, ...copies.map((c) => c.id)].map(status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    // The other recipient and its manual copy wait for the release.
    expect(after.letters.filter((l) => l.status === 'held')).toHaveLength(2);
  });

  it('refuses guardian copies for a child the register does not know, naming the recipient, and stores nothing', async () => {
    const before = await p.runtime.db
      .selectFrom('shipments')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const body = JSON.stringify({
      subject: 'Skolebrev',
      mainDocument: plainDoc,
      options: { guardianCopies: true },
      recipients: [
        { idType: 'CPR', id: JENS },
        { idType: 'CPR', id: UNKNOWN_MINOR },
      ],
    });
    const res = await p.api('/v1/shipments', { method: 'POST', body });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { code: string; field: string } }).error).toMatchObject({
      code: 'guardians_not_found',
      field: 'recipients[1].id',
    });
    const after = await p.runtime.db
      .selectFrom('shipments')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    // Preview says so on the recipient instead.
    const preview = (await (await p.api('/v1/shipments/preview', { method: 'POST', body })).json()) as ShipmentPreview;
    expect(preview.recipients[1]!.warnings.join(' ')).toMatch(/registret kender ikke barnets CPR-nummer/);
  });
});

describe('production units', () => {
  it('lists a company’s active P-units, audited', async () => {
    const res = await p.api('/v1/recipients/production-units?cvr=29189846');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { cvr: string; productionUnits: Array<{ pNumber: string; name: string }> };
    expect(body.cvr).toBe('29189846');
    expect(body.productionUnits.map((u) => u.pNumber)).toEqual(['1003388394', '1017605124', '1017605132']);
    const audit = await p.runtime.db
      .selectFrom('audit_log')
      .select(['action', 'party'])
      .where('action', '=', 'recipient.production-units')
      .execute();
    expect(audit.length).toBeGreaterThan(0);
  });

  it('answers 400 naming cvr for a malformed number and 404 for a company the register does not know', async () => {
    const bad = await p.api('/v1/recipients/production-units?cvr=12345678', { headers: { 'accept-language': 'en' } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { field: string; message: string } }).error).toMatchObject({
      field: 'cvr',
      message: expect.stringMatching(/modulus 11/),
    });
    const unknown = await p.api('/v1/recipients/production-units?cvr=12345674');
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { field: string } }).error.field).toBe('cvr');
  });

  it('puts the chosen P-number into the letter', async () => {
    const res = await p.api('/v1/shipments', {
      method: 'POST',
      body: JSON.stringify({
        subject: 'Til Nordskolen',
        mainDocument: plainDoc,
        recipients: [{ idType: 'CVR', id: '29189846', pNumber: '1017605124' }],
      }),
    });
    expect(res.status).toBe(201);
    const letter = ((await res.json()) as ShipmentView).letters[0]!;
    expect(letter.recipient).toMatchObject({ idType: 'CVR', id: '29189846', pNumber: '1017605124' });
  });
});
