/**
 * @module
 * Preview: what would happen to each recipient, without storing or sending anything: channel
 * and provider, the documents its letter carries, whether the leak guard would hold it, and the
 * copies its letter would get.
 */
import { maskCpr, type Recipient, type ShipmentRequest } from '@brevdue/shared';
import type { PreviewCopy, ShipmentPreview } from '@brevdue/shared/api';
import { printWindowOf } from '@brevdue/shared/sdk';
import type { LeakVerdict } from '../leak-guard/leak-guard.ts';
import type { Runtime } from '../app/runtime-types.ts';
import type { AuthInfo } from '../http/app-env.ts';
import type { Lang } from '../pdf-engine/index.ts';
import { planChannel } from './channel-plan.ts';
import { checkAddressWindow } from '../print-preflight/check-address-window.ts';
import { PREFLIGHT_MESSAGES } from '../print-preflight/preflight-messages.ts';
import { guardShipment } from './guard-shipment.ts';
import { validateCopies, validateShipment, type ValidatedShipment } from './validate-shipment.ts';
import { planCopies } from './plan-copies.ts';

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
 * The address window check a print provider will run (see dispatch/print-preflight-step.ts), shown
 * before sending: whether the address fits, or a cover page will be added, or the letter refused.
 */
async function windowWarning(
  rt: Runtime,
  read: (sha256: string) => Promise<Buffer>,
  r: Recipient,
  plan: Planned,
  checked: ValidatedShipment,
  i: number,
  lang: Lang,
  duplex?: boolean,
): Promise<string[]> {
  const check = plan.channel === 'print' && plan.provider ? rt.plugins.providers.get(plan.provider)?.provider.printPreflight : undefined;
  const main = checked.letters[i]!.main;
  const doc = main ? checked.documents.get(main) : undefined;
  if (!check || !r.address || !doc || doc.media_type !== 'application/pdf') return [];
  const pages = letterDocuments(checked, i).reduce<number | undefined>(
    (n, d) => (n === undefined || d.pages === null ? undefined : n + d.pages),
    0,
  );
  const window = printWindowOf(check, pages, duplex);
  const result = await checkAddressWindow(rt.pdf, new Uint8Array(await read(doc.sha256)), r.address, window, { lang });
  if (result.ok) return [];
  return [
    check.onFail === 'cover-page' && result.reason !== 'not_a4' && result.reason !== 'unreadable'
      ? PREFLIGHT_MESSAGES[lang].coverPageWillBeAdded(result.message)
      : result.message,
  ];
}

/** Channel, provider and registration of one letter as preview shows them. */
type Planned = Pick<ShipmentPreview['recipients'][number], 'registration' | 'channel' | 'provider' | 'warnings'>;

/** The plan, and the name the provider's lookup answered (shown where the request named nobody). */
async function planned(rt: Runtime, r: Recipient, policy: ShipmentRequest['channelPolicy']): Promise<Planned & { name?: string }> {
  try {
    const plan = await planChannel(rt.plugins, r, policy);
    const named = plan.name ? { name: plan.name } : {};
    return plan.ok
      ? { registration: plan.registration, channel: plan.channel, provider: plan.provider.name, warnings: plan.warnings, ...named }
      : { registration: plan.registration, channel: null, provider: null, warnings: [...plan.warnings, plan.reason], ...named };
  } catch (e) {
    return {
      registration: 'unknown',
      channel: null,
      provider: null,
      warnings: [`Opslag fejlede / lookup failed: ${(e as Error).message}`],
    };
  }
}

/** A recipient as preview shows it: CPR masked. */
const shown = (r: Recipient, looked?: string) => {
  const name = r.name ?? looked;
  return {
    idType: r.idType,
    id: r.idType === 'CPR' ? maskCpr(r.id) : r.id,
    ...(name ? { name } : {}),
    ...(r.pNumber ? { pNumber: r.pNumber } : {}),
  };
};

const holdOf = (v: LeakVerdict | undefined) => (v?.held ? { kind: 'leak_guard' as const, reason: v.reason, pages: v.pages } : undefined);

/**
 * What would happen to each recipient of `req`: registration, channel, provider, documents,
 * the leak guard's hold, warnings, and the copies of its letter (guardian copies per child).
 * @param lang language of the leak guard's reasons (Danish by default)
 */
export async function previewShipment(rt: Runtime, auth: AuthInfo, req: ShipmentRequest, lang: Lang = 'da'): Promise<ShipmentPreview> {
  const checked = await validateShipment(rt.db, rt.plugins, auth, req);
  const { copies, warnings: copyWarnings } = await planCopies(rt.plugins, req, 'preview');
  validateCopies(rt.plugins, req, checked, copies);
  // Read the documents while the registrations are looked up.
  const verdicts = guardShipment(rt, req, checked, copies, lang);
  verdicts.catch(() => {}); // awaited below; not an unhandled rejection meanwhile
  const all: Recipient[] = [...req.recipients, ...copies.map((c) => c.recipient)];
  const plans = new Array<Planned & { name?: string }>(all.length);
  let next = 0;
  const worker = async () => {
    while (next < all.length) {
      const i = next++;
      plans[i] = await planned(rt, all[i]!, req.channelPolicy);
    }
  };
  await Promise.all(Array.from({ length: Math.min(LOOKUP_CONCURRENCY, all.length) }, worker));
  const guarded = await verdicts;
  // One after another (each check parses page 1 on this thread), each shared document read once.
  const reads = new Map<string, Promise<Buffer>>();
  const read = (sha256: string) => {
    let r = reads.get(sha256);
    if (!r) reads.set(sha256, (r = rt.blobs.read(sha256)));
    return r;
  };
  const windows: string[][] = [];
  for (const [i, r] of req.recipients.entries())
    windows.push(await windowWarning(rt, read, r, plans[i]!, checked, i, lang, req.options?.print?.duplex));
  const out: ShipmentPreview['recipients'] = req.recipients.map((r, i) => {
    const hold = holdOf(guarded?.letters[i]);
    const { name, ...plan } = plans[i]!;
    return {
      recipient: shown(r, name),
      ...plan,
      warnings: [...plan.warnings, ...(copyWarnings.get(i) ?? []), ...(hold ? [hold.reason] : []), ...windows[i]!],
      ...(req.channelPolicy === 'sms' ? {} : { documents: letterDocuments(checked, i) }),
      ...(hold ? { hold } : {}),
    };
  });
  copies.forEach((c, k) => {
    const hold = holdOf(guarded?.copies[k]);
    const { name, ...plan } = plans[req.recipients.length + k]!;
    const copy: PreviewCopy = {
      recipient: shown(c.recipient, name),
      copyKind: c.kind,
      ...(c.relation ? { relation: c.relation } : {}),
      ...plan,
      warnings: [...c.warnings, ...plan.warnings, ...(hold ? [hold.reason] : [])],
      ...(hold ? { hold } : {}),
    };
    const original = out[c.of]!;
    original.copies = [...(original.copies ?? []), copy];
  });
  const warnings: string[] = [];
  if (req.options.sendAt) warnings.push(`Udskudt afsendelse / deferred send: ${req.options.sendAt}`);
  if (req.review) warnings.push('Forsendelsen oprettes til gennemsyn og sendes først ved frigivelse / created on hold for review');
  return { recipients: out, warnings };
}
