import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfText } from '../../test/pdf-text.ts';
import { archiveLetter } from './archive-letter.ts';
import { type ArchiveFixture, createArchiveFixture } from '../../test/archive-fixture.ts';
import type { Role } from '../db/schema.ts';

let f: ArchiveFixture;
let orgA: string;
let orgB: string;

beforeAll(async () => {
  f = await createArchiveFixture();
  orgA = await f.createOrganisation('Horsens Kommune');
  orgB = await f.createOrganisation('Hedensted Kommune');
});
afterAll(async () => f?.close());

const as = (role: Role, organisationId = orgA) => f.login({ organisationId, role }).headers;
const getSettings = (role: Role, organisationId = orgA) => f.app.request('/v1/archive/settings', { headers: as(role, organisationId) });
const putSettings = (role: Role, body: unknown) =>
  f.app.request('/v1/archive/settings', {
    method: 'PUT',
    headers: { ...as(role), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

/** Sends and archives one letter of `orgA`; answers the text of its receipt PDF as the archive API serves it. */
async function receiptOfNewLetter(name: string): Promise<string> {
  const sender = await f.createToken(orgA, 'sender');
  const [letterId] = await f.insertSentShipment({
    organisationId: orgA,
    createdBy: sender,
    subject: 'Svar på ansøgning',
    recipients: [{ idType: 'CPR', id: '0101904321', name }],
    documents: [{ filename: 'svar.pdf', body: Buffer.from('%PDF-1.4 svar') }],
  });
  await f.db.transaction().execute((trx) => archiveLetter(trx, f.rt, letterId!));
  const list = await f.app.request(`/v1/archive/records?letterId=${letterId}`, { headers: as('archivist') });
  const [record] = ((await list.json()) as { items: Array<{ receipt: { href: string } | null }> }).items;
  const pdf = await f.app.request(record!.receipt!.href, { headers: as('archivist') });
  expect(pdf.status).toBe(200);
  return pdfText(Buffer.from(await pdf.arrayBuffer()));
}

describe('archive settings: the language of receipts', () => {
  it('writes receipts in Danish until the organisation chooses otherwise, and the archive’s readers can see which', async () => {
    for (const role of ['archivist', 'auditor', 'admin'] as const) {
      const res = await getSettings(role);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ receiptLanguage: 'da' });
    }
    expect((await getSettings('sender')).status).toBe(403);
    const text = await receiptOfNewLetter('Dorte Dam');
    expect(text).toContain('Afsendelseskvittering');
    expect(text).not.toContain('Dispatch receipt');
  });

  it('files receipts in English from the change on, audited; a receipt filed before keeps its language', async () => {
    const before = await receiptOfNewLetter('Erik Enevoldsen');
    const res = await putSettings('archivist', { receiptLanguage: 'en' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ receiptLanguage: 'en' });
    expect(await (await getSettings('auditor')).json()).toEqual({ receiptLanguage: 'en' });
    // Another organisation's setting is its own.
    expect(await (await getSettings('archivist', orgB)).json()).toEqual({ receiptLanguage: 'da' });

    const audit = await f.db
      .selectFrom('audit_log')
      .select(['organisation_id', 'details'])
      .where('action', '=', 'archive.settings.set')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.organisation_id).toBe(orgA);
    expect(audit[0]!.details).toEqual({ receiptLanguage: 'en', was: 'da' });

    const after = await receiptOfNewLetter('Frida Fisker');
    expect(after).toContain('Dispatch receipt');
    expect(after).toContain('(Danish time)');
    expect(after).not.toMatch(/Afsendelseskvittering|Modtager/);
    expect(before).toContain('Afsendelseskvittering');

    expect((await putSettings('admin', { receiptLanguage: 'nb' })).status).toBe(200);
    expect(await receiptOfNewLetter('Gro Gundersen')).toContain('Forsendelseskvittering');
  });

  it('refuses a language it does not write, naming the field, and roles that may not change it; nothing changes', async () => {
    const current = await (await getSettings('archivist')).json();
    const bad = await putSettings('archivist', { receiptLanguage: 'fr' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      error: { field: 'receiptLanguage', message: expect.stringContaining('da (Danish), en (English) or nb') },
    });
    expect((await putSettings('archivist', {})).status).toBe(400);
    for (const role of ['auditor', 'sender', 'teamlead'] as const)
      expect((await putSettings(role, { receiptLanguage: 'en' })).status).toBe(403);
    expect(await (await getSettings('archivist')).json()).toEqual(current);
  });
});
