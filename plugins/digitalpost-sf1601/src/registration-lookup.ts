/**
 * @module
 * PostForespoerg: whether a CPR/CVR is registered for Digital Post and for NemSMS, cached in the
 * plugin's shared state for the configured time (preview asks for every recipient).
 */
import { createHash } from 'node:crypto';
import { ProviderError, type LookupResult, type PluginState } from '@brevdue/shared/sdk';
import type { Recipient } from '@brevdue/shared';
import { ENTITY_IDS } from './config.ts';
import { lookupText, sendText } from './messages.ts';
import type { ServiceplatformenClient } from './serviceplatformen-client.ts';
import { PATHS } from './sf1601-answers.ts';

/** PostForespoerg's JSON answer. `fritaget` (exempt) is an ASSUMED field, see README. */
interface PostForespoergAnswer {
  result: boolean;
  fritaget?: boolean;
}

type One = { known: boolean; result: boolean; exempt: boolean };

/**
 * Looks a recipient up (both services), using and filling the cache.
 * @throws ProviderError transient when Serviceplatformen does not answer.
 */
export async function lookupRegistration(
  client: ServiceplatformenClient,
  state: PluginState,
  ttlSeconds: number,
  r: Recipient,
): Promise<LookupResult> {
  if (r.idType !== 'CPR' && r.idType !== 'CVR') return { registration: 'unknown', warnings: [sendText.recipientType(r.idType)] };
  // The cache key is a hash: CPR numbers stay out of state keys (which may show up in logs).
  const key = `postforespoerg:${createHash('sha256').update(`${r.idType}:${r.id}`).digest('hex')}`;
  const cached = ttlSeconds > 0 ? await state.get<LookupResult>(key) : undefined;
  if (cached) return cached;
  const [dp, sms] = await Promise.all([ask(client, 'digitalpost', r), ask(client, 'nemsms', r)]);
  const result: LookupResult = !dp.known
    ? { registration: 'unknown', sms: false, warnings: [lookupText.unknown] }
    : dp.exempt
      ? { registration: 'exempt', sms: sms.result, warnings: [lookupText.exempt] }
      : {
          registration: dp.result ? 'digital' : 'not_registered',
          sms: sms.result,
          ...(dp.result ? {} : { warnings: [lookupText.notRegistered] }),
        };
  if (ttlSeconds > 0) await state.set(key, result, ttlSeconds);
  return result;
}

async function ask(client: ServiceplatformenClient, service: 'digitalpost' | 'nemsms', r: Recipient): Promise<One> {
  const query = new URLSearchParams({ [r.idType === 'CPR' ? 'cprNumber' : 'cvrNumber']: r.id });
  const a = await client.call(ENTITY_IDS.postForespoerg, 'GET', `${PATHS.postForespoerg(service)}?${query}`);
  if (a.status === 404) return { known: false, result: false, exempt: false };
  if (a.status !== 200) {
    throw new ProviderError(
      a.status >= 500 || a.status === 429 ? 'transient' : 'permanent',
      'LOOKUP_FAILED',
      sendText.remoteRejected(`PostForespoerg HTTP ${a.status}`, a.body.toString('utf8').slice(0, 200)),
    );
  }
  const body = JSON.parse(a.body.toString('utf8')) as PostForespoergAnswer;
  return { known: true, result: body.result === true, exempt: body.fritaget === true };
}
