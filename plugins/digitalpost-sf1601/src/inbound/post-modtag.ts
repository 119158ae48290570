/**
 * @module
 * SF1606 PostModtag (EP_FS1): the Postkomponent pushes one message; we answer accept only once
 * the platform has stored it and its documents (`ctx.receive` resolved), reject with a reason for
 * what cannot be taken, and 503 when storing failed (nothing stored; the Postkomponent retries).
 * Transport-neutral: the Hono route and our own TLS listener both call `handlePostModtag`.
 */
import type { X509Certificate } from 'node:crypto';
import type { PluginContext, PluginLogger } from '@brevdue/shared/sdk';
import type { Sf1601Config } from '../config.ts';
import { inboundText } from '../messages.ts';
import { checkClientCertificate, type ClientTrust } from './client-trust.ts';
import { InboundRejection } from './inbound-rejection.ts';
import { readInboundMemo } from './read-inbound-memo.ts';
import { postModtagAnswerXml } from './sf1606-answers.ts';

/** The path the Postkomponent calls, below the plugin's route prefix. */
export const POST_MODTAG_PATH = '/sf1606/PostModtag';

export interface PostModtagDeps {
  cvr: string;
  inbound: NonNullable<Sf1601Config['inbound']>;
  trust: ClientTrust;
  ctx: Pick<PluginContext, 'receive' | 'clock'>;
  log: PluginLogger;
}

/** One call as either transport sees it. */
export interface PostModtagRequest {
  header(name: string): string | undefined;
  body: AsyncIterable<Uint8Array> | null;
  clientCertificate: X509Certificate | undefined;
}

export interface PostModtagResponse {
  status: number;
  contentType: string;
  body: Buffer;
}

/**
 * Reads the body up to `max` bytes; refuses a bigger one as soon as it is declared or passes
 * the limit, without buffering the rest.
 * @throws InboundRejection 413 TOO_LARGE.
 */
export async function readLimited(body: AsyncIterable<Uint8Array> | null, declared: string | undefined, max: number): Promise<Buffer> {
  if (declared !== undefined && Number(declared) > max) throw new InboundRejection(413, 'TOO_LARGE', inboundText.tooLarge(max));
  const chunks: Buffer[] = [];
  let n = 0;
  if (body) {
    for await (const c of body) {
      n += c.byteLength;
      if (n > max) throw new InboundRejection(413, 'TOO_LARGE', inboundText.tooLarge(max));
      chunks.push(Buffer.from(c.buffer, c.byteOffset, c.byteLength));
    }
  }
  return Buffer.concat(chunks, n);
}

/**
 * Handles one PostModtag call end to end.
 * @example const answer = await handlePostModtag(deps, { header: (n) => req.headers[n], body: req, clientCertificate });
 */
export async function handlePostModtag(d: PostModtagDeps, req: PostModtagRequest): Promise<PostModtagResponse> {
  const transactionId = req.header('x-transaktionsid') ?? '';
  let messageUuid = '';
  const answer = (status: number, a: Parameters<typeof postModtagAnswerXml>[0]) => ({
    status,
    contentType: 'application/xml; charset=utf-8',
    body: postModtagAnswerXml(a),
  });
  try {
    checkClientCertificate(d.trust, req.clientCertificate, d.ctx.clock.now());
    const body = await readLimited(req.body, req.header('content-length'), d.inbound.maxMessageBytes);
    const m = await readInboundMemo(body, d.cvr);
    messageUuid = m.providerMessageId;
    if (!d.ctx.receive)
      return answer(503, {
        TransaktionsId: transactionId,
        MessageUUID: messageUuid,
        Status: 'AFVIST',
        FejlKode: 'NOT_AVAILABLE',
        FejlTekst: inboundText.notWired,
      });
    const { memoVersion: _v, ...message } = m;
    // The accept answer is known before storing, so it is stored (and archived) with the message.
    const accepted = answer(200, { TransaktionsId: transactionId, MessageUUID: messageUuid, Status: 'ACCEPTERET' });
    let receipt;
    try {
      receipt = await d.ctx.receive({
        ...message,
        raw: { mediaType: 'application/xml', body },
        acceptAnswer: { mediaType: accepted.contentType, body: accepted.body },
      });
    } catch (e) {
      d.log.error({ messageUUID: messageUuid, transactionId, err: (e as Error).message }, 'PostModtag: storing failed, answered 503');
      return answer(503, {
        TransaktionsId: transactionId,
        MessageUUID: messageUuid,
        Status: 'AFVIST',
        FejlKode: 'STORE_FAILED',
        FejlTekst: inboundText.storeFailed,
      });
    }
    d.log.info(
      {
        messageUUID: messageUuid,
        transactionId,
        inboundMessageId: receipt.messageId,
        duplicate: receipt.duplicate,
        documents: message.documents.length,
      },
      'PostModtag: accepted',
    );
    return accepted;
  } catch (e) {
    if (!(e instanceof InboundRejection)) throw e;
    // The code and our own reason text only: a schema error quotes element names, never content.
    d.log.warn({ messageUUID: messageUuid || undefined, transactionId, code: e.code }, 'PostModtag: rejected');
    return answer(e.status, {
      TransaktionsId: transactionId,
      MessageUUID: messageUuid,
      Status: 'AFVIST',
      FejlKode: e.code,
      FejlTekst: e.message,
    });
  }
}
