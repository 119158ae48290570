/**
 * @module
 * Checks a parsed shipment request against what is stored and configured before anything is
 * saved: documents exist and belong to the organisation, the total size fits, a provider is
 * configured for every recipient, and the providers can carry the actions.
 */
import { MAX_SHIPMENT_BYTES, type ShipmentRequest } from '@brevdue/shared';
import type { Kysely } from 'kysely';
import type { Database, DocumentRow } from '../db/schema.ts';
import { ApiError, badRequest } from '../http/api-error.ts';
import { SHIPMENT_MESSAGES } from './shipment-messages.ts';
import type { PluginHost } from '../plugins/plugin-host.ts';
import { ownedBy } from '../auth/ownership.ts';
import type { AuthInfo } from '../http/app-env.ts';
import { firstChannel } from './channel-plan.ts';

/** Checks a shipment request against the caller's documents and the providers; answers its documents. */
export async function validateShipment(db: Kysely<Database>, host: PluginHost, auth: AuthInfo, req: ShipmentRequest): Promise<DocumentRow[]> {
  const ids = [...(req.mainDocument ? [req.mainDocument] : []), ...req.attachments];
  const rows = ids.length
    ? await db.selectFrom('documents').selectAll().where(ownedBy(auth, 'documents')).where('id', 'in', ids).where('deleted_at', 'is', null).execute()
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  if (req.mainDocument && !byId.has(req.mainDocument)) badRequest('mainDocument', SHIPMENT_MESSAGES.documentMissing('mainDocument'));
  req.attachments.forEach((id, i) => {
    if (!byId.has(id)) badRequest(`attachments.${i}`, SHIPMENT_MESSAGES.documentMissing(`attachments.${i}`));
  });
  if (req.mainDocument && req.attachments.includes(req.mainDocument)) badRequest('attachments', 'Hoveddokumentet må ikke også være bilag / the main document cannot also be an attachment');
  const total = ids.reduce((s, id) => s + Number(byId.get(id)!.bytes), 0);
  if (total > MAX_SHIPMENT_BYTES) throw new ApiError(413, 'shipment_too_large', SHIPMENT_MESSAGES.shipmentTooLarge(total, MAX_SHIPMENT_BYTES), { field: 'attachments' });

  const channel = firstChannel(req.channelPolicy);
  for (const [i, r] of req.recipients.entries()) {
    const p = host.route(r.idType, channel);
    if (!p) badRequest(`recipients.${i}.idType`, SHIPMENT_MESSAGES.noProvider(r.idType, channel));
    const caps = p.definition.capabilities;
    if (total > caps.maxShipmentBytes) throw new ApiError(413, 'shipment_too_large', SHIPMENT_MESSAGES.shipmentTooLarge(total, caps.maxShipmentBytes));
    for (const [j, a] of req.actions.entries()) {
      if (!caps.actionCodes.includes(a.code)) badRequest(`actions.${j}.code`, SHIPMENT_MESSAGES.actionNotSupported(a.code, p.name));
    }
  }
  return ids.map((id) => byId.get(id)!);
}
