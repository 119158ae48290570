/**
 * @module
 * Preview: what would happen to each recipient, without storing or sending anything.
 */
import type { ShipmentRequest } from '@brevdue/shared';
import { maskCpr } from '@brevdue/shared';
import type { ShipmentPreview } from '@brevdue/shared/api';
import type { Runtime } from '../app/runtime-types.ts';
import type { AuthInfo } from '../http/app-env.ts';
import { planChannel } from './channel-plan.ts';
import { validateShipment } from './validate-shipment.ts';

const LOOKUP_CONCURRENCY = 16;

/** What would happen to each recipient of `req`: registration, channel, provider, warnings. */
export async function previewShipment(rt: Runtime, auth: AuthInfo, req: ShipmentRequest): Promise<ShipmentPreview> {
  await validateShipment(rt.db, rt.plugins, auth, req);
  const out: ShipmentPreview['recipients'] = new Array(req.recipients.length);
  let next = 0;
  const worker = async () => {
    while (next < req.recipients.length) {
      const i = next++;
      const r = req.recipients[i]!;
      const recipient = { idType: r.idType, id: r.idType === 'CPR' ? maskCpr(r.id) : r.id, ...(r.name ? { name: r.name } : {}) };
      try {
        const plan = await planChannel(rt.plugins, r, req.channelPolicy);
        out[i] = plan.ok
          ? { recipient, registration: plan.registration, channel: plan.channel, provider: plan.provider.name, warnings: plan.warnings }
          : { recipient, registration: plan.registration, channel: null, provider: null, warnings: [...plan.warnings, plan.reason] };
      } catch (e) {
        out[i] = { recipient, registration: 'unknown', channel: null, provider: null, warnings: [`Opslag fejlede / lookup failed: ${(e as Error).message}`] };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(LOOKUP_CONCURRENCY, req.recipients.length) }, worker));
  const warnings: string[] = [];
  if (req.options.sendAt) warnings.push(`Udskudt afsendelse / deferred send: ${req.options.sendAt}`);
  if (req.review) warnings.push('Forsendelsen oprettes til gennemsyn og sendes først ved frigivelse / created on hold for review');
  return { recipients: out, warnings };
}
