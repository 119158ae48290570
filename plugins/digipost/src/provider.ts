/**
 * @module
 * The Digipost provider: `lookup` (identification), `send` (one multipart request, idempotent on
 * the message id) and `poll` (document events).
 */
import {
  ProviderError,
  type OutgoingLetter,
  type PluginContext,
  type PolledLetter,
  type Provider,
  type SendResult,
  type StatusUpdate,
  type WireBytes,
} from '@brevdue/shared/sdk';
import type { Recipient } from '@brevdue/shared';
import { readDocumentEvents, readDocumentStatus, readError, readIdentificationResult, readMessageDelivery } from './answers.ts';
import type { DigipostConfig } from './config.ts';
import {
  DigipostAnswerError,
  DigipostClient,
  DigipostNetworkError,
  DigipostResponseSignatureError,
  type DigipostAnswer,
} from './digipost-client.ts';
import { documentUuid } from './document-ids.ts';
import { loadCertificate } from './load-certificate.ts';
import { DIGIPOST_MEDIA_TYPE, RELATION, V8_NS } from './media-types.ts';
import { buildMessage, type BuiltMessage } from './message-xml.ts';
import { MSG } from './messages.ts';
import { digipostSendBody } from './multipart.ts';
import { deliveryStatus, eventUpdate, registrationOf } from './status-mapping.ts';
import { buildXml } from './xml.ts';
import { validateDigipostXml } from './xsd-validator.ts';

const answerBytes = (a: DigipostAnswer): WireBytes => ({ mediaType: a.contentType || DIGIPOST_MEDIA_TYPE, body: a.body });
const isServerTrouble = (status: number) => status >= 500 || status === 429 || status === 408;

/** The identification request for a recipient (FNR or ORGNR). */
export function identificationXml(r: Recipient): string {
  const id = r.idType === 'FNR' ? { 'personal-identification-number': r.id } : { 'organisation-number': r.id };
  return buildXml({ identification: { '@_xmlns': V8_NS, ...id } });
}

/**
 * Creates a Digipost provider instance.
 * @throws PluginConfigError when the certificate cannot be read (names `certificatePath` or `certificatePassphraseEnv`).
 */
export function createDigipostProvider(config: DigipostConfig, ctx: PluginContext): Provider {
  const cert = loadCertificate(ctx.name, config);
  if (cert.notAfter.getTime() < ctx.clock.now().getTime()) {
    ctx.logger.warn(
      { notAfter: cert.notAfter, subject: cert.subject },
      'the Digipost enterprise certificate has expired; Digipost will refuse the signatures',
    );
  }
  const client = new DigipostClient({
    baseUrl: config.baseUrl,
    brokerId: config.brokerId,
    key: cert.privateKey,
    fetch: ctx.fetch,
    now: () => ctx.clock.now(),
    timeoutMs: config.timeoutMs,
    verifyResponses: config.verifyResponses,
  });
  const senderId = config.senderId ?? config.brokerId;

  const call = async <T>(what: string, f: () => Promise<T>, wire?: WireBytes): Promise<T> => {
    try {
      return await f();
    } catch (e) {
      if (e instanceof DigipostNetworkError)
        throw new ProviderError('transient', 'NETWORK', MSG.unavailable(`${what}: ${e.message}`), { wire, cause: e });
      if (e instanceof DigipostAnswerError) throw failure(e.answer, undefined, wire);
      // An answer we cannot trust may hide an accepted message: retry, the message id makes it safe.
      if (e instanceof DigipostResponseSignatureError)
        throw new ProviderError('transient', 'SERVER_SIGNATURE_ERROR', MSG.unverifiedAnswer(e.message), { wire, cause: e });
      throw e;
    }
  };

  /** Turns a non-2xx answer into the right ProviderError. */
  const failure = (a: DigipostAnswer, built: BuiltMessage | undefined, wire?: WireBytes): ProviderError => {
    const err = readError(a.body);
    const receipt = answerBytes(a);
    const code = err?.code ?? `HTTP_${a.status}`;
    if (a.status === 401 || a.status === 403)
      return new ProviderError('permanent', 'SIGNATURE_REFUSED', MSG.signatureRefused(`${a.status} ${code}`), { wire, receipt });
    if (isServerTrouble(a.status)) return new ProviderError('transient', code, MSG.unavailable(`${a.status} ${code}`), { wire, receipt });
    if (code === 'UNKNOWN_RECIPIENT' && built?.mode === 'digital')
      return new ProviderError('permanent', 'NO_PRINT_ADDRESS', MSG.noPrintAddress, { wire, receipt });
    return new ProviderError('permanent', code, MSG.rejected(code, err?.message || `HTTP ${a.status}`), { wire, receipt });
  };

  return {
    async lookup(recipient) {
      if (recipient.idType !== 'FNR' && recipient.idType !== 'ORGNR') {
        return { registration: 'unknown', warnings: [MSG.unsupportedRecipient(recipient.idType)] };
      }
      const a = await call('identification', () => client.postXml(RELATION.identifyRecipient, identificationXml(recipient)));
      if (a.status !== 200) throw failure(a, undefined);
      const id = readIdentificationResult(a.body);
      if (!id) throw new ProviderError('transient', 'BAD_ANSWER', MSG.unavailable('identification: unreadable answer'));
      return registrationOf(id);
    },

    async send(letter: OutgoingLetter): Promise<SendResult> {
      const built = buildMessage(letter, config);
      const check = validateDigipostXml(built.xml);
      const wire: WireBytes = { mediaType: `${DIGIPOST_MEDIA_TYPE}; charset=UTF-8`, body: Buffer.from(built.xml, 'utf8') };
      if (!check.valid)
        throw new ProviderError('permanent', 'INVALID_MESSAGE', MSG.invalidMessage(check.errors.slice(0, 3).join(' | ')), { wire });
      const documents = await Promise.all(
        built.documents.map(async (d) => ({ uuid: d.uuid, fileType: d.fileType, content: await d.document.read() })),
      );
      const body = digipostSendBody(built.xml, documents);
      // `wire` is the message XML: byte for byte the `message` part of the multipart body that went
      // over the wire. The document parts are the letter's stored blobs, kept by the platform already.
      const a = await call('send', () => client.sendMessage(body), wire);

      if (a.status >= 200 && a.status < 300) {
        const delivery = readMessageDelivery(a.body);
        if (!delivery)
          throw new ProviderError('transient', 'BAD_ANSWER', MSG.unavailable('send: unreadable message-delivery'), {
            wire,
            receipt: answerBytes(a),
          });
        const s = deliveryStatus(delivery.deliveryMethod, delivery.status);
        return {
          providerMessageId: letter.messageId,
          status: s.status,
          channel: s.channel,
          duplicate: false,
          wire,
          receipt: answerBytes(a),
        };
      }
      const err = readError(a.body);
      if (err?.code === 'DUPLICATE_MESSAGE') {
        // A retry of a message Digipost already has: it counts as the earlier delivery. Its status is
        // read back by the (stable) primary document UUID; that answer is the receipt of this call.
        const st = await call('document status', () => client.documentStatus(senderId, built.documents[0]!.uuid), wire).catch(
          () => undefined,
        );
        const parsed = st && st.status === 200 ? readDocumentStatus(st.body) : undefined;
        const s = parsed
          ? deliveryStatus(
              parsed.channel,
              parsed.status === 'DELIVERED' && parsed.channel === 'PRINT' ? 'DELIVERED_TO_PRINT' : parsed.status,
            )
          : { status: 'submitted' as const };
        return {
          providerMessageId: letter.messageId,
          status: s.status,
          channel: s.channel,
          duplicate: true,
          wire,
          receipt: parsed && st ? answerBytes(st) : answerBytes(a),
        };
      }
      throw failure(a, built, wire);
    },

    async poll(letters: PolledLetter[]): Promise<StatusUpdate[]> {
      if (letters.length === 0) return [];
      const byUuid = new Map(letters.map((l) => [documentUuid(l.providerMessageId, 0), l]));
      const to = ctx.clock.now();
      // The window covers every polled letter's life (the platform polls in rotating batches, so a
      // global cursor would skip letters outside the batch), capped at 30 days back.
      const earliest = Math.min(...letters.map((l) => l.submittedAt.getTime())) - 60_000;
      const from = new Date(Math.max(earliest, to.getTime() - 30 * 86_400_000));
      const found: Array<{ letter: PolledLetter; update: ReturnType<typeof eventUpdate>; key: string; at: Date; raw: WireBytes }> = [];
      const pageSize = 100;
      for (let offset = 0; ; offset += pageSize) {
        const a = await call('document events', () => client.documentEvents(from, to, offset, pageSize));
        if (a.status !== 200) throw failure(a, undefined);
        const events = readDocumentEvents(a.body) ?? [];
        for (const e of events) {
          const letter = byUuid.get(e.uuid);
          if (letter)
            found.push({ letter, update: eventUpdate(e), key: `${e.type}:${e.created}`, at: new Date(e.created), raw: answerBytes(a) });
        }
        if (events.length < pageSize) break;
      }
      // Report each event once: the keys already reported are kept per letter in the plugin state.
      const updates: StatusUpdate[] = [];
      for (const letterId of new Set(found.map((f) => f.letter.letterId))) {
        const stateKey = `events:${letterId}`;
        const seen = new Set((await ctx.state.get<string[]>(stateKey)) ?? []);
        const fresh = found.filter((f) => f.letter.letterId === letterId && !seen.has(f.key));
        if (fresh.length === 0) continue;
        for (const f of fresh) {
          seen.add(f.key);
          updates.push({ letterId, providerMessageId: f.letter.providerMessageId, ...f.update, at: f.at, raw: f.raw });
        }
        await ctx.state.set(stateKey, [...seen], 90 * 86_400);
      }
      return updates;
    },
  };
}
