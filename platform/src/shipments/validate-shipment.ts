/**
 * @module
 * Checks a parsed shipment request against what is stored and configured before anything is
 * saved: documents exist and belong to the organisation, each letter fits the size limit, a
 * provider is configured for every recipient, and the providers can carry the actions. A
 * recipient may carry its own document and attachments (a merge letter); errors about them name
 * the recipient, e.g. `recipients[2].document`.
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
import { allDocumentIds, letterDocumentIds, type LetterDocumentIds, ownDocumentsOf } from '../letters/letter-documents.ts';
import type { PlannedCopy } from './plan-copies.ts';

/** A checked request: its documents by id, and each recipient's letter documents (same order as `recipients`). */
export interface ValidatedShipment {
  documents: Map<string, DocumentRow>;
  letters: LetterDocumentIds[];
}

/** Every document id the request names, once each. */
function requestDocumentIds(req: ShipmentRequest): string[] {
  const ids = new Set<string>([...(req.mainDocument ? [req.mainDocument] : []), ...req.attachments]);
  for (const r of req.recipients) for (const id of allDocumentIds(letterDocumentIds({}, ownDocumentsOf(r)))) ids.add(id);
  return [...ids];
}

/**
 * Checks a shipment request against the caller's documents and the providers.
 * @throws ApiError 400 naming the field (`mainDocument`, `attachments.1`, `recipients[2].document`,
 * `recipients[2].attachments[0]`, `recipients.2.idType`), 413 for a letter over the size limit
 */
export async function validateShipment(
  db: Kysely<Database>,
  host: PluginHost,
  auth: AuthInfo,
  req: ShipmentRequest,
): Promise<ValidatedShipment> {
  const ids = requestDocumentIds(req);
  const rows = ids.length
    ? await db
        .selectFrom('documents')
        .selectAll()
        .where(ownedBy(auth, 'documents'))
        .where('id', 'in', ids)
        .where('deleted_at', 'is', null)
        .execute()
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  if (req.mainDocument && !byId.has(req.mainDocument)) badRequest('mainDocument', SHIPMENT_MESSAGES.documentMissing('mainDocument'));
  req.attachments.forEach((id, i) => {
    if (!byId.has(id)) badRequest(`attachments.${i}`, SHIPMENT_MESSAGES.documentMissing(`attachments.${i}`));
  });
  if (req.mainDocument && req.attachments.includes(req.mainDocument))
    badRequest('attachments', 'Hoveddokumentet må ikke også være bilag / the main document cannot also be an attachment');

  const sms = req.channelPolicy === 'sms';
  const letters = req.recipients.map((r, i) => {
    const field = `recipients[${i}]`;
    if (r.document && !byId.has(r.document)) badRequest(`${field}.document`, SHIPMENT_MESSAGES.documentMissing(`${field}.document`));
    r.attachments?.forEach((id, j) => {
      if (!byId.has(id)) badRequest(`${field}.attachments[${j}]`, SHIPMENT_MESSAGES.documentMissing(`${field}.attachments[${j}]`));
    });
    if (!sms && !req.mainDocument && !r.document) badRequest(`${field}.document`, SHIPMENT_MESSAGES.recipientDocumentMissing(field));
    const docs = letterDocumentIds(req, ownDocumentsOf(r));
    const all = allDocumentIds(docs);
    if (new Set(all).size !== all.length) badRequest(`${field}.attachments`, SHIPMENT_MESSAGES.documentTwice(field));
    return docs;
  });

  const channel = firstChannel(req.channelPolicy);
  // The limit holds per letter: its main document and every attachment, own and shared.
  const sizeOf = (docs: LetterDocumentIds) => allDocumentIds(docs).reduce((s, id) => s + Number(byId.get(id)!.bytes), 0);
  for (const [i, r] of req.recipients.entries()) {
    const p = host.route(r.idType, channel);
    if (!p) badRequest(`recipients.${i}.idType`, SHIPMENT_MESSAGES.noProvider(r.idType, channel));
    const caps = p.definition.capabilities;
    const total = sizeOf(letters[i]!);
    const max = Math.min(MAX_SHIPMENT_BYTES, caps.maxShipmentBytes);
    if (total > max) {
      if (!ownDocumentsOf(r))
        throw new ApiError(413, 'shipment_too_large', SHIPMENT_MESSAGES.shipmentTooLarge(total, max), { field: 'attachments' });
      const field = `recipients[${i}]`;
      throw new ApiError(413, 'shipment_too_large', SHIPMENT_MESSAGES.letterTooLarge(field, total, max), { field });
    }
    for (const [j, a] of req.actions.entries()) {
      if (!caps.actionCodes.includes(a.code)) badRequest(`actions.${j}.code`, SHIPMENT_MESSAGES.actionNotSupported(a.code, p.name));
    }
  }
  return { documents: byId, letters };
}

/**
 * Checks the copies of a checked request: a provider serves each copy's recipient, and the
 * copied letter fits that provider's size limit.
 * @throws ApiError 400 naming the copy (`recipients[2].copies[0].idType`), 413 for a letter over the limit
 */
export function validateCopies(host: PluginHost, req: ShipmentRequest, checked: ValidatedShipment, copies: readonly PlannedCopy[]): void {
  const channel = firstChannel(req.channelPolicy);
  for (const c of copies) {
    const p = host.route(c.recipient.idType, channel);
    if (!p) badRequest(`${c.field}.idType`, SHIPMENT_MESSAGES.noProvider(c.recipient.idType, channel));
    const total = allDocumentIds(checked.letters[c.of]!).reduce((s, id) => s + Number(checked.documents.get(id)!.bytes), 0);
    const max = Math.min(MAX_SHIPMENT_BYTES, p.definition.capabilities.maxShipmentBytes);
    if (total > max)
      throw new ApiError(413, 'shipment_too_large', SHIPMENT_MESSAGES.letterTooLarge(c.field, total, max), { field: c.field });
  }
}
