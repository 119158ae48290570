/**
 * @module
 * Archive, audit and retention commands for archivists and IT.
 */
import type { Command } from 'commander';
import { maskCpr } from '@brevdue/shared';
import { requestExport, runRetention, searchArchiveForOrganisation, verifyAuditChain } from '../archive/index.ts';
import { withRuntime } from './admin-commands.ts';

async function orgId(rt: { db: import('kysely').Kysely<import('../db/schema.ts').Database> }, slug: string): Promise<string> {
  const row = await rt.db.selectFrom('organisations').select('id').where('slug', '=', slug).executeTakeFirst();
  if (!row) throw new Error(`organisation "${slug}" not found`);
  return row.id;
}

const date = (s: string | undefined, name: string) => {
  if (s === undefined) return undefined;
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) throw new Error(`--${name}: not a date (YYYY-MM-DD)`);
  return d;
};

export function registerExtensionCommands(program: Command): void {
  const archive = program.command('archive').description('the archive: search and export to records systems');
  archive
    .command('search')
    .description('search archived letters (paged)')
    .requiredOption('--org <slug>', 'organisation slug')
    .option('--party <cpr-or-cvr>', 'CPR/CVR/FNR/ORGNR of the party')
    .option('--name <text>', 'part of the party name')
    .option('--subject <words>', 'words in the subject')
    .option('--from <date>', 'from date (inclusive)')
    .option('--to <date>', 'to date (exclusive)')
    .option('--status <status>', 'letter status')
    .option('--sender <text>', 'sender')
    .option('--page <n>', 'page', '1')
    .option('--json', 'machine-readable output')
    .action(async (o: Record<string, string | undefined>) => {
      await withRuntime(async (rt) => {
        const page = await searchArchiveForOrganisation(rt, await orgId(rt, o.org!), {
          party: o.party,
          name: o.name,
          subject: o.subject,
          from: date(o.from, 'from'),
          to: date(o.to, 'to'),
          status: o.status,
          sender: o.sender,
          page: Number(o.page ?? 1),
        });
        if (o.json) return console.log(JSON.stringify(page, null, 2));
        const p = page as unknown as { records: Record<string, any>[]; total: number };
        console.log(`${p.total} record(s)`);
        for (const r of p.records) {
          const party = r.party?.idType === 'CPR' ? maskCpr(r.party.id) : r.party?.id;
          console.log(`${String(r.occurredAt ?? '').slice(0, 19)}  ${String(r.status ?? '').padEnd(18)} ${String(party).padEnd(12)} ${r.subject}  (${r.id})`);
        }
      });
    });
  archive
    .command('export')
    .description('queue export of a case or a date range to archive targets')
    .requiredOption('--org <slug>', 'organisation slug')
    .option('--case <id>', 'case id')
    .option('--from <date>', 'from date (inclusive)')
    .option('--to <date>', 'to date (exclusive)')
    .option('--target <name>', 'one target (default: all)')
    .action(async (o: { org: string; case?: string; from?: string; to?: string; target?: string }) => {
      if (!o.case && !(o.from && o.to)) throw new Error('give --case <id> or --from and --to');
      await withRuntime(async (rt) => {
        const req = o.case ? { caseId: o.case, target: o.target } : { from: date(o.from, 'from')!, to: date(o.to, 'to')!, target: o.target };
        const r = await requestExport(rt, await orgId(rt, o.org), req as never, 'cli');
        console.log(JSON.stringify(r));
      }, true);
    });

  program
    .command('audit')
    .description('the tamper-evident audit log')
    .command('verify')
    .description('check the hash chain; reports the first broken link')
    .action(async () => {
      await withRuntime(async (rt) => {
        const r = await verifyAuditChain(rt.db);
        if (r.ok) console.log(`Revisionssporet er intakt / the audit log is intact: ${r.checked} entries, last hash ${r.lastHash}`);
        else {
          console.error(`Brudt kæde / broken chain at entry ${r.brokenAt?.id}: ${r.brokenAt?.message}`);
          process.exit(3);
        }
      });
    });

  program
    .command('retention')
    .description('retention (kassation)')
    .command('run')
    .description('delete documents whose retention time has come (not on legal hold)')
    .option('--dry-run', 'only list what would be deleted')
    .option('--org <slug>', 'one organisation')
    .action(async (o: { dryRun?: boolean; org?: string }) => {
      await withRuntime(async (rt) => {
        const r = await runRetention(rt, { dryRun: o.dryRun ?? false, organisationId: o.org ? await orgId(rt, o.org) : undefined, actor: 'cli' });
        console.log(JSON.stringify({ dryRun: r.dryRun, documents: r.documents.length, countsByKind: r.countsByKind, blobsDeleted: r.blobsDeleted, blobsKept: r.blobsKept }, null, 2));
      });
    });
}
