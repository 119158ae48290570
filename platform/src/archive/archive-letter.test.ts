import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { archiveLetter, archiveLetters } from './archive-letter.ts';
import { verifyAuditChain } from '../audit/verify-audit-chain.ts';
import { type ArchiveFixture, createArchiveFixture } from '../../test/archive-fixture.ts';
import { pdfText } from '../../test/pdf-text.ts';

let f: ArchiveFixture;
let org: string;
beforeAll(async () => {
  f = await createArchiveFixture();
  org = await f.createOrganisation('Aarhus Kommune');
});
afterAll(async () => f?.close());

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('archiveLetter', () => {
  it('files three recipients in three cases, each with letter, attachment, proof and receipt', async () => {
    const sender = await f.createToken(org, 'sender', true);
    const letterIds = await f.insertSentShipment({
      organisationId: org,
      createdBy: sender,
      subject: 'Indkaldelse til skolesamtale',
      recipients: [
        { idType: 'CPR', id: '0101904321', name: 'Anna Æbelø' },
        { idType: 'CPR', id: '0202855678', name: 'Bo Østergård' },
        { idType: 'CVR', id: '29189846', name: 'Firma A/S' },
      ],
      documents: [
        { filename: 'brev.pdf', body: Buffer.from('%PDF-1.4 main letter') },
        { filename: 'bilag.pdf', body: Buffer.from('%PDF-1.4 attachment') },
      ],
    });
    const results = await f.db.transaction().execute(async (trx) => Promise.all(letterIds.map((id) => archiveLetter(trx, f.rt, id))));
    expect(results.every((r) => r.created)).toBe(true);

    const cases = await f.db.selectFrom('cases').selectAll().where('organisation_id', '=', org).orderBy('party_id').execute();
    expect(cases.map((c) => `${c.party_type}:${c.party_id}`)).toEqual(['CPR:0101904321', 'CPR:0202855678', 'CVR:29189846']);
    for (const [i, letterId] of letterIds.entries()) {
      const rec = await f.db.selectFrom('archive_records').selectAll().where('letter_id', '=', letterId).executeTakeFirstOrThrow();
      expect(rec.direction).toBe('outgoing');
      expect(rec.sender_ref).toBe(`user:${sender.userId}`);
      const docs = await f.db.selectFrom('archive_documents').selectAll().where('record_id', '=', rec.id).orderBy('position').execute();
      expect(docs.map((d) => d.role)).toEqual(['letter', 'attachment', 'wire-message', 'provider-receipt', 'receipt']);
      expect(docs[0]!.sha256).toBe(sha(Buffer.from('%PDF-1.4 main letter')));
      expect(docs[3]!.media_type).toBe('application/json');
      // Each case holds its own letter.
      expect(cases.some((c) => c.id === rec.case_id)).toBe(true);
      expect(results[i]!.recordId).toBe(rec.id);
    }
    const exports = await f.db.selectFrom('archive_exports').selectAll().where('organisation_id', '=', org).execute();
    expect(exports).toHaveLength(3);
    expect(exports.every((e) => e.status === 'pending' && e.target === 'recorder')).toBe(true);
  });

  it('files a batch in one go: repeats, letters already filed and letters not final are answered, one case per party', async () => {
    const ids = await f.insertSentShipment({
      organisationId: org,
      createdBy: null,
      subject: 'Batch',
      recipients: [
        { idType: 'CPR', id: '0303901234', name: 'Carl' },
        { idType: 'CPR', id: '0303901234', name: 'Carl' },
        { idType: 'CPR', id: '0404902345' },
      ],
    });
    const [notFinal] = await f.insertSentShipment({
      organisationId: org,
      createdBy: null,
      subject: 'Undervejs',
      recipients: [{ idType: 'CPR', id: '0505903456' }],
      status: 'submitted',
    });
    const alreadyFiled = await f.db.transaction().execute((trx) => archiveLetter(trx, f.rt, ids[2]!));
    const results = await f.db.transaction().execute((trx) => archiveLetters(trx, f.rt, [ids[0]!, ids[1]!, ids[2]!, notFinal!, ids[0]!]));
    expect(results.map((r) => r.created)).toEqual([true, true, false, false, false]);
    expect(results[2]!.recordId).toBe(alreadyFiled.recordId);
    expect(results[3]).toMatchObject({ recordId: null, reason: 'not-final' });
    expect(results[4]!.recordId).toBe(results[0]!.recordId);
    // Two letters to Carl: two records in one case.
    expect(results[0]!.recordId).not.toBe(results[1]!.recordId);
    expect((results[0] as { caseId: string }).caseId).toBe((results[1] as { caseId: string }).caseId);
    const carl = await f.db
      .selectFrom('cases')
      .selectAll()
      .where('organisation_id', '=', org)
      .where('party_id', '=', '0303901234')
      .execute();
    expect(carl).toHaveLength(1);
    const audited = await f.db
      .selectFrom('audit_log')
      .select('subject_id')
      .where('action', '=', 'archive.record.create')
      .where('subject_id', 'in', [results[0]!.recordId!, results[1]!.recordId!])
      .execute();
    expect(audited).toHaveLength(2);
    const chain = await verifyAuditChain(f.db);
    expect(chain.ok, chain.brokenAt?.message).toBe(true);
  });

  it('is idempotent: archiving again files nothing new', async () => {
    const [letterId] = await f.insertSentShipment({
      organisationId: org,
      createdBy: null,
      subject: 'Påmindelse',
      recipients: [{ idType: 'CPR', id: '0101904321' }],
    });
    const first = await f.db.transaction().execute((trx) => archiveLetter(trx, f.rt, letterId!));
    const second = await f.db.transaction().execute((trx) => archiveLetter(trx, f.rt, letterId!));
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.recordId).toBe(first.recordId);
    const n = await f.db
      .selectFrom('archive_records')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('letter_id', '=', letterId!)
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1);
    const e = await f.db.selectFrom('archive_exports').selectAll().where('record_id', '=', first.recordId!).execute();
    expect(e).toHaveLength(1);
    // The same party's second letter went into the existing case.
    const cases = await f.db
      .selectFrom('cases')
      .select('id')
      .where('organisation_id', '=', org)
      .where('party_id', '=', '0101904321')
      .execute();
    expect(cases).toHaveLength(1);
  });

  it('writes a receipt PDF with the masked CPR and the SHA-256 of each document', async () => {
    const [letterId] = await f.insertSentShipment({
      organisationId: org,
      createdBy: null,
      subject: 'Bevilling af friplads',
      recipients: [{ idType: 'CPR', id: '1503001234', name: 'Carl Ærø' }],
    });
    const r = await f.db.transaction().execute((trx) => archiveLetter(trx, f.rt, letterId!));
    const docs = await f.db.selectFrom('archive_documents').selectAll().where('record_id', '=', r.recordId!).orderBy('position').execute();
    const receipt = docs.find((d) => d.role === 'receipt')!;
    expect(receipt.media_type).toBe('application/pdf');
    const text = await pdfText(await f.blobs.read(receipt.sha256));
    expect(text).toContain('150300-XXXX');
    expect(text).not.toContain('1503001234');
    expect(text).toContain('Carl Ærø');
    expect(text).toContain('Bevilling af friplads');
    expect(text).toContain('Aarhus Kommune');
    expect(text).toMatch(/prov-[0-9a-f]{8}/);
    for (const d of docs.filter((x) => x.role !== 'receipt')) expect(text).toContain(d.sha256);
  });

  it('does not archive a cancelled letter', async () => {
    const [letterId] = await f.insertSentShipment({
      organisationId: org,
      createdBy: null,
      subject: 'Annulleret',
      recipients: [{ idType: 'CPR', id: '0101904321' }],
      status: 'cancelled',
    });
    const r = await f.db.transaction().execute((trx) => archiveLetter(trx, f.rt, letterId!));
    expect(r).toMatchObject({ recordId: null, reason: 'cancelled' });
  });

  it('files a letter cancelled after it failed with status cancelled, also when the cancel came before its filing', async () => {
    const [filedFirst, cancelledFirst] = await f.insertSentShipment({
      organisationId: org,
      createdBy: null,
      subject: 'Fejlet og annulleret',
      recipients: [
        { idType: 'CPR', id: '0505904321' },
        { idType: 'CPR', id: '0606904321' },
      ],
      status: 'failed',
    });
    const failedEvent = (id: string) => ({ letter_id: id, organisation_id: org, type: 'failed', status: 'failed' });
    await f.db
      .insertInto('letter_events')
      .values([failedEvent(filedFirst!), failedEvent(cancelledFirst!)])
      .execute();
    const filed = await f.db.transaction().execute((trx) => archiveLetter(trx, f.rt, filedFirst!));
    const cancel = (id: string) => f.db.updateTable('letters').set({ status: 'cancelled' }).where('id', '=', id).execute();
    await cancel(filedFirst!);
    await cancel(cancelledFirst!);
    const [again, late] = await f.db.transaction().execute((trx) => archiveLetters(trx, f.rt, [filedFirst!, cancelledFirst!]));
    expect(again).toMatchObject({ recordId: filed.recordId, created: false });
    expect(late).toMatchObject({ created: true });
    const records = await f.db
      .selectFrom('archive_records')
      .select(['id', 'status'])
      .where('letter_id', 'in', [filedFirst!, cancelledFirst!])
      .execute();
    expect(records.map((r) => r.status)).toEqual(['cancelled', 'cancelled']);
    const audit = await f.db.selectFrom('audit_log').select(['details']).where('action', '=', 'archive.record.status').execute();
    expect(audit.map((a) => a.details)).toEqual([expect.objectContaining({ letterId: filedFirst, from: 'failed', to: 'cancelled' })]);
    // Once more changes nothing.
    await f.db.transaction().execute((trx) => archiveLetters(trx, f.rt, [filedFirst!, cancelledFirst!]));
    expect(await f.db.selectFrom('audit_log').select('id').where('action', '=', 'archive.record.status').execute()).toHaveLength(1);
  });
});
