/**
 * @module
 * The checkpoint job on pg-boss: every minute one process checks whether a checkpoint is due
 * (`audit.checkpointEvery` entries or `audit.checkpointMinutes` minutes) and signs the head.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type PgBoss from 'pg-boss';
import type { Database } from '../db/schema.ts';
import type { AuditConfig } from './audit-config.ts';
import { loadAuditSigningKey } from './audit-signing-key.ts';
import { type AuditCheckpoint, writeCheckpointIfDue } from './write-checkpoint.ts';

export const AUDIT_CHECKPOINT_QUEUE = 'audit-checkpoint';

/** What the schedule hands back: a checkpoint on demand, for a clean shutdown. */
export interface AuditCheckpointSchedule {
  /** Signs the head now if anything was written since the last checkpoint; call it before the database closes. */
  checkpointNow(): Promise<AuditCheckpoint | null>;
}

/**
 * Creates the queue, schedules it every minute and works it. pg-boss runs a schedule once across
 * all processes, and the checkpoint writer takes the chain lock, so every worker process may call
 * this. Without a signing key it logs a warning and schedules nothing.
 * @example const audit = await registerAuditCheckpointSchedule(rt, rt.config.audit); // on shutdown: await audit.checkpointNow();
 * @throws AuditError naming `audit.signingKey` or `BREVDUE_AUDIT_SIGNING_KEY` when the key cannot be read.
 */
export async function registerAuditCheckpointSchedule(
  rt: { db: Kysely<Database>; logger: Logger; queue: PgBoss },
  config: AuditConfig,
  env: NodeJS.ProcessEnv = process.env,
): Promise<AuditCheckpointSchedule> {
  const key = loadAuditSigningKey(config, env);
  const opts = { every: config.checkpointEvery, minutes: config.checkpointMinutes, logger: rt.logger };
  if (!key) {
    rt.logger.warn('no audit signing key (audit.signingKey or BREVDUE_AUDIT_SIGNING_KEY): the audit chain is not checkpointed');
    return { checkpointNow: async () => null };
  }
  await rt.queue.createQueue(AUDIT_CHECKPOINT_QUEUE, {
    name: AUDIT_CHECKPOINT_QUEUE,
    policy: 'singleton',
    retryLimit: 2,
    retryDelay: 30,
    expireInSeconds: 300,
  });
  await rt.queue.schedule(AUDIT_CHECKPOINT_QUEUE, '* * * * *', {});
  await rt.queue.work(AUDIT_CHECKPOINT_QUEUE, { pollingIntervalSeconds: 15 }, async () => {
    const cp = await writeCheckpointIfDue(rt.db, key, opts);
    return cp ? { id: cp.id, lastId: cp.lastId } : null;
  });
  return { checkpointNow: () => writeCheckpointIfDue(rt.db, key, { ...opts, force: true }) };
}
