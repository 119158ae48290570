/**
 * @module
 * The `webhooks` section of the platform config: which URLs webhooks may be sent to. By default
 * only https to public addresses; `allowList` names hosts, addresses or CIDR ranges that may be
 * reached even so (a receiver inside the organisation's network), and `allowHttp` lets plain
 * http through (a receiver on the same machine, tests).
 */
import ipaddr from 'ipaddr.js';
import { z } from 'zod';

/** One allow-list entry: a host name (`hooks.intern.kommune.dk`), an address or a CIDR range. */
const allowEntry = z
  .string()
  .trim()
  .toLowerCase()
  .refine(
    (s) =>
      ipaddr.isValid(s) ||
      ipaddr.isValidCIDR(s) ||
      /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/.test(s),
    'an allow-list entry is a host name, an IP address or a CIDR range such as 10.20.0.0/16',
  );

export const webhookConfigSchema = z.object({
  /** Let webhooks use plain http (off: https only). */
  allowHttp: z.boolean().default(false),
  /** Hosts, addresses and CIDR ranges webhooks may reach although they are private or local. Empty by default. */
  allowList: z.array(allowEntry).default([]),
});
export type WebhookConfig = z.infer<typeof webhookConfigSchema>;
