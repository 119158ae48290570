/**
 * @module
 * Appends to the tamper-evident audit log: each entry carries the hash of the previous one, so
 * a changed or deleted row breaks the chain, and signed checkpoints of the chain's head
 * (`write-checkpoint.ts`) expose a chain recomputed by someone with database access
 * (`brevdue audit verify`).
 */
import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { maskId } from '@brevdue/shared';
import type { Database } from '../db/schema.ts';
import { canonicalJson } from './canonical-json.ts';
import { AuditInputError } from './audit-error.ts';

export interface AuditEntry {
  organisationId: string | null;
  /** Who: `user:<uuid>`, `token:<uuid>`, `system`, `cli`. */
  actor: string;
  /** The actor's display name as it was then (a user's name, a token's name), for receipts and screens. */
  actorName?: string;
  /** What, dotted: `letter.document.read`, `shipment.create`, `retention.delete` ... */
  action: string;
  subjectType?: string;
  subjectId?: string;
  /** The person or company the entry is about; given in full, stored masked only (`maskId`). */
  party?: { idType: string; id: string };
  /** The client's IP address, where the entry comes from a request. */
  sourceAddress?: string | null;
  /** SHA-256 (hex) of the document the entry names (read, sent, deleted). */
  documentSha256?: string;
  /** Never personal data such as CPR numbers or document content. */
  details?: Record<string, unknown>;
}

/** The hashed columns of an audit row, as stored. */
export interface AuditHashedRow {
  v?: number;
  prev_hash: string | null;
  organisation_id: string | null;
  actor: string;
  actor_name?: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  party_id_type?: string | null;
  party?: string | null;
  source_address?: string | null;
  document_sha256?: string | null;
  details: unknown;
  created_at: Date;
}

/** The hash input version new rows are written with. */
export const AUDIT_HASH_VERSION = 2;

/**
 * The canonical text a row's hash is computed over. `details` keys are sorted (canonical JSON)
 * because `jsonb` reorders keys: a row read back must hash as it did when written. Version 1
 * (rows written before migration 006) is kept byte for byte so those rows stay verifiable;
 * version 2 starts with the version, so a row cannot pass for the other version.
 */
export function auditHashInput(row: AuditHashedRow): string {
  const common = [
    row.prev_hash,
    row.organisation_id,
    row.actor,
    row.action,
    row.subject_type,
    row.subject_id,
    row.details ?? null,
    row.created_at.toISOString(),
  ];
  if ((row.v ?? 1) === 1) return canonicalJson(common);
  const added = [
    row.actor_name ?? null,
    row.party_id_type ?? null,
    row.party ?? null,
    row.source_address ?? null,
    row.document_sha256 ?? null,
  ];
  return canonicalJson([row.v, ...common, ...added]);
}

/** SHA-256 (hex) of a row's canonical text. */
export function auditHash(input: string): string {
  return createHash('sha256').update(input).digest('hex');
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * The row an entry becomes (before linking): the party masked, the checksum checked.
 * @throws AuditInputError naming the field when `documentSha256` is not 64 hex digits or the party is empty.
 */
export function auditRowOf(entry: AuditEntry): Omit<AuditHashedRow, 'prev_hash' | 'created_at'> {
  if (entry.documentSha256 !== undefined && !SHA256_HEX.test(entry.documentSha256))
    throw new AuditInputError('documentSha256', 'notSha256');
  if (entry.party && (!entry.party.idType || !entry.party.id.trim())) throw new AuditInputError('party', 'emptyParty');
  return {
    v: AUDIT_HASH_VERSION,
    organisation_id: entry.organisationId,
    actor: entry.actor,
    actor_name: entry.actorName ?? null,
    action: entry.action,
    subject_type: entry.subjectType ?? null,
    subject_id: entry.subjectId ?? null,
    party_id_type: entry.party?.idType ?? null,
    party: entry.party ? maskId(entry.party.idType, entry.party.id) : null,
    source_address: entry.sourceAddress ?? null,
    document_sha256: entry.documentSha256 ?? null,
    details: entry.details ?? null,
  };
}

/**
 * Appends an entry. Run it inside the transaction of the change it records, where there is one.
 * @example
 * await writeAudit(db, {
 *   organisationId, actor: `user:${userId}`, actorName: 'Else Hansen', action: 'letter.message.read',
 *   subjectType: 'letter', subjectId: id, party: { idType: 'CPR', id: cpr }, sourceAddress: ip,
 * });
 * @throws AuditInputError naming the field of a malformed entry (nothing is written).
 */
export async function writeAudit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await writeAudits(db, [entry]);
}

/**
 * Appends entries in the order given, each linked to the one before, with one lock and one insert.
 * @throws AuditInputError naming the field of a malformed entry (nothing is written).
 */
export async function writeAudits(db: Kysely<Database>, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  // Checked before the lock: a bad entry fails the caller without writing any of them.
  const prepared = entries.map(auditRowOf);
  const write = async (trx: Kysely<Database>) => {
    // One writer at a time, so every entry links to the one before it.
    await sql`select pg_advisory_xact_lock(${AUDIT_LOCK}::bigint)`.execute(trx);
    const last = await trx.selectFrom('audit_log').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
    const created_at = new Date(Math.floor(Date.now()));
    let prev = last?.hash ?? null;
    const rows = prepared.map((fields) => {
      const row = { ...fields, v: AUDIT_HASH_VERSION, prev_hash: prev, created_at };
      const hash = auditHash(auditHashInput(row));
      prev = hash;
      return { ...row, details: row.details === null ? null : JSON.stringify(row.details), hash };
    });
    // A multi-row VALUES list takes its ids from the sequence in row order, which the chain follows.
    for (let i = 0; i < rows.length; i += 2000)
      await trx
        .insertInto('audit_log')
        .values(rows.slice(i, i + 2000))
        .execute();
  };
  if (!db.isTransaction) return db.transaction().execute(write);
  // The advisory lock does not order writers that share one transaction (it is the same
  // session's): chain them here, or two would both link to the same last entry.
  const before = inTransaction.get(db) ?? Promise.resolve();
  const mine = before.then(() => write(db));
  inTransaction.set(
    db,
    mine.catch(() => undefined),
  );
  await mine;
}

/** The advisory lock every chain writer (entries, checkpoints) holds while it reads the head. */
export const AUDIT_LOCK = 872301;

const inTransaction = new WeakMap<Kysely<Database>, Promise<unknown>>();
