/**
 * @module
 * Which channel and provider a letter takes: the channel policy applied to the recipient's
 * registration, with providers chosen by the routing config. Used by preview and by dispatch.
 */
import type { Channel, ChannelPolicy, Recipient, Registration } from '@brevdue/shared';
import type { PluginHost, ProviderInstance } from '../plugins/plugin-host.ts';
import { SHIPMENT_MESSAGES } from './shipment-messages.ts';

/** `name`: the recipient's name as the provider's register knows it (preview shows it), where it does. */
export type ChannelPlan =
  | {
      ok: true;
      channel: Channel;
      provider: ProviderInstance;
      registration: Registration;
      printFallback: boolean;
      warnings: string[];
      name?: string;
    }
  | { ok: false; registration: Registration; reason: string; warnings: string[]; name?: string };

/** The first channel a policy tries, before any lookup. */
export function firstChannel(policy: ChannelPolicy): Channel {
  return policy === 'print-only' ? 'print' : policy === 'sms' ? 'sms' : 'digital';
}

/** Looks the recipient up and applies the policy. Never sends anything. */
export async function planChannel(host: PluginHost, recipient: Recipient, policy: ChannelPolicy): Promise<ChannelPlan> {
  const warnings: string[] = [];
  if (policy === 'print-only') {
    const p = host.route(recipient.idType, 'print');
    if (!p) return { ok: false, registration: 'unknown', reason: SHIPMENT_MESSAGES.noProvider(recipient.idType, 'print'), warnings };
    return { ok: true, channel: 'print', provider: p, registration: 'unknown', printFallback: false, warnings };
  }
  const wanted: Channel = policy === 'sms' ? 'sms' : 'digital';
  const provider = host.route(recipient.idType, wanted);
  if (!provider) return { ok: false, registration: 'unknown', reason: SHIPMENT_MESSAGES.noProvider(recipient.idType, wanted), warnings };
  const lookup = await provider.provider.lookup(recipient);
  warnings.push(...(lookup.warnings ?? []));
  const named = lookup.name ? { name: lookup.name } : {};
  if (policy === 'sms') {
    if (lookup.sms === false) return { ok: false, registration: lookup.registration, reason: SHIPMENT_MESSAGES.noSms, warnings, ...named };
    return { ok: true, channel: 'sms', provider, registration: lookup.registration, printFallback: false, warnings, ...named };
  }
  if (lookup.registration === 'digital') {
    const printer = policy === 'digital-else-print' ? host.route(recipient.idType, 'print') : undefined;
    const printFallback = printer?.name === provider.name;
    return { ok: true, channel: 'digital', provider, registration: 'digital', printFallback, warnings, ...named };
  }
  if (policy === 'digital-only') {
    const reason = SHIPMENT_MESSAGES.notRegistered(lookup.registration);
    return { ok: false, registration: lookup.registration, reason, warnings, ...named };
  }
  const printer = host.route(recipient.idType, 'print');
  if (!printer)
    return {
      ok: false,
      registration: lookup.registration,
      reason: SHIPMENT_MESSAGES.noProvider(recipient.idType, 'print'),
      warnings,
      ...named,
    };
  if (lookup.registration === 'unknown') warnings.push(SHIPMENT_MESSAGES.registrationUnknown);
  return { ok: true, channel: 'print', provider: printer, registration: lookup.registration, printFallback: false, warnings, ...named };
}
