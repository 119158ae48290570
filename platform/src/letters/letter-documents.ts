/**
 * @module
 * Which documents a letter carries: its recipient's own document (a merge letter) or the
 * shipment's `mainDocument`, then its own attachments, then the shipment's shared ones. The one
 * rule dispatch, preview, the leak guard and the archive all follow.
 */
import type { ShipmentRecipient, ShipmentRequest } from '@brevdue/shared';
import type { OwnDocuments } from '../db/schema.ts';

/** A letter's document ids: the main one (absent for SMS) and its attachments, in order. */
export interface LetterDocumentIds {
  main?: string;
  attachments: string[];
}

/** The own documents of a shipment recipient as a letter stores them; null when it has none. */
export function ownDocumentsOf(r: Pick<ShipmentRecipient, 'document' | 'attachments'>): OwnDocuments | null {
  if (!r.document && !r.attachments?.length) return null;
  return { ...(r.document ? { document: r.document } : {}), attachments: r.attachments ?? [] };
}

/**
 * The documents of one letter.
 * @param request the shipment's `mainDocument` and `attachments` (absent in old or SMS requests)
 * @param own the letter's `own_documents` (or {@link ownDocumentsOf} its recipient)
 * @example letterDocumentIds({ mainDocument: 'a', attachments: ['b'] }, { document: 'c', attachments: ['d'] }) // { main: 'c', attachments: ['d', 'b'] }
 */
export function letterDocumentIds(
  request: Partial<Pick<ShipmentRequest, 'mainDocument' | 'attachments'>>,
  own: OwnDocuments | null | undefined,
): LetterDocumentIds {
  const main = own?.document ?? request.mainDocument;
  return { ...(main ? { main } : {}), attachments: [...(own?.attachments ?? []), ...(request.attachments ?? [])] };
}

/** Every id of {@link letterDocumentIds}, main first. */
export function allDocumentIds(ids: LetterDocumentIds): string[] {
  return [...(ids.main ? [ids.main] : []), ...ids.attachments];
}
