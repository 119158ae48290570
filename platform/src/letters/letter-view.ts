/**
 * @module
 * How letters look in API answers. CPR numbers are shown masked: the caller knows whom it wrote
 * to, and answers travel into logs and screens.
 */
import { maskCpr, statusLabel } from '@brevdue/shared';
import type { LetterView } from '@brevdue/shared/api';
import type { Letter } from '../db/schema.ts';

/** A letter's recipient as answers show it (CPR masked). */
export function recipientView(l: Pick<Letter, 'recipient_type' | 'recipient_id' | 'recipient'>) {
  const r = l.recipient as { name?: string; pNumber?: string };
  return {
    idType: l.recipient_type,
    id: l.recipient_type === 'CPR' ? maskCpr(l.recipient_id) : l.recipient_id,
    ...(r.name ? { name: r.name } : {}),
    ...(r.pNumber ? { pNumber: r.pNumber } : {}),
  };
}

/** A letter as `GET /v1/letters/{id}` shows it. */
export function letterView(l: Letter): LetterView {
  return {
    id: l.id,
    shipmentId: l.shipment_id,
    status: l.status,
    statusLabel: statusLabel(l.status),
    reason: l.status_reason,
    ...(l.hold ? { hold: l.hold } : {}),
    ...(l.copy_of && l.copy_kind ? { copyOf: l.copy_of, copyKind: l.copy_kind } : {}),
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
