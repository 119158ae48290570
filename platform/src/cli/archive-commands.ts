/**
 * @module
 * Archive, audit and retention commands for archivists and IT.
 */
import type { Command } from 'commander';
import { maskCpr } from '@brevdue/shared';
import { type ExportRequest, requestExport, runRetention, searchArchiveForOrganisation } from '../archive/index.ts';
import { withRuntime } from './admin-commands.ts';
import {
  auditConfigSchema,
  auditKeyId,
  auditLocaleOf,
  auditMessages,
  auditVerifyKeys,
  loadAuditPublicKey,
  verifyAuditChain,
} from '../audit/index.ts';
import { formatIssues } from '../config/load-config.ts';

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
    .requiredOption('--org <slug>', 'organisation slug')
    .option('--case <id>', 'case id')
    .option('--from <date>', 'from date (inclusive)')
    .option('--to <date>', 'to date (exclusive)')
    .option('--target <name>', 'one target (default: all)')
    .action(async (o: { org: string; case?: string; from?: string; to?: string; target?: string }) => {
      if (!o.case && !(o.from && o.to)) throw new Error('give --case <id> or --from and --to');
      await withRuntime(async (rt) => {
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
        // `audit` is read through its own schema, whether or not the platform's config schema embeds it yet.
        const parsed = auditConfigSchema.safeParse((rt.config as { audit?: unknown }).audit);
        if (!parsed.success) throw new Error(formatIssues(parsed.error.issues, 'audit'));
        const keys = o.publicKey?.length
          ? new Map(o.publicKey.map((k) => loadAuditPublicKey(k, '--public-key')).map((k) => [auditKeyId(k), k] as const))
          : auditVerifyKeys(parsed.data);
        const locale = auditLocaleOf(o.lang);
        const r = await verifyAuditChain(rt.db, { keys, checkpointMinutes: parsed.data.checkpointMinutes, locale });
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
