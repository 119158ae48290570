/**
 * @module
 * Where a webhook may be sent: the rules as pure functions over a URL and the addresses its
 * host resolves to. Address ranges are classified by ipaddr.js: anything that is not public
 * unicast (loopback, link-local with the cloud metadata service, private, carrier-grade NAT,
 * unspecified, unique-local, multicast, reserved, and IPv6 forms that embed an IPv4 address) is
 * refused unless the allow-list names it.
 */
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import type { WebhookConfig } from './webhook-config.ts';

/** Why a target was refused: the name of the rule it broke. */
export type EgressRule =
  | 'https_required'
  | 'loopback'
  | 'metadata'
  | 'link_local'
  | 'private'
  | 'carrier_grade_nat'
  | 'unspecified'
  | 'unique_local'
  | 'multicast'
  | 'reserved'
  | 'not_resolvable';

/** A refusal: the rule, and the address that broke it (absent for the scheme). */
export interface EgressRefusal {
  rule: EgressRule;
  host: string;
  address?: string;
}

/** The compiled allow-list: host names, and address ranges. */
export interface EgressPolicy {
  allowHttp: boolean;
  hosts: ReadonlySet<string>;
  ranges: readonly [ipaddr.IPv4 | ipaddr.IPv6, number][];
}

/**
 * Compiles the config's `webhooks` section once.
 * @example const policy = egressPolicy({ allowHttp: false, allowList: ['10.20.0.0/16'] });
 */
export function egressPolicy(config: WebhookConfig): EgressPolicy {
  const hosts = new Set<string>();
  const ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [];
  for (const entry of config.allowList) {
    if (ipaddr.isValidCIDR(entry)) ranges.push(normaliseRange(ipaddr.parseCIDR(entry)));
    else if (ipaddr.isValid(entry)) {
      const a = unmap(ipaddr.parse(entry));
      ranges.push([a, a.kind() === 'ipv4' ? 32 : 128]);
    } else hosts.add(entry.toLowerCase());
  }
  return { allowHttp: config.allowHttp, hosts, ranges };
}

// The range names ipaddr.js gives, mapped to our rules. Anything not named here and not
// `unicast` (6to4, teredo, NAT64, benchmarking, …) counts as reserved.
const RANGE_RULES: Record<string, EgressRule> = {
  loopback: 'loopback',
  linkLocal: 'link_local',
  private: 'private',
  carrierGradeNat: 'carrier_grade_nat',
  unspecified: 'unspecified',
  uniqueLocal: 'unique_local',
  multicast: 'multicast',
  broadcast: 'reserved',
};

const METADATA = new Set(['169.254.169.254', 'fd00:ec2::254']);

/**
 * The rule an address breaks, or null when it may be reached (public, or on the allow-list).
 * @example refusedAddress(policy, '::ffff:127.0.0.1') // 'loopback'
 */
export function refusedAddress(policy: EgressPolicy, address: string): EgressRule | null {
  if (!ipaddr.isValid(address)) return 'not_resolvable';
  const a = unmap(ipaddr.parse(address));
  if (policy.ranges.some(([net, bits]) => net.kind() === a.kind() && a.match(net, bits))) return null;
  if (METADATA.has(a.toNormalizedString()) || METADATA.has(a.toString())) return 'metadata';
  const range = a.range();
  if (range === 'unicast') return null;
  return RANGE_RULES[range] ?? 'reserved';
}

/** The URL's host as `net` wants it: no brackets around an IPv6 literal, lower case. */
export function urlHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
}

/**
 * Checks what can be checked without DNS: the scheme, and the host when it is an address.
 * @example checkUrlShape(policy, new URL('http://127.0.0.1/hook')) // { rule: 'https_required', … }
 */
export function checkUrlShape(policy: EgressPolicy, url: URL): EgressRefusal | null {
  const host = urlHost(url);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowHttp)) return { rule: 'https_required', host };
  if (isIP(host)) {
    const rule = refusedAddress(policy, host);
    if (rule) return { rule, host, address: host };
  }
  return null;
}

/**
 * Checks every address a host name resolves to; one refused address refuses the host, since a
 * connection may use any of them. An allow-listed name is trusted whatever it resolves to.
 */
export function checkAddresses(policy: EgressPolicy, host: string, addresses: readonly string[]): EgressRefusal | null {
  if (policy.hosts.has(host)) return null;
  if (addresses.length === 0) return { rule: 'not_resolvable', host };
  for (const address of addresses) {
    const rule = refusedAddress(policy, address);
    if (rule) return { rule, host, address };
  }
  return null;
}

// `::ffff:127.0.0.1` is 127.0.0.1 to the network: judge (and match) it as IPv4.
function unmap(a: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | ipaddr.IPv6 {
  return a.kind() === 'ipv6' && (a as ipaddr.IPv6).isIPv4MappedAddress() ? (a as ipaddr.IPv6).toIPv4Address() : a;
}

function normaliseRange([a, bits]: [ipaddr.IPv4 | ipaddr.IPv6, number]): [ipaddr.IPv4 | ipaddr.IPv6, number] {
  // A mapped range (::ffff:10.0.0.0/104) is the IPv4 range it maps.
  if (a.kind() === 'ipv6' && (a as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96) return [(a as ipaddr.IPv6).toIPv4Address(), bits - 96];
  return [a, bits];
}
