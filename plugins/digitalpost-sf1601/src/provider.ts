/**
 * @module
 * The provider instance: lookup through PostForespoerg, send through KombiPostAfsend, status by
 * polling per message UUID.
 */
import type { Channel } from '@brevdue/shared';
import {
  ProviderError,
  type OutgoingLetter,
  type PluginContext,
  type PolledLetter,
  type Provider,
  type SendResult,
  type StatusUpdate,
} from '@brevdue/shared/sdk';
import { loadClientCertificate } from './client-certificate.ts';
import { ENTITY_IDS, ENVIRONMENTS, type Sf1601Config } from './config.ts';
import { buildKombiRequest, type KombiValgKode } from './kombi-request.ts';
import { loadClientTrust } from './inbound/client-trust.ts';
import { startInboundListener } from './inbound/inbound-listener.ts';
import type { PostModtagDeps } from './inbound/post-modtag.ts';
import { mountPostModtag } from './inbound/post-modtag-route.ts';
import { sendText } from './messages.ts';
import { lookupRegistration } from './registration-lookup.ts';
import { ServiceplatformenClient } from './serviceplatformen-client.ts';
import { parseKombiAnswer, parseStatusAnswer, PATHS, type StatusAnswer } from './sf1601-answers.ts';

const CHANNEL_OF: Record<string, Channel> = { 'Digital Post': 'digital', 'Fysisk Post': 'print', NemSMS: 'sms' };
const STATUS_OF = { digital: 'delivered_digital', print: 'delivered_print', sms: 'delivered_sms' } as const;

/**
 * Creates the provider: opens the certificate (refusing start-up if it cannot) and prepares
 * the mutual-TLS client.
 * @throws PluginConfigError naming the certificate field that is wrong.
 */
export function createSf1601Provider(cfg: Sf1601Config, ctx: PluginContext): Provider | Promise<Provider> {
  const certificate = loadClientCertificate(ctx.name, cfg);
  const endpoints = cfg.endpoints ?? ENVIRONMENTS[cfg.environment];
  const client = new ServiceplatformenClient({
    serviceplatformen: endpoints.serviceplatformen,
    sts: endpoints.sts,
    cvr: cfg.cvr,
    certificate,
    timeoutMs: cfg.requestTimeoutMs,
    now: () => ctx.clock.now(),
  });
  const memoSettings = {
    version: cfg.memoVersion,
    cvr: cfg.cvr,
    caseSystem: cfg.caseSystem,
    ...(cfg.contactPointId ? { contactPointId: cfg.contactPointId } : {}),
  };
  const log = ctx.logger.child({ plugin: ctx.name });

  async function send(letter: OutgoingLetter): Promise<SendResult> {
    const req = await buildKombiRequest(letter, memoSettings, cfg.print);
    const wire = { mediaType: 'application/xml', body: req.body };
    let a;
    try {
      a = await client.call(ENTITY_IDS.kombiPostAfsend, 'POST', PATHS.kombi, req.body);
    } catch (e) {
      if (e instanceof ProviderError)
        throw new ProviderError(e.kind, e.code, e.message, { wire, ...(e.receipt ? { receipt: e.receipt } : {}), cause: e });
      throw e;
    }
    const receipt = { mediaType: a.contentType, body: a.body };
    const answer = parseKombiAnswer(a.body);
    log.info(
      {
        letterId: letter.letterId,
        kombiValgKode: req.kombiValgKode,
        http: a.status,
        status: answer?.Status,
        transactionId: a.transactionId,
      },
      'KombiPostAfsend answered',
    );
    if ((a.status === 200 || a.status === 201) && answer?.Status === 'MODTAGET')
      return result(letter, req.kombiValgKode, false, wire, receipt);
    if (a.status === 409 || answer?.Status === 'DUBLET') return result(letter, req.kombiValgKode, true, wire, receipt);
    const code = answer?.FejlKode ?? `HTTP_${a.status}`;
    const text = answer?.FejlTekst ?? a.body.toString('utf8').slice(0, 300);
    const kind = a.status >= 500 || a.status === 429 || a.status === 408 ? 'transient' : 'permanent';
    throw new ProviderError(
      kind,
      code,
      kind === 'transient' ? sendText.remoteUnavailable(`${code}: ${text}`) : sendText.remoteRejected(code, text),
      { wire, receipt },
    );
  }

  async function poll(letters: PolledLetter[]): Promise<StatusUpdate[]> {
    const updates: StatusUpdate[] = [];
    // A few at a time: polling runs beside sending and must not crowd it out.
    for (let i = 0; i < letters.length; i += 8) {
      const batch = letters.slice(i, i + 8);
      const answers = await Promise.all(
        batch.map((l) => client.call(ENTITY_IDS.kombiPostAfsend, 'GET', PATHS.status(l.providerMessageId))),
      );
      answers.forEach((a, j) => {
        const l = batch[j]!;
        const s = a.status === 200 ? parseStatusAnswer(a.body) : undefined;
        const u = s && statusUpdate(l, s, { mediaType: a.contentType, body: a.body });
        if (u) updates.push(u);
      });
    }
    return updates;
  }

  const provider: Provider = {
    lookup: (r) => lookupRegistration(client, ctx.state, cfg.lookupCacheSeconds, r),
    send,
    poll,
    close: async () => client.close(),
  };
  if (!cfg.inbound) return provider;
  // SF1606: checked at start-up (a bad CA file refuses the start), served on the platform's port
  // behind a proxy and/or on our own mutual-TLS listener.
  const inbound: PostModtagDeps = { cvr: cfg.cvr, inbound: cfg.inbound, trust: loadClientTrust(ctx.name, cfg.inbound), ctx, log };
  provider.routes = (app) => mountPostModtag(app, inbound);
  if (!cfg.inbound.listener) return provider;
  return startInboundListener(ctx.name, inbound).then((server) => ({
    ...provider,
    close: async () => {
      client.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  }));
}

function result(
  letter: OutgoingLetter,
  kode: KombiValgKode,
  duplicate: boolean,
  wire: SendResult['wire'],
  receipt: SendResult['receipt'],
): SendResult {
  const channel = CHANNEL_OF[kode];
  return { providerMessageId: letter.messageId, status: 'submitted', duplicate, wire, receipt, ...(channel ? { channel } : {}) };
}

/** Normalises a status answer into the letter's status; `undefined` while nothing has happened. */
export function statusUpdate(l: PolledLetter, s: StatusAnswer, raw: StatusUpdate['raw']): StatusUpdate | undefined {
  const at = new Date(Date.parse(s.Tidspunkt) || Date.now());
  const base = { letterId: l.letterId, providerMessageId: l.providerMessageId, at, ...(raw ? { raw } : {}) };
  if (s.Status === 'LEVERET') {
    const channel = (s.Kanal && CHANNEL_OF[s.Kanal]) ?? l.channel;
    return { ...base, status: STATUS_OF[channel], event: 'delivered', channel };
  }
  if (s.Status === 'FEJLET') {
    return {
      ...base,
      status: 'failed',
      event: 'delivery_failed',
      reason: s.FejlTekst ?? 'Digital Post kunne ikke levere brevet / Digital Post could not deliver the letter',
    };
  }
  return undefined;
}
