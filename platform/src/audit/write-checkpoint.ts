/**
 * @module
 * Signed checkpoints of the audit chain: the head (last entry id and hash) and the number of
 * entries, signed with an Ed25519 key that is not in the database. Someone with database access
 * can rewrite rows and recompute every hash, or cut off the tail, but cannot sign the result:
 * `verifyAuditChain` compares the chain with every checkpoint.
 */
import { sign } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/schema.ts';
import { canonicalJson } from './canonical-json.ts';
import type { AuditSigningKey } from './audit-signing-key.ts';
import { AUDIT_LOCK } from './write-audit.ts';

/** One signed checkpoint, as stored. */
export interface AuditCheckpoint {
  id: number;
  /** The last entry the checkpoint covers (the head). */
  lastId: number;
  headHash: string;
  /** Entries up to and including `lastId`. */
  count: number;
  signedAt: Date;
  /** Ed25519 signature (base64) of `checkpointMessage(...)`. */
  signature: string;
  keyId: string;
}

/** The exact bytes a checkpoint's signature covers: every field but the signature, canonical JSON. */
export function checkpointMessage(cp: Omit<AuditCheckpoint, 'signature'>): Buffer {
  return Buffer.from(
    canonicalJson(['brevdue-audit-checkpoint', 1, cp.id, cp.lastId, cp.headHash, cp.count, cp.signedAt.toISOString(), cp.keyId]),
  );
}

export interface CheckpointOptions {
  /** Due after this many entries since the last checkpoint (config `audit.checkpointEvery`). */
  every: number;
  /** Due this many minutes after the last checkpoint, also with no new entries (config `audit.checkpointMinutes`). */
  minutes: number;
  /** Sign now if anything was written since the last checkpoint (clean shutdown). */
  force?: boolean;
  now?: Date;
  /** Gets one line per checkpoint with the signed head: a copy outside the database. */
  logger?: Pick<Logger, 'info'>;
}

/**
 * Signs the chain's head when a checkpoint is due: `every` entries or `minutes` since the last
 * one, or on `force` when entries were written since. Holds the chain writers' lock while it reads
 * the head, so the head and count are of one moment. Safe to call from every process at once.
 * @example await writeCheckpointIfDue(rt.db, key, { every: 1000, minutes: 15, logger: rt.logger });
 * @returns The checkpoint written, or `null` (not due, no key, or an empty log).
 */
export async function writeCheckpointIfDue(
  db: Kysely<Database>,
  key: AuditSigningKey | null,
  opts: CheckpointOptions,
): Promise<AuditCheckpoint | null> {
  if (!key) return null;
  const now = opts.now ?? new Date();
  const cp = await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${AUDIT_LOCK}::bigint)`.execute(trx);
    const head = await trx.selectFrom('audit_log').select(['id', 'hash']).orderBy('id', 'desc').limit(1).executeTakeFirst();
    if (!head?.hash) return null;
    const headId = Number(head.id);
    const last = await trx
      .selectFrom('audit_checkpoints')
      .select(['last_id', 'signed_at'])
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (last) {
      const lastId = Number(last.last_id);
      const since =
        headId === lastId
          ? 0
          : Number(
              (
                await trx
                  .selectFrom('audit_log')
                  .select((e) => e.fn.countAll<string>().as('n'))
                  .where('id', '>', String(lastId))
                  .executeTakeFirstOrThrow()
              ).n,
            );
      const minutesDue = now.getTime() - new Date(last.signed_at).getTime() >= opts.minutes * 60_000;
      const due = since >= opts.every || minutesDue || (opts.force === true && since > 0);
      if (!due) return null;
    }
    const count = Number(
      (
        await trx
          .selectFrom('audit_log')
          .select((e) => e.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    // The id is signed too, taken before signing: a deleted checkpoint leaves a gap verify reports.
    const { rows } = await sql<{ id: string }>`select nextval(pg_get_serial_sequence('audit_checkpoints', 'id')) as id`.execute(trx);
    const unsigned = { id: Number(rows[0]!.id), lastId: headId, headHash: head.hash, count, signedAt: now, keyId: key.keyId };
    const signature = sign(null, checkpointMessage(unsigned), key.privateKey).toString('base64');
    await trx
      .insertInto('audit_checkpoints')
      .values({ id: unsigned.id, last_id: headId, head_hash: head.hash, count, signed_at: now, signature, key_id: key.keyId })
      .execute();
    return { ...unsigned, signature };
  });
  if (cp)
    opts.logger?.info(
      {
        auditCheckpoint: { id: cp.id, lastId: cp.lastId, headHash: cp.headHash, count: cp.count, keyId: cp.keyId, signature: cp.signature },
      },
      'audit checkpoint signed',
    );
  return cp;
}
