/**
 * @module
 * Our own mutual-TLS listener for PostModtag, for sites without a TLS-terminating proxy: HTTPS
 * that asks every client for a certificate and checks it against `inbound.caFile`. It serves the
 * same path as the platform (`/v1/plugins/<name>/sf1606/PostModtag`).
 */
import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { PluginConfigError } from '@brevdue/shared/sdk';
import { inboundText } from '../messages.ts';
import { handlePostModtag, POST_MODTAG_PATH, type PostModtagDeps } from './post-modtag.ts';

/** How long an oversized upload may go on being discarded after its 413 answer. */
const OVERSIZE_GRACE_MS = 2_000;

/**
 * Starts the listener on `inbound.listener`.
 * @throws PluginConfigError naming `inbound.listener.keyFile` / `certFile` when unreadable.
 */
export async function startInboundListener(plugin: string, d: PostModtagDeps): Promise<Server> {
  const l = d.inbound.listener!;
  const read = (field: string, path: string) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      throw new PluginConfigError(plugin, `inbound.listener.${field}`, inboundText.listenerFileMissing(`inbound.listener.${field}`, path));
    }
  };
  const key = read('keyFile', l.keyFile);
  const cert = read('certFile', l.certFile);
  const path = `/v1/plugins/${plugin}${POST_MODTAG_PATH}`;
  const peers = new WeakMap<TLSSocket, X509Certificate | undefined>();
  // rejectUnauthorized off: a refused certificate gets an answer naming why, not a bare TLS alert.
  const server = createServer({ key, cert, ca: d.trust.caPem, requestCert: true, rejectUnauthorized: false }, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://listener');
    if (req.method !== 'POST' || url.pathname !== path) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`unknown path ${req.method} ${url.pathname}: POST ${path}`);
      return;
    }
    const sock = req.socket as TLSSocket;
    // One certificate per TLS connection: read it once, not on every kept-alive request (a measured 5 % of CPU).
    let clientCertificate = peers.get(sock);
    if (!peers.has(sock)) {
      const peer = sock.getPeerCertificate();
      clientCertificate = peer?.raw ? new X509Certificate(peer.raw) : undefined;
      peers.set(sock, clientCertificate);
    }
    handlePostModtag(d, { header: (n) => headerOf(req.headers[n]), body: req, clientCertificate })
      .then((a) => {
        res.writeHead(a.status, { 'content-type': a.contentType });
        res.end(a.body);
        // An oversized upload is not buffered (Node discards the rest of it as it comes), and
        // cut off after a short grace: closing at once would reset the connection and the caller,
        // still writing, would lose the answer that says why.
        // The socket is gone (null) when the caller hung up first.
        if (a.status === 413 && !req.complete) {
          const socket = req.socket;
          res.once('finish', () => setTimeout(() => socket?.destroy(), OVERSIZE_GRACE_MS).unref());
        }
      })
      .catch((e: unknown) => {
        d.log.error({ err: (e as Error).message }, 'PostModtag listener failed');
        if (!res.headersSent) res.writeHead(500).end();
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(l.port, l.host, () => resolve());
  });
  return server;
}

function headerOf(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
