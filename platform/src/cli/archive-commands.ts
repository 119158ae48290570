/**
 * @module
 * Archive, audit and retention commands for archivists and IT.
 */
import type { Command } from 'commander';
import type { Kysely } from 'kysely';
import { maskCpr } from '@brevdue/shared';
import type { ExportRequest } from '../archive/index.ts';
import type { Database } from '../db/schema.ts';
import { withRuntime } from './with-runtime.ts';

// The archive and the audit log are imported when a command runs, not to read the command line.
const archiveModule = () => import('../archive/index.ts');
const auditModule = () => import('../audit/index.ts');

/** The organisation a command acts for: `--org`, or the only one there is. */
async function orgId(rt: { db: Kysely<Database> }, slug: string | undefined): Promise<string> {
  const rows = await rt.db
    .selectFrom('organisations')
    .select(['id', 'slug'])
    .$if(slug !== undefined, (q) => q.where('slug', '=', slug!))
    .limit(slug === undefined ? 50 : 1)
    .execute();
  if (slug !== undefined && rows.length === 0) throw new Error(`--org: no organisation "${slug}"`);
  if (rows.length !== 1) throw new Error(`--org: give the organisation, one of ${rows.map((r) => r.slug).join(', ') || '(none yet)'}`);
  return rows[0]!.id;
}

const date = (s: string | undefined, name: string) => {
  if (s === undefined) return undefined;
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) throw new Error(`--${name}: not a date (YYYY-MM-DD)`);
  return d;
};

export function registerArchiveCommands(program: Command): void {
  const archive = program.command('archive').description('the archive: search and export to records systems');
  archive
    .command('search')
    .description('search archived letters (paged)')
    .option('--org <slug>', 'organisation slug (when there is more than one)')
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
        const { searchArchiveForOrganisation } = await archiveModule();
        const page = await searchArchiveForOrganisation(rt, await orgId(rt, o.org), {
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
        console.log(`${page.total} record(s)`);
        for (const r of page.items) {
          const party = r.party.idType === 'CPR' ? maskCpr(r.party.id) : r.party.id;
          console.log(`${r.occurredAt.slice(0, 19)}  ${(r.status ?? '').padEnd(18)} ${party.padEnd(12)} ${r.subject}  (${r.id})`);
        }
      });
    });
  archive
    .command('export')
    .description('queue export of a case or a date range to archive targets')
    .option('--org <slug>', 'organisation slug (when there is more than one)')
    .option('--case <id>', 'case id')
    .option('--from <date>', 'from date (inclusive)')
    .option('--to <date>', 'to date (exclusive)')
    .option('--target <name>', 'one target (default: all)')
    .action(async (o: { org?: string; case?: string; from?: string; to?: string; target?: string }) => {
      if (!o.case && !(o.from && o.to)) throw new Error('give --case <id> or --from and --to');
      await withRuntime(async (rt) => {
        const { requestExport } = await archiveModule();
        const target = o.target !== undefined ? { target: o.target } : {};
        const req: ExportRequest = o.case
          ? { caseId: o.case, ...target }
          : { from: date(o.from, 'from')!, to: date(o.to, 'to')!, ...target };
        const r = await requestExport(rt, await orgId(rt, o.org), req, 'cli');
        console.log(JSON.stringify(r));
      }, true);
    });

  program
    .command('audit')
    .description('the tamper-evident audit log')
    .command('verify')
    .description('check the hash chain and its signed checkpoints: changed or deleted entries, a recomputed chain, a cut-off tail')
    .option('--public-key <pem-or-file...>', 'Ed25519 public key(s) to check checkpoints with, instead of the configured signing key')
    .option('--json', 'machine-readable output')
    .option('--lang <da|en>', 'language of the report', 'da')
    .action(async (o: { publicKey?: string[]; json?: boolean; lang?: string }) => {
      const ok = await withRuntime(async (rt) => {
        const { auditKeyId, auditLocaleOf, auditMessages, auditVerifyKeys, loadAuditPublicKey, verifyAuditChain } = await auditModule();
        const keys = o.publicKey?.length
          ? new Map(o.publicKey.map((k) => loadAuditPublicKey(k, '--public-key')).map((k) => [auditKeyId(k), k] as const))
          : auditVerifyKeys(rt.config.audit);
        const locale = auditLocaleOf(o.lang);
        const r = await verifyAuditChain(rt.db, { keys, checkpointMinutes: rt.config.audit.checkpointMinutes, locale });
        if (o.json) console.log(JSON.stringify(r, null, 2));
        else {
          const M = auditMessages(locale);
          for (const w of r.warnings) console.error(`${M.warning}: ${w}`);
          const c = r.checkpoints;
          console.log(M.checkpointSummary(c.found, c.verified, c.unsignedEntries));
          if (c.newest) console.log(M.lastCheckpoint(c.newest.id, c.newest.lastId, c.newest.signedAt));
          if (r.ok) console.log(M.intact(r.checked, r.lastHash));
          else {
            console.error(M.broken(r.problems.length));
            for (const p of r.problems) console.error(`  [${p.reason}] ${p.message}`);
          }
        }
        return r.ok;
      });
      // After the runtime closed (stopping an embedded PostgreSQL resets the exit code).
      if (!ok) process.exit(3);
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
        const { runRetention } = await archiveModule();
        const r = await runRetention(rt, {
          dryRun: o.dryRun ?? false,
          organisationId: o.org ? await orgId(rt, o.org) : undefined,
          actor: 'cli',
        });
        console.log(
          JSON.stringify(
            {
              dryRun: r.dryRun,
              documents: r.documents.length,
              countsByKind: r.countsByKind,
              blobsDeleted: r.blobsDeleted,
              blobsKept: r.blobsKept,
            },
            null,
            2,
          ),
        );
      });
    });
}
