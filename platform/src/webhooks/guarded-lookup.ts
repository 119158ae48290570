/**
 * @module
 * DNS for webhook egress: resolve, check every address against the rules, and hand the socket
 * only checked addresses. Used as the `lookup` of every connection a webhook delivery opens, so
 * the address connected to is the address checked — a name that resolves to a public address at
 * registration and to 127.0.0.1 later (DNS rebinding) is refused at connect time.
 */
import { promises as dns, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { checkAddresses, checkUrlShape, urlHost, type EgressPolicy, type EgressRefusal } from './egress-rules.ts';

/** Resolves a host name to all its addresses (tests pass a fixed table). */
export type ResolveAll = (host: string) => Promise<LookupAddress[]>;

/** The system resolver, as connections use it (hosts file, then DNS). */
export const resolveAll: ResolveAll = (host) => dns.lookup(host, { all: true, verbatim: true });

/** A webhook target broke an egress rule. */
export class EgressRefusedError extends Error {
  constructor(readonly refusal: EgressRefusal) {
    super(
      `webhook target ${refusal.host}${refusal.address && refusal.address !== refusal.host ? ` (${refusal.address})` : ''} refused: ${refusal.rule}`,
    );
    this.name = 'EgressRefusedError';
  }
}

/**
 * Checks a webhook URL as registration does: the scheme, then the host's addresses.
 * @example const refusal = await checkWebhookTarget(policy, new URL('https://hooks.example.dk/x'));
 */
export async function checkWebhookTarget(policy: EgressPolicy, url: URL, resolve: ResolveAll = resolveAll): Promise<EgressRefusal | null> {
  const shape = checkUrlShape(policy, url);
  if (shape) return shape;
  const host = urlHost(url);
  if (policy.hosts.has(host) || isIP(host)) return null;
  let addresses: LookupAddress[];
  try {
    addresses = await resolve(host);
  } catch {
    return { rule: 'not_resolvable', host };
  }
  return checkAddresses(
    policy,
    host,
    addresses.map((a) => a.address),
  );
}

/**
 * A `lookup` for `net.connect`/`tls.connect` that refuses a name resolving to a forbidden address.
 * @example new Agent({ connect: { lookup: guardedLookup(policy) } })
 */
export function guardedLookup(policy: EgressPolicy, resolve: ResolveAll = resolveAll): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (all) => {
        const refusal = checkAddresses(
          policy,
          hostname.toLowerCase(),
          all.map((a) => a.address),
        );
        if (refusal) return callback(new EgressRefusedError(refusal), '', 0);
        const usable = options.family === 4 || options.family === 6 ? all.filter((a) => a.family === options.family) : all;
        const first = usable[0];
        if (!first)
          return callback(
            Object.assign(new Error(`${hostname} has no IPv${String(options.family)} address`), { code: 'ENOTFOUND' }),
            '',
            0,
          );
        // Node asks for every address when it races IPv4 and IPv6 (autoSelectFamily).
        if (options.all) callback(null, usable);
        else callback(null, first.address, first.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, '', 0),
    );
  };
}
