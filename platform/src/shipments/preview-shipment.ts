/**
 * @module
 * Preview: what would happen to each recipient, without storing or sending anything: channel
 * and provider, the documents its letter carries, and whether the leak guard would hold it.
 */
import type { ShipmentRequest } from '@brevdue/shared';
import { maskCpr } from '@brevdue/shared';
import type { ShipmentPreview } from '@brevdue/shared/api';
import type { Runtime } from '../app/runtime-types.ts';
import type { AuthInfo } from '../http/app-env.ts';
import type { Lang } from '../pdf-engine/index.ts';
import { planChannel } from './channel-plan.ts';
import { guardShipment } from './guard-shipment.ts';
import { validateShipment, type ValidatedShipment } from './validate-shipment.ts';

const LOOKUP_CONCURRENCY = 16;

/** The documents of recipient `i`'s letter as the preview shows them. */
function letterDocuments(checked: ValidatedShipment, i: number): NonNullable<ShipmentPreview['recipients'][number]['documents']> {
  const ids = checked.letters[i]!;
  const view = (id: string, role: 'main' | 'attachment') => {
    const d = checked.documents.get(id)!;
    return { id: d.id, role, filename: d.filename, pages: d.pages, bytes: Number(d.bytes) };
  };
  return [...(ids.main ? [view(ids.main, 'main')] : []), ...ids.attachments.map((id) => view(id, 'attachment'))];
}

/**
 * What would happen to each recipient of `req`: registration, channel, provider, documents,
 * the leak guard's hold, warnings.
 * @param lang language of the leak guard's reasons (Danish by default)
 */
export async function previewShipment(rt: Runtime, auth: AuthInfo, req: ShipmentRequest, lang: Lang = 'da'): Promise<ShipmentPreview> {
  const checked = await validateShipment(rt.db, rt.plugins, auth, req);
  // Read the documents while the registrations are looked up.
  const verdicts = guardShipment(rt, req, checked, lang);
  verdicts.catch(() => {}); // awaited below; not an unhandled rejection meanwhile
  const out: ShipmentPreview['recipients'] = new Array(req.recipients.length);
  let next = 0;
  const worker = async () => {
    while (next < req.recipients.length) {
      const i = next++;
      const r = req.recipients[i]!;
      const recipient = { idType: r.idType, id: r.idType === 'CPR' ? maskCpr(r.id) : r.id, ...(r.name ? { name: r.name } : {}) };
      const documents = req.channelPolicy === 'sms' ? {} : { documents: letterDocuments(checked, i) };
      try {
        const plan = await planChannel(rt.plugins, r, req.channelPolicy);
        out[i] = plan.ok
          ? {
              recipient,
              registration: plan.registration,
              channel: plan.channel,
              provider: plan.provider.name,
              warnings: plan.warnings,
              ...documents,
            }
          : {
              recipient,
              registration: plan.registration,
              channel: null,
              provider: null,
              warnings: [...plan.warnings, plan.reason],
              ...documents,
            };
      } catch (e) {
        out[i] = {
          recipient,
          registration: 'unknown',
          channel: null,
          provider: null,
          warnings: [`Opslag fejlede / lookup failed: ${(e as Error).message}`],
          ...documents,
        };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(LOOKUP_CONCURRENCY, req.recipients.length) }, worker));
  for (const [i, v] of ((await verdicts) ?? []).entries()) {
    if (!v.held) continue;
    out[i]!.hold = { kind: 'leak_guard', reason: v.reason, pages: v.pages };
    out[i]!.warnings.push(v.reason);
  }
  const warnings: string[] = [];
  if (req.options.sendAt) warnings.push(`Udskudt afsendelse / deferred send: ${req.options.sendAt}`);
  if (req.review) warnings.push('Forsendelsen oprettes til gennemsyn og sendes først ved frigivelse / created on hold for review');
  return { recipients: out, warnings };
}
