/**
 * @module
 * Walks the audit log in order and reports what it finds: a changed row (its hash no longer
 * matches its content), a deleted or reordered row (its `prev_hash` is not the hash of the row
 * before it), and, against every signed checkpoint, a chain rewritten with recomputed hashes (the
 * signed head no longer matches) and a cut-off tail or deleted entries (the signed entry is gone,
 * or the count up to it differs). Used by `GET /v1/archive/audit/verify` and `brevdue audit verify`.
 */
import { type KeyObject, verify } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { auditHash, auditHashInput } from './write-audit.ts';
import { type AuditCheckpoint, checkpointMessage } from './write-checkpoint.ts';
import { type Locale, auditMessages } from './messages.ts';

export type AuditBreak =
  /** The row's content no longer gives its stored hash: it was changed. */
  | 'changed'
  /** The row does not point at the row before it: a row was deleted, inserted or reordered. */
  | 'unlinked'
  /** A signed head no longer matches: rows were rewritten and their hashes recomputed. */
  | 'rewritten'
  /** A signed entry is gone or the count up to it differs: the tail was cut off or rows deleted. */
  | 'cut'
  /** A checkpoint's signature does not verify: the checkpoint itself was changed or forged. */
  | 'bad-signature';

/** One finding: what, where (`id` of the entry; `checkpointId` for checkpoint findings) and a message that says both. */
export interface AuditProblem {
  /** The entry at fault (for `cut` at the tail: the entry the checkpoint signed); `null` when no entry is named. */
  id: number | null;
  organisationId: string | null;
  reason: AuditBreak;
  message: string;
  checkpointId?: number;
}

export interface AuditVerifyResult {
  ok: boolean;
  /** Rows checked; with `organisationId`, that organisation's rows only. */
  checked: number;
  /** Hash of the last row, to note down: a later run that ends elsewhere shows truncation. */
  lastHash: string | null;
  /** Id of the last row. */
  lastId: number | null;
  /** The first finding (kept for callers that show one). */
  brokenAt?: AuditProblem;
  /** Every finding in order, at most `MAX_PROBLEMS` (then a last line says how many more). */
  problems: AuditProblem[];
  /** What weakens the result without being a break: no key, no checkpoints, an unknown key, a stale or missing checkpoint. */
  warnings: string[];
  checkpoints: {
    found: number;
    /** With a valid signature of a known key: these were compared with the chain. */
    verified: number;
    /** Entries after the newest verified checkpoint (not signed yet; a cut there cannot be seen). */
    unsignedEntries: number;
    newest?: { id: number; lastId: number; count: number; signedAt: string };
  };
}

export interface VerifyOptions {
  /** Count (and show ids) for this organisation's entries only; the chain is still walked whole. */
  organisationId?: string;
  /** Public keys by key id (`auditVerifyKeys(config.audit)`); without them checkpoints are not checked and a warning says so. */
  keys?: ReadonlyMap<string, KeyObject>;
  /** `audit.checkpointMinutes`: warn when the newest checkpoint is older than twice this. */
  checkpointMinutes?: number;
  now?: Date;
  locale?: Locale;
}

const BATCH = 5000;
const MAX_PROBLEMS = 100;

/**
 * Verifies the whole chain and its checkpoints, reading it in batches (memory stays flat on long
 * logs). The chain links every organisation's entries; with `opts.organisationId` the count is of
 * that organisation's entries (what its auditor may know of).
 * @example const r = await verifyAuditChain(db, { keys: auditVerifyKeys(config.audit) }); if (!r.ok) console.log(r.problems);
 */
export async function verifyAuditChain(db: Kysely<Database>, opts: VerifyOptions = {}): Promise<AuditVerifyResult> {
  const M = auditMessages(opts.locale);
  const problems: AuditProblem[] = [];
  let more = 0;
  const report = (p: AuditProblem) => (problems.length < MAX_PROBLEMS ? problems.push(p) : more++);
  const { trusted, found, warnings } = await loadCheckpoints(db, opts, report);

  let prevHash: string | null = null;
  let lastId: number | null = null;
  let checked = 0;
  let seen = 0;
  let j = 0;
  // The last checkpoint that matched: a rewrite lies after its entry.
  let goodUpTo = 0;
  for (;;) {
    const after: number = lastId ?? 0;
    const rows = await db.selectFrom('audit_log').selectAll().where('id', '>', String(after)).orderBy('id').limit(BATCH).execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      const id = Number(row.id);
      // Checkpoints whose entry was passed without being met: it was deleted.
      for (; j < trusted.length && trusted[j]!.lastId < id; j++) {
        const cp = trusted[j]!;
        report({ id: cp.lastId, organisationId: null, reason: 'cut', checkpointId: cp.id, message: M.missingHead(cp.id, cp.lastId) });
      }
      if (opts.organisationId === undefined || row.organisation_id === opts.organisationId) checked++;
      seen++;
      if (row.prev_hash !== prevHash) report({ id, organisationId: row.organisation_id, reason: 'unlinked', message: M.unlinked(id) });
      const expected = auditHash(auditHashInput({ ...row, created_at: new Date(row.created_at) }));
      // A version 1 row has no party, address or checksum: one that has them was changed.
      const v1Extras =
        row.v === 1 && [row.actor_name, row.party_id_type, row.party, row.source_address, row.document_sha256].some((x) => x !== null);
      if (row.hash !== expected || v1Extras) report({ id, organisationId: row.organisation_id, reason: 'changed', message: M.changed(id) });
      for (; j < trusted.length && trusted[j]!.lastId === id; j++) {
        const cp = trusted[j]!;
        if (cp.headHash !== row.hash)
          report({
            id,
            organisationId: row.organisation_id,
            reason: 'rewritten',
            checkpointId: cp.id,
            message: M.rewritten(cp.id, id, goodUpTo),
          });
        else if (cp.count !== seen)
          report({
            id,
            organisationId: row.organisation_id,
            reason: 'cut',
            checkpointId: cp.id,
            message: M.countMismatch(cp.id, id, cp.count, seen),
          });
        else goodUpTo = id;
      }
      // Go on from the stored hash: one changed row is one finding, not a break of every later link.
      prevHash = row.hash;
      lastId = id;
    }
  }
  for (; j < trusted.length; j++) {
    const cp = trusted[j]!;
    report({ id: cp.lastId, organisationId: null, reason: 'cut', checkpointId: cp.id, message: M.tailCut(cp.id, cp.lastId, lastId) });
  }
  if (more > 0) warnings.push(M.moreProblems(more));

  const newest = trusted.reduce<Trusted | undefined>((a, c) => (!a || c.id > a.id ? c : a), undefined);
  let unsignedEntries = seen;
  if (newest) {
    unsignedEntries =
      lastId !== null && lastId > newest.lastId
        ? Number(
            (
              await db
                .selectFrom('audit_log')
                .select((e) => e.fn.countAll<string>().as('n'))
                .where('id', '>', String(newest.lastId))
                .executeTakeFirstOrThrow()
            ).n,
          )
        : 0;
    const now = opts.now ?? new Date();
    if (opts.checkpointMinutes !== undefined && now.getTime() - newest.signedAt.getTime() > 2 * opts.checkpointMinutes * 60_000) {
      warnings.push(M.stale(newest.signedAt.toISOString(), opts.checkpointMinutes));
    }
  }
  return {
    ok: problems.length === 0,
    checked,
    lastHash: prevHash,
    lastId,
    ...(problems[0] ? { brokenAt: problems[0] } : {}),
    problems,
    warnings,
    checkpoints: {
      found,
      verified: trusted.length,
      unsignedEntries,
      ...(newest ? { newest: { id: newest.id, lastId: newest.lastId, count: newest.count, signedAt: newest.signedAt.toISOString() } } : {}),
    },
  };
}

type Trusted = Omit<AuditCheckpoint, 'signature' | 'keyId'>;

/** Reads every checkpoint and keeps those whose signature verifies with a known key, in chain order. */
async function loadCheckpoints(
  db: Kysely<Database>,
  opts: VerifyOptions,
  report: (p: AuditProblem) => void,
): Promise<{ trusted: Trusted[]; found: number; warnings: string[] }> {
  const M = auditMessages(opts.locale);
  const rows = await db.selectFrom('audit_checkpoints').selectAll().orderBy('id').execute();
  const warnings: string[] = [];
  if (!opts.keys || opts.keys.size === 0) {
    warnings.push(M.noKey);
    return { trusted: [], found: rows.length, warnings };
  }
  if (rows.length === 0) warnings.push(M.noCheckpoints);
  const trusted: Trusted[] = [];
  let prevId: number | null = null;
  for (const r of rows) {
    const cp: AuditCheckpoint = {
      id: Number(r.id),
      lastId: Number(r.last_id),
      headHash: r.head_hash,
      count: Number(r.count),
      signedAt: new Date(r.signed_at),
      signature: r.signature,
      keyId: r.key_id,
    };
    if (prevId !== null && cp.id > prevId + 1) warnings.push(M.checkpointGap(prevId + 1, cp.id - 1));
    prevId = cp.id;
    const key = opts.keys.get(cp.keyId);
    if (!key) {
      warnings.push(M.unknownKey(cp.id, cp.keyId));
      continue;
    }
    let valid = false;
    try {
      valid = verify(null, checkpointMessage(cp), key, Buffer.from(cp.signature, 'base64'));
    } catch {
      valid = false;
    }
    if (!valid) {
      report({ id: null, organisationId: null, reason: 'bad-signature', checkpointId: cp.id, message: M.badSignature(cp.id) });
      continue;
    }
    trusted.push(cp);
  }
  // Checkpoints are met in the order of the entries they sign.
  trusted.sort((a, b) => a.lastId - b.lastId || a.id - b.id);
  return { trusted, found: rows.length, warnings };
}

/**
 * The result as one organisation's auditor may see it: entry ids and checkpoint positions only
 * where the entry is the organisation's own; a break elsewhere says only that there is one.
 * @example return c.json(auditResultForOrganisation(await verifyAuditChain(db, { organisationId, keys }), organisationId));
 */
export function auditResultForOrganisation(r: AuditVerifyResult, organisationId: string, locale?: Locale): AuditVerifyResult {
  const M = auditMessages(locale);
  const problems = r.problems.map((p) =>
    p.organisationId === organisationId ? p : { id: null, organisationId: null, reason: p.reason, message: M.brokenElsewhere },
  );
  const { newest: _n, ...checkpoints } = r.checkpoints;
  return { ...r, lastId: null, problems, ...(problems[0] ? { brokenAt: problems[0] } : {}), checkpoints };
}
