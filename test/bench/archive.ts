/**
 * @module
 * Archive figures for `npm run bench`: search latency over 100,000 archived letters (seeded
 * with generate_series into a fresh database) and the platform's export rate to an in-process
 * target (the ceiling the platform side puts on export throughput; each target plugin's bench
 * measures its own simulator).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { pino } from 'pino';
import type PgBoss from 'pg-boss';
import { startPostgresServer } from '../support/start-postgres-server.ts';
import { createLocalDiskBlobStore } from '../../platform/src/blob/local-disk-blob-store.ts';
import { migrations } from '../../platform/src/db/migrations/index.ts';
import type { Database } from '../../platform/src/db/schema.ts';
import { archiveTargetsFrom } from '../../platform/src/archive/archive-runtime.ts';
import { RecordingTarget } from '../../platform/test/recording-target.ts';
import { renderReceiptPdf, type ReceiptData } from '../../platform/src/archive/receipt-pdf.ts';
import { runExport } from '../../platform/src/archive/run-export.ts';
import { type ArchiveQuery, searchArchive } from '../../platform/src/archive/search-archive.ts';

interface Figure {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

const RECORDS = Number(process.env.BENCH_ARCHIVE_RECORDS ?? 100_000);
const PARTIES = Math.ceil(RECORDS / 3);

/** Deterministic party number i (10 digits, CPR-shaped). */
const partyOf = (i: number) =>
  `${String(1 + (i % 28)).padStart(2, '0')}${String(1 + (Math.floor(i / 28) % 12)).padStart(2, '0')}${String(Math.floor(i / 336) % 100).padStart(2, '0')}${String(i % 10000).padStart(4, '0')}`;

async function seed(db: Kysely<Database>, org: string, shas: string[], records = RECORDS): Promise<void> {
  const parties = Math.ceil(records / 3);
  await sql`
    insert into cases (organisation_id, party_type, party_id, party_name, last_activity_at)
    select ${org}::uuid, 'CPR',
      lpad((1 + i % 28)::text, 2, '0') || lpad((1 + (i / 28) % 12)::text, 2, '0') || lpad(((i / 336) % 100)::text, 2, '0') || lpad((i % 10000)::text, 4, '0'),
      (array['Anna','Bo','Carl','Dorte','Emil','Freja','Gustav','Hanne','Ida','Jens'])[1 + i % 10] || ' ' ||
      (array['Jensen','Nielsen','Hansen','Pedersen','Andersen','Christensen','Larsen','Sørensen','Rasmussen','Jørgensen','Petersen','Madsen','Kristensen','Olsen'])[1 + (i / 10) % 14] || '-' || i,
      now()
    from generate_series(0, ${parties - 1}) as i
    on conflict do nothing`.execute(db);
  await sql`
    with c as (select array_agg(id order by party_id) as ids from cases where organisation_id = ${org}::uuid)
    insert into archive_records (organisation_id, case_id, direction, source_key, subject, occurred_at, channel, provider, provider_message_id, status, sender_ref, sender_name)
    select ${org}::uuid, c.ids[1 + i % cardinality(c.ids)], 'outgoing', 'bench:' || i,
      (array['Indkaldelse til skolesamtale','Afgørelse om friplads','Påmindelse om tandpleje','Svar på ansøgning om SFO','Orientering om skolestart','Bevilling af befordring','Indkaldelse til sundhedsplejerske','Afslag på dispensation','Opkrævning af forældrebetaling','Referat af forældremøde'])[1 + i % 10]
        || ' ' || (array['januar','februar','marts','april','maj','juni','august','september','oktober','november'])[1 + (i / 10) % 10] || ' nr. ' || i,
      now() - (i % 1095) * interval '1 day' - (i % 86400) * interval '1 second',
      'digital', 'sandbox', 'prov-' || i,
      case when i % 50 = 0 then 'failed' when i % 7 = 0 then 'delivered_print' else 'delivered_digital' end,
      'user:' || (i % 40), 'Sagsbehandler ' || (i % 40)
    from generate_series(0, ${records - 1}) as i, c`.execute(db);
  await sql`
    insert into archive_documents (organisation_id, record_id, role, kind, sha256, filename, media_type, bytes, position)
    select r.organisation_id, r.id, d.role, d.role, (${shas}::text[])[d.pos + 1], d.role || '.bin', 'application/pdf', 1000, d.pos
    from archive_records r
    cross join (values ('letter', 0), ('wire-message', 1), ('provider-receipt', 2), ('receipt', 3)) as d(role, pos)
    where r.organisation_id = ${org}::uuid`.execute(db);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function time(db: Kysely<Database>, org: string, queries: ArchiveQuery[]): Promise<{ p50: number; p95: number }> {
  const ms: number[] = [];
  for (const q of queries) {
    const t = performance.now();
    await searchArchive(db, { organisationId: org }, q);
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { p50: Math.round(percentile(ms, 50) * 10) / 10, p95: Math.round(percentile(ms, 95) * 10) / 10 };
}

/** The archive's figures. */
export default async function bench(): Promise<Figure[]> {
  const server = await startPostgresServer();
  const dir = await mkdtemp(join(tmpdir(), 'brevdue-archive-bench-'));
  const pool = new pg.Pool({ connectionString: await server.createDatabase('archive_bench'), max: 10 });
  pool.on('error', () => {}); // idle clients see the server stop at the end
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    const { error } = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateToLatest();
    if (error) throw error;
    const blobs = createLocalDiskBlobStore(dir);
    const shas = await Promise.all([0, 1, 2, 3].map(async (i) => (await blobs.putBuffer(Buffer.alloc(1000, i))).sha256));
    const org = (
      await db
        .insertInto('organisations')
        .values({ slug: 'bench', name: 'Bench Kommune', cvr: '29189846' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const other = (
      await db.insertInto('organisations').values({ slug: 'other', name: 'Anden Kommune' }).returning('id').executeTakeFirstOrThrow()
    ).id;
    const t0 = performance.now();
    // Bulk load the usual way: secondary indexes dropped, rows in, indexes built once.
    const indexes = (
      await sql<{ name: string; def: string }>`select indexname as name, indexdef as def from pg_indexes
        where tablename in ('cases', 'archive_records', 'archive_documents') and indexdef not like '%UNIQUE%'`.execute(db)
    ).rows;
    for (const i of indexes) await sql`drop index ${sql.id(i.name)}`.execute(db);
    await seed(db, org, shas);
    // Noise: another organisation's archive in the same tables.
    await seed(db, other, shas, Math.floor(RECORDS / 5));
    for (const i of indexes) await sql.raw(i.def).execute(db);
    await sql`analyze`.execute(db);
    const seedSeconds = (performance.now() - t0) / 1000;

    const n = 100;
    const pick = (i: number) => partyOf((i * 7919) % PARTIES);
    const day = 86400_000;
    const figures: Figure[] = [
      {
        name: `seed ${RECORDS} records + ${RECORDS * 4} documents (+ 20 % another organisation), indexes built`,
        value: Math.round(seedSeconds * 10) / 10,
        unit: 's',
      },
    ];
    const suites: Array<[string, (i: number) => ArchiveQuery]> = [
      ['party (CPR)', (i) => ({ party: pick(i) })],
      ['subject word', (i) => ({ subject: ['friplads', 'tandpleje', 'skolestart', 'befordring', 'dispensation'][i % 5]! })],
      [
        'subject two words',
        (i) => ({ subject: `${['friplads', 'skolesamtale', 'forældremøde'][i % 3]} ${['marts', 'maj', 'oktober'][i % 3]}` }),
      ],
      ['party name', (i) => ({ name: ['Hansen', 'Freja Larsen', 'Sørensen-12'][i % 3]! })],
      ['date range (one month)', (i) => ({ from: new Date(Date.now() - (30 + i * 7) * day), to: new Date(Date.now() - i * 7 * day) })],
      [
        'status failed + range',
        (i) => ({ status: 'failed', from: new Date(Date.now() - (365 + i) * day), to: new Date(Date.now() - i * day) }),
      ],
      ['sender + subject', (i) => ({ sender: `user:${i % 40}`, subject: 'friplads' })],
      ['no filter, page 20', () => ({ page: 20, pageSize: 50 })],
    ];
    for (const [name, make] of suites) {
      await time(db, org, [make(0), make(1)]); // warm up
      const r = await time(
        db,
        org,
        Array.from({ length: n }, (_, i) => make(i)),
      );
      figures.push({ name: `archive search p50: ${name}`, value: r.p50, unit: 'ms' });
      figures.push({
        name: `archive search p95: ${name}`,
        value: r.p95,
        unit: 'ms',
        note: `${n} queries over ${RECORDS} records, target < 100 ms`,
      });
    }

    // Export rate to an in-process target: the platform's own cost per export.
    const target = new RecordingTarget();
    const rt = {
      db,
      blobs,
      logger: pino({ level: 'silent' }),
      queue: undefined as unknown as PgBoss,
      archiveTargets: archiveTargetsFrom({ rec: { target, autoExport: false } }),
    };
    const exportsN = 2000;
    const ids = (
      await sql<{ id: string }>`insert into archive_exports (organisation_id, record_id, target, updated_at)
        select organisation_id, id, 'rec', now() from archive_records where organisation_id = ${org}::uuid limit ${exportsN} returning id`.execute(
        db,
      )
    ).rows.map((r) => r.id);
    const t1 = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < ids.length) await runExport(rt, ids[next++]!);
      }),
    );
    const perSecond = Math.round(ids.length / ((performance.now() - t1) / 1000));
    figures.push({
      name: 'archive exports per second (in-process target, 8 parallel)',
      value: perSecond,
      unit: 'records/s',
      note: 'platform side only: claim, assemble 4 documents, record outcome + audit entry',
    });
    figures.push(await benchReceipts());
    return figures;
  } finally {
    await db.destroy();
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The receipt PDF filed with every letter: the largest part of archiving a letter. */
async function benchReceipts(): Promise<Figure> {
  const data = (i: number): ReceiptData => ({
    organisation: { name: 'Aarhus Kommune', cvr: '55133018' },
    senderName: 'Jens Sagsbehandler',
    recipient: { idType: 'CPR', id: '0101904321', name: 'Anna Æbelø' },
    subject: 'Indkaldelse til møde om dit barns skolestart',
    channel: 'digital',
    provider: 'sandbox',
    providerMessageId: `sim-${i}`,
    messageId: '5f1e4a0e-3a7b-4c53-9d5a-7e2b0e3f4a10',
    letterId: '7c1e4a0e-3a7b-4c53-9d5a-7e2b0e3f4a10',
    status: 'delivered_digital',
    statusReason: null,
    createdAt: new Date(),
    submittedAt: new Date(),
    deliveredAt: new Date(),
    documents: ['letter', 'wire-message', 'provider-receipt'].map((role, n) => ({
      role,
      filename: `${role}.pdf`,
      sha256: String(n).repeat(64),
      bytes: 12345,
    })),
    issuedAt: new Date(),
    language: 'da',
  });
  for (let i = 0; i < 200; i++) await renderReceiptPdf(data(i)); // warm up
  const n = 2000;
  const t = performance.now();
  for (let i = 0; i < n; i++) await renderReceiptPdf(data(i));
  const ms = (performance.now() - t) / n;
  return {
    name: 'receipt PDF (afsendelseskvittering), one thread',
    value: Math.round(1000 / ms),
    unit: 'PDFs/s',
    note: `${ms.toFixed(2)} ms each`,
  };
}
