/**
 * @module
 * Whose numbers an archive answer names in full. The archive roles (`archivist`, `admin`) get a
 * party's whole CPR number – they match it against records systems and answer insight requests
 * by it; every other reader gets it masked in `id` too. Every read of records (a search, a
 * case, a record) is audited, with the party when it is one, so the log says who saw whose.
 */
import type { Kysely } from 'kysely';
import { maskId } from '@brevdue/shared';
import type { Database } from '../db/schema.ts';
import type { AuthInfo } from '../http/app-env.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { ARCHIVE_PERMISSIONS } from './archive-access.ts';

type Party = { idType: string; id: string; masked: string; name: string | null };

/** Whether the caller is answered whole party numbers. */
export function seesFullParty(auth: AuthInfo): boolean {
  const allowed: readonly string[] = ARCHIVE_PERMISSIONS.fullParty;
  return auth.roles.some((r) => allowed.includes(r));
}

/** `party` as the caller may see it: whole for the archive roles, masked for the rest. */
export function disclosedParty<P extends Party>(auth: AuthInfo, party: P): P {
  return seesFullParty(auth) ? party : { ...party, id: maskId(party.idType, party.id) };
}

/** Records (or anything with a party) as the caller may see them. */
export function disclosedRecords<R extends { party: Party }>(auth: AuthInfo, records: R[]): R[] {
  return records.map((r) => ({ ...r, party: disclosedParty(auth, r.party) }));
}

/**
 * Audits a read of archive records: what was read (a search, a case, a record), the party when
 * the read is about one (stored masked), how many records and whether numbers were whole.
 */
export async function auditRecordsRead(
  db: Kysely<Database>,
  auth: AuthInfo,
  read: {
    action: 'archive.records.search' | 'archive.case.read' | 'archive.record.read';
    subjectType?: 'case' | 'archive_record';
    subjectId?: string;
    party?: { idType: string; id: string };
    records: number;
    details?: Record<string, unknown>;
  },
): Promise<void> {
  await writeAudit(db, {
    organisationId: auth.organisationId,
    actor: auth.actor,
    action: read.action,
    ...(read.subjectType ? { subjectType: read.subjectType, subjectId: read.subjectId } : {}),
    ...(read.party ? { party: read.party } : {}),
    sourceAddress: auth.sourceAddress,
    details: { records: read.records, fullParty: seesFullParty(auth), ...read.details },
  });
}
