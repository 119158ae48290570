/**
 * @module
 * Turns stored rows (letter, shipment request, organisation, documents) into the
 * `OutgoingLetter` a provider's `send` receives.
 */
import type { Channel, PostalAddress, Recipient, ShipmentRequest } from '@brevdue/shared';
import type { LetterDocument, OutgoingLetter } from '@brevdue/shared/sdk';
import type { BlobStore } from '../blob/blob-store.ts';
import type { DocumentRow, Letter, Organisation } from '../db/schema.ts';
import { letterDocumentIds } from '../letters/letter-documents.ts';

export function toLetterDocument(row: DocumentRow, blobs: BlobStore): LetterDocument {
  return {
    id: row.id,
    filename: row.filename,
    mediaType: row.media_type,
    bytes: Number(row.bytes),
    sha256: row.sha256,
    read: () => blobs.read(row.sha256),
    stream: () => blobs.stream(row.sha256),
  };
}

export function buildOutgoingLetter(args: {
  letter: Letter;
  request: ShipmentRequest;
  organisation: Organisation;
  documents: Map<string, DocumentRow>;
  blobs: BlobStore;
  channel: Channel;
  printFallback: boolean;
}): OutgoingLetter {
  const { letter, request, organisation, documents, blobs } = args;
  const doc = (id: string) => {
    const row = documents.get(id);
    if (!row) throw new Error(`document ${id} of letter ${letter.id} is missing`);
    return toLetterDocument(row, blobs);
  };
  // The recipient's own document (a merge letter) or the shipment's, then attachments.
  const ids = letterDocumentIds(request, letter.own_documents);
  return {
    letterId: letter.id,
    messageId: letter.message_id,
    shipmentId: letter.shipment_id,
    channel: args.channel,
    subject: request.subject,
    recipient: letter.recipient as Recipient,
    sender: {
      organisationId: organisation.id,
      name: organisation.name,
      cvr: organisation.cvr ?? undefined,
      orgnr: organisation.orgnr ?? undefined,
      contactPoint: organisation.contact_point ?? undefined,
      returnAddress: (organisation.return_address as PostalAddress | null) ?? undefined,
    },
    mainDocument: ids.main ? doc(ids.main) : undefined,
    attachments: ids.attachments.map(doc),
    smsText: request.smsText,
    actions: request.actions,
    options: {
      replyAllowed: request.options.replyAllowed,
      replyBy: request.options.replyBy ?? null,
      sendAt: request.options.sendAt ?? null,
      notification: request.options.notification,
      mandatory: request.options.mandatory,
      legalNotification: request.options.legalNotification,
      print: request.options.print,
      printIfUnreadAfterDays: request.options.printIfUnreadAfterDays,
    },
    caseId: request.caseId,
    printFallback: args.printFallback,
    createdAt: letter.created_at,
  };
}
