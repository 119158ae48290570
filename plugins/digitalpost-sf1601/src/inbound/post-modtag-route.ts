/**
 * @module
 * PostModtag on the platform's own port, for a reverse proxy in front of the platform that
 * terminates TLS, verifies the Postkomponent's certificate and passes it in `inbound.proxy.certificateHeader`.
 * Without `inbound.proxy` the route refuses every call (no certificate can reach it), so the
 * platform's plain port never takes unauthenticated post.
 */
import type { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { certificateFromHeader } from './client-trust.ts';
import { InboundRejection } from './inbound-rejection.ts';
import { handlePostModtag, POST_MODTAG_PATH, type PostModtagDeps } from './post-modtag.ts';
import { postModtagAnswerXml } from './sf1606-answers.ts';

/** Mounts `POST /sf1606/PostModtag` on the plugin's sub-app. */
export function mountPostModtag(app: Hono, d: PostModtagDeps): void {
  app.post(POST_MODTAG_PATH, async (c) => {
    let clientCertificate;
    try {
      clientCertificate = d.inbound.proxy ? certificateFromHeader(c.req.header(d.inbound.proxy.certificateHeader)) : undefined;
    } catch (e) {
      if (!(e instanceof InboundRejection)) throw e;
      const body = postModtagAnswerXml({
        TransaktionsId: c.req.header('x-transaktionsid') ?? '',
        MessageUUID: '',
        Status: 'AFVIST',
        FejlKode: e.code,
        FejlTekst: e.message,
      });
      return c.body(new Uint8Array(body), 403, { 'content-type': 'application/xml; charset=utf-8' });
    }
    const stream = c.req.raw.body;
    const a = await handlePostModtag(d, {
      header: (n) => c.req.header(n),
      body: stream ? (stream as unknown as AsyncIterable<Uint8Array>) : null,
      clientCertificate,
    });
    return c.body(new Uint8Array(a.body), a.status as ContentfulStatusCode, { 'content-type': a.contentType });
  });
}
