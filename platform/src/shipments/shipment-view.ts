/**
 * @module
 * How shipments and letters look in API answers. CPR numbers are shown masked: the caller
 * knows whom it wrote to, and answers travel into logs and screens.
 */
import { maskCpr, statusLabel } from '@brevdue/shared';
import type { Kysely } from 'kysely';
import type { Database, Letter, Shipment } from '../db/schema.ts';

export function recipientView(l: Pick<Letter, 'recipient_type' | 'recipient_id' | 'recipient'>) {
  const r = l.recipient as { name?: string; pNumber?: string };
  return { idType: l.recipient_type, id: l.recipient_type === 'CPR' ? maskCpr(l.recipient_id) : l.recipient_id, ...(r.name ? { name: r.name } : {}), ...(r.pNumber ? { pNumber: r.pNumber } : {}) };
}

export function letterView(l: Letter) {
  return {
    id: l.id,
    shipmentId: l.shipment_id,
    status: l.status,
    statusLabel: statusLabel(l.status),
    reason: l.status_reason,
    channel: l.channel,
    provider: l.provider,
    registration: l.registration,
    recipient: recipientView(l),
    messageId: l.message_id,
    providerMessageId: l.provider_message_id,
    attempts: l.attempts,
    resendOf: l.resend_of,
    sendAt: l.send_at?.toISOString() ?? null,
    submittedAt: l.submitted_at?.toISOString() ?? null,
    deliveredAt: l.delivered_at?.toISOString() ?? null,
    createdAt: l.created_at.toISOString(),
    updatedAt: l.updated_at.toISOString(),
  };
}

export function shipmentStatus(s: Pick<Shipment, 'status'>, letters: Pick<Letter, 'status'>[]): string {
  if (s.status === 'held') return 'held';
  if (s.status === 'cancelled') return 'cancelled';
  const open = letters.some((l) => !['delivered_digital', 'delivered_print', 'delivered_sms', 'failed', 'cancelled'].includes(l.status));
  return open ? 'in_progress' : 'completed';
}

export async function loadShipmentView(db: Kysely<Database>, organisationId: string, id: string) {
  const s = await db.selectFrom('shipments').selectAll().where('id', '=', id).where('organisation_id', '=', organisationId).executeTakeFirst();
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
