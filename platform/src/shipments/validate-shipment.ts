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
import { MESSAGES } from '../http/messages.ts';
import type { PluginHost } from '../plugins/plugin-host.ts';
import { firstChannel } from './channel-plan.ts';

export async function validateShipment(db: Kysely<Database>, host: PluginHost, organisationId: string, req: ShipmentRequest): Promise<DocumentRow[]> {
  const ids = [...(req.mainDocument ? [req.mainDocument] : []), ...req.attachments];
  const rows = ids.length
    ? await db.selectFrom('documents').selectAll().where('organisation_id', '=', organisationId).where('id', 'in', ids).where('deleted_at', 'is', null).execute()
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  if (req.mainDocument && !byId.has(req.mainDocument)) badRequest('mainDocument', MESSAGES.documentMissing('mainDocument'));
  req.attachments.forEach((id, i) => {
    if (!byId.has(id)) badRequest(`attachments.${i}`, MESSAGES.documentMissing(`attachments.${i}`));
  });
  if (req.mainDocument && req.attachments.includes(req.mainDocument)) badRequest('attachments', 'Hoveddokumentet må ikke også være bilag / the main document cannot also be an attachment');
  const total = ids.reduce((s, id) => s + Number(byId.get(id)!.bytes), 0);
  if (total > MAX_SHIPMENT_BYTES) throw new ApiError(413, 'shipment_too_large', MESSAGES.shipmentTooLarge(total, MAX_SHIPMENT_BYTES), { field: 'attachments' });

  const channel = firstChannel(req.channelPolicy);
  for (const [i, r] of req.recipients.entries()) {
    const p = host.route(r.idType, channel);
    if (!p) badRequest(`recipients.${i}.idType`, MESSAGES.noProvider(r.idType, channel));
    const caps = p.definition.capabilities;
    if (total > caps.maxShipmentBytes) throw new ApiError(413, 'shipment_too_large', MESSAGES.shipmentTooLarge(total, caps.maxShipmentBytes));
    for (const [j, a] of req.actions.entries()) {
      if (!caps.actionCodes.includes(a.code)) badRequest(`actions.${j}.code`, MESSAGES.actionNotSupported(a.code, p.name));
    }
  }
  return ids.map((id) => byId.get(id)!);
}
