/**
 * @module
 * Builds the v8 `<message>` for a letter: recipient (FNR/ORGNR, with `print-details` when print is
 * allowed, or print details alone for direct print), primary document and attachments with
 * subject, authentication and sensitivity level, the payment data type, and `print-if-unread`.
 */
import { ProviderError, type LetterDocument, type OutgoingLetter } from '@brevdue/shared/sdk';
import type { PostalAddress } from '@brevdue/shared';
import type { DigipostConfig } from './config.ts';
import { documentUuid, fileType } from './document-ids.ts';
import { V8_NS } from './media-types.ts';
import { MSG } from './messages.ts';
import { paymentDataType } from './payment-data-type.ts';
import { printDetails } from './print-details.ts';
import { buildXml, type XmlTree } from './xml.ts';

/** How the message asks Digipost to deliver. */
export type DeliveryMode = 'digital' | 'digital-else-print' | 'print';

export interface BuiltMessage {
  /** The message XML, exactly the bytes of the `message` part. */
  xml: string;
  mode: DeliveryMode;
  /** Documents in message order with their UUIDs (the multipart part file names). */
  documents: Array<{ uuid: string; document: LetterDocument; fileType: string }>;
}

type Config = Pick<DigipostConfig, 'senderId' | 'authenticationLevel' | 'sensitivityLevel' | 'paymentDataType' | 'print' | 'returnAddress'>;

const permanent = (code: string, message: string) => new ProviderError('permanent', code, message);
const baseName = (filename: string) => filename.replace(/\.[A-Za-z0-9]{1,10}$/, '').slice(0, 255) || 'vedlegg';

/**
 * Builds the message XML for one letter.
 * @throws ProviderError (permanent) when the letter cannot be expressed: unsupported recipient type,
 *   print without postal or return address, invoice without account, no main document.
 */
export function buildMessage(letter: OutgoingLetter, config: Config): BuiltMessage {
  const r = letter.recipient;
  if (r.idType !== 'FNR' && r.idType !== 'ORGNR') throw permanent('UNSUPPORTED_RECIPIENT', MSG.unsupportedRecipient(r.idType));
  if (!letter.mainDocument) throw permanent('NO_DOCUMENT', MSG.noDocument);

  const mode: DeliveryMode = letter.channel === 'print' ? 'print' : letter.printFallback && r.address ? 'digital-else-print' : 'digital';
  const returnAddress: PostalAddress | undefined = letter.sender.returnAddress ?? config.returnAddress;
  const wantsPrint =
    mode !== 'digital' || (letter.options.printIfUnreadAfterDays !== undefined && letter.printFallback && r.address !== undefined);
  if (mode === 'print' && !r.address) throw permanent('NO_PRINT_ADDRESS', MSG.noPrintAddress);
  if (wantsPrint && !returnAddress) throw permanent('NO_RETURN_ADDRESS', MSG.noReturnAddress);

  const print = () =>
    printDetails({
      recipient: r.address!,
      returnAddress: returnAddress!,
      colour: letter.options.print?.colour ?? config.print.colour,
      nondeliverableHandling: config.print.nondeliverableHandling,
    });

  const docs = [letter.mainDocument, ...letter.attachments].map((document, i) => ({
    uuid: documentUuid(letter.messageId, i),
    document,
    fileType: fileType(document.filename, document.mediaType),
  }));

  const betaling = letter.actions.find((a) => a.code === 'BETALING');
  let dataType: XmlTree | undefined;
  if (betaling?.code === 'BETALING') {
    try {
      dataType = paymentDataType(betaling, config.paymentDataType);
    } catch {
      throw permanent('NO_ACCOUNT', MSG.invoiceNeedsAccount);
    }
  }

  const documentTree = (d: (typeof docs)[number], i: number): XmlTree => ({
    uuid: d.uuid,
    subject: i === 0 ? letter.subject.slice(0, 255) : baseName(d.document.filename),
    'file-type': d.fileType,
    'authentication-level': config.authenticationLevel,
    'sensitivity-level': config.sensitivityLevel,
    'data-type': i === 0 ? dataType : undefined,
  });

  const identifier: XmlTree = r.idType === 'FNR' ? { 'personal-identification-number': r.id } : { 'organisation-number': r.id };
  const recipient: XmlTree =
    mode === 'print'
      ? { 'print-details': print() }
      : mode === 'digital-else-print'
        ? { ...identifier, 'print-details': print() }
        : identifier;

  let printIfUnread: XmlTree | undefined;
  const days = letter.options.printIfUnreadAfterDays;
  if (days !== undefined && mode !== 'print' && letter.printFallback && r.address) {
    const deadline = new Date(letter.createdAt.getTime() + days * 86_400_000);
    printIfUnread = { 'print-if-unread-after': deadline.toISOString(), 'print-details': print() };
  }

  const message: XmlTree = {
    '@_xmlns': V8_NS,
    'message-id': letter.messageId,
    'sender-id': config.senderId,
    recipient,
    'primary-document': documentTree(docs[0]!, 0),
    attachment: docs.length > 1 ? docs.slice(1).map((d, i) => documentTree(d, i + 1)) : undefined,
    'print-if-unread': printIfUnread,
  };
  return { xml: buildXml({ message }), mode, documents: docs };
}
