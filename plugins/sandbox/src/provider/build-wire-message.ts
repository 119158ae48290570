/**
 * @module
 * Turns an `OutgoingLetter` into the sandbox's `POST /messages` body.
 */
import type { LetterDocument, OutgoingLetter } from '@brevdue/shared/sdk';
import type { WireDocument, WireMessage } from '../protocol.ts';

async function wireDocument(role: WireDocument['role'], d: LetterDocument): Promise<WireDocument> {
  const content = await d.read();
  return {
    role,
    filename: d.filename,
    mediaType: d.mediaType,
    bytes: content.length,
    sha256: d.sha256,
    content: content.toString('base64'),
  };
}

/**
 * Builds the wire message. The message id is the letter's stable `messageId`, so a retry is
 * recognised by the simulator as a duplicate.
 * @param callbackUrl where the simulator should report delivery, when callbacks are on
 */
export async function buildWireMessage(letter: OutgoingLetter, callbackUrl?: string): Promise<WireMessage> {
  const documents = await Promise.all([
    ...(letter.mainDocument ? [wireDocument('main', letter.mainDocument)] : []),
    ...letter.attachments.map((a) => wireDocument('attachment', a)),
  ]);
  const { recipient: r, sender: s, options: o } = letter;
  return {
    messageId: letter.messageId,
    reference: letter.letterId,
    channel: letter.channel,
    sender: {
      name: s.name,
      ...(s.cvr ? { cvr: s.cvr } : {}),
      ...(s.orgnr ? { orgnr: s.orgnr } : {}),
      ...(s.contactPoint ? { contactPoint: s.contactPoint } : {}),
    },
    recipient: {
      idType: r.idType,
      id: r.id,
      ...(r.name ? { name: r.name } : {}),
      ...(r.pNumber ? { pNumber: r.pNumber } : {}),
      ...(r.address ? { address: r.address } : {}),
      ...(r.mobile ? { mobile: r.mobile } : {}),
    },
    subject: letter.subject,
    documents,
    ...(letter.smsText !== undefined ? { smsText: letter.smsText } : {}),
    actions: letter.actions,
    replyAllowed: o.replyAllowed,
    ...(o.replyBy ? { replyBy: o.replyBy } : {}),
    ...(o.sendAt ? { sendAt: o.sendAt } : {}),
    ...(o.notification ? { notification: o.notification } : {}),
    ...(o.print ? { print: o.print } : {}),
    printFallback: letter.printFallback,
    ...(letter.caseId ? { caseId: letter.caseId } : {}),
    ...(callbackUrl ? { callbackUrl } : {}),
  };
}
