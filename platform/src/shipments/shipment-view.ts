/**
 * @module
 * How shipments look in API answers (their letters as `letterView` shows them).
 */
import { isFinalStatus } from '@brevdue/shared';
import type { ShipmentView } from '@brevdue/shared/api';
import type { Kysely } from 'kysely';
import type { Database, Letter, Shipment } from '../db/schema.ts';
import { letterView } from '../letters/letter-view.ts';
import { ownedBy } from '../auth/ownership.ts';
import type { AuthInfo } from '../http/app-env.ts';

/** A shipment's status as people see it: held, cancelled, or in progress until every letter is final. */
export function shipmentStatus(s: Pick<Shipment, 'status'>, letters: Pick<Letter, 'status'>[]): ShipmentView['status'] {
  if (s.status === 'held') return 'held';
  if (s.status === 'cancelled') return 'cancelled';
  const open = letters.some((l) => !isFinalStatus(l.status));
  return open ? 'in_progress' : 'completed';
}

/** The shipment with its letters as `GET /v1/shipments/{id}` answers it; undefined when not the caller's. */
export async function loadShipmentView(db: Kysely<Database>, auth: AuthInfo, id: string): Promise<ShipmentView | undefined> {
  const s = await db.selectFrom('shipments').selectAll().where('id', '=', id).where(ownedBy(auth, 'shipments')).executeTakeFirst();
  if (!s) return undefined;
  const letters = await db.selectFrom('letters').selectAll().where('shipment_id', '=', id).orderBy('created_at').orderBy('id').execute();
  const counts: Record<string, number> = {};
  for (const l of letters) counts[l.status] = (counts[l.status] ?? 0) + 1;
  return {
    id: s.id,
    status: shipmentStatus(s, letters),
    subject: s.subject,
    channelPolicy: s.channel_policy,
    review: s.review,
    createdAt: s.created_at.toISOString(),
    releasedAt: s.released_at?.toISOString() ?? null,
    counts,
    letters: letters.map(letterView),
  };
}
