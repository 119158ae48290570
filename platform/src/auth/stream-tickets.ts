/**
 * @module
 * Tickets for server-sent event streams: `EventSource` cannot send an Authorization header, so
 * a caller asks for a short-lived ticket bound to one stream and passes it in the URL. The
 * bearer token itself never goes into a URL (and so never into a proxy's access log).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AuthInfo } from '../http/app-env.ts';

/** How long a ticket may be used to open its stream. */
export const TICKET_SECONDS = 60;

interface TicketBody {
  /** The stream's path. */
  p: string;
  /** Expiry, epoch seconds. */
  e: number;
  a: Omit<AuthInfo, 'via' | 'sourceAddress'>;
}

const sign = (key: string, body: string) => createHmac('sha256', key).update(body).digest('base64url');

/** Issues a ticket for `path` to the caller. */
export function issueStreamTicket(key: string, auth: AuthInfo, path: string): { ticket: string; expiresAt: string } {
  const { via: _via, sourceAddress: _src, ...who } = auth;
  const e = Math.floor(Date.now() / 1000) + TICKET_SECONDS;
  const body = Buffer.from(JSON.stringify({ p: path, e, a: who } satisfies TicketBody)).toString('base64url');
  return { ticket: `${body}.${sign(key, body)}`, expiresAt: new Date(e * 1000).toISOString() };
}

/** The caller a ticket was issued to, when it is genuine, unexpired and for this path. */
export function redeemStreamTicket(key: string, ticket: string, path: string): Omit<AuthInfo, 'via' | 'sourceAddress'> | undefined {
  const [body, mac] = ticket.split('.');
  if (!body || !mac) return undefined;
  const expected = Buffer.from(sign(key, body));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  const t = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TicketBody;
  if (t.p !== path || t.e < Date.now() / 1000) return undefined;
  return t.a;
}
