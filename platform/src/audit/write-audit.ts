/**
 * @module
 * Appends to the tamper-evident audit log: each entry carries the hash of the previous one, so
 * a changed or deleted row breaks the chain (`brevdue audit verify`).
 */
import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import { canonicalJson } from './canonical-json.ts';

export interface AuditEntry {
  organisationId: string | null;
  /** Who: `token:<id>`, `user:<id>`, `system`, `cli`. */
  actor: string;
  /** What, dotted: `letter.document.read`, `shipment.create`, `retention.delete` ... */
  action: string;
  subjectType?: string;
  subjectId?: string;
  /** Never personal data such as CPR numbers or document content. */
  details?: Record<string, unknown>;
}

/**
 * The canonical text a row's hash is computed over. `details` keys are sorted (canonical JSON)
 * because `jsonb` reorders keys: a row read back must hash as it did when written.
 */
export function auditHashInput(row: { prev_hash: string | null; organisation_id: string | null; actor: string; action: string; subject_type: string | null; subject_id: string | null; details: unknown; created_at: Date }): string {
  return canonicalJson([row.prev_hash, row.organisation_id, row.actor, row.action, row.subject_type, row.subject_id, row.details ?? null, row.created_at.toISOString()]);
}

/** SHA-256 (hex) of a row's canonical text. */
export function auditHash(input: string): string {
  return createHash('sha256').update(input).digest('hex');
}

/** Appends an entry. Run it inside the transaction of the change it records, where there is one. */
export async function writeAudit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await writeAudits(db, [entry]);
}

/** Appends entries in the order given, each linked to the one before, with one lock and one insert. */
export async function writeAudits(db: Kysely<Database>, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const write = async (trx: Kysely<Database>) => {
    // One writer at a time, so every entry links to the one before it.
    await sql`select pg_advisory_xact_lock(872301)`.execute(trx);
    const last = await trx.selectFrom('audit_log').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
    const created_at = new Date(Math.floor(Date.now()));
    let prev = last?.hash ?? null;
    const rows = entries.map((entry) => {
      const row = {
        prev_hash: prev,
        organisation_id: entry.organisationId,
        actor: entry.actor,
        action: entry.action,
        subject_type: entry.subjectType ?? null,
        subject_id: entry.subjectId ?? null,
        details: entry.details ?? null,
        created_at,
      };
      const hash = auditHash(auditHashInput(row));
      prev = hash;
      return { ...row, details: row.details === null ? null : JSON.stringify(row.details), hash };
    });
    // A multi-row VALUES list takes its ids from the sequence in row order, which the chain follows.
    for (let i = 0; i < rows.length; i += 2000) await trx.insertInto('audit_log').values(rows.slice(i, i + 2000)).execute();
  };
  if (!db.isTransaction) return db.transaction().execute(write);
  // The advisory lock does not order writers that share one transaction (it is the same
  // session's): chain them here, or two would both link to the same last entry.
  const before = inTransaction.get(db) ?? Promise.resolve();
  const mine = before.then(() => write(db));
  inTransaction.set(db, mine.catch(() => undefined));
  await mine;
}

const inTransaction = new WeakMap<Kysely<Database>, Promise<unknown>>();
