/**
 * @module
 * `@brevdue/plugin-digitalpost-sf1601`: Danish Digital Post through the Fælleskommunal
 * Postkomponent's SF1601 on Serviceplatformen — Digital Post (MeMo), NemSMS and remote print
 * (ForsendelseI) — with a simulator that speaks the same protocol.
 * @example
 * // brevdue.config.json
 * { "plugins": [{ "package": "@brevdue/plugin-digitalpost-sf1601", "config": { "cvr": "29189846",
 *   "certificate": { "path": "/etc/brevdue/org.p12", "passphraseEnv": "SF1601_CERT_PASSPHRASE" } } }] }
 */
import { ACTION_CODES, MAX_SHIPMENT_BYTES } from '@brevdue/shared';
import { defineProvider } from '@brevdue/shared/sdk';
import { configSchema } from './config.ts';
import { createSf1601Provider } from './provider.ts';
import { sf1601Simulator } from './simulator/index.ts';

export default defineProvider({
  name: 'digitalpost-sf1601',
  description: 'Danish Digital Post (SF1601 KombiPostAfsend: MeMo, NemSMS, remote print)',
  configSchema,
  channels: ['digital', 'print', 'sms'],
  capabilities: {
    maxShipmentBytes: MAX_SHIPMENT_BYTES,
    recipientTypes: ['CPR', 'CVR'],
    actionCodes: ACTION_CODES,
    replies: false,
    deferredSend: true,
    print: { colour: true, duplex: true, letterClasses: ['quick', 'regular'] },
    receives: true,
  },
  create: (config, context) => createSf1601Provider(config, context),
  simulator: sf1601Simulator,
});

export { configSchema, type Sf1601Config, type Sf1601ConfigInput } from './config.ts';
export { buildKombiRequest, kombiValgKode } from './kombi-request.ts';
export { memoFromLetter } from './memo-model.ts';
export { memoDocument } from './memo-writer.ts';
export { validateAgainstSchema, validateAgainstSchemaAsync } from './xsd-validator.ts';
export { sf1601Simulator, type Sf1601SimulatorInfo, type AcceptedMessage } from './simulator/index.ts';
export { acceptedMessages, simulatorRequest } from './simulator/inspect.ts';
export { readInboundMemo } from './inbound/read-inbound-memo.ts';
export { sampleInboundMemo, type SampleInboundOptions } from './inbound/sample-inbound-memo.ts';
export { postModtagAnswerXml, parsePostModtagAnswer, type PostModtagAnswer } from './inbound/sf1606-answers.ts';
