import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readDocumentEvents, readError, readIdentificationResult, readMessageDelivery } from './answers.ts';
import { documentEventsXml, documentStatusXml, entrypointXml, errorXml, identificationResultXml } from './simulator/sim-answers.ts';
import { parseXml } from './xml.ts';
import { validateDigipostXml } from './xsd-validator.ts';

const SPECS = new URL('../../../../shared/specs/digipost/', import.meta.url);
const spec = (p: string) => readFileSync(new URL(p, SPECS));
const haveSpecs = existsSync(new URL('SOURCES.md', SPECS));

describe.skipIf(!haveSpecs)('official Digipost samples (skipped: ../shared/specs/digipost is not beside the repo)', () => {
  it('the shipped schemas are byte-identical to the spec copies', () => {
    expect(readFileSync(new URL('../schema/api_v8.xsd', import.meta.url)).equals(spec('java-client/api_v8.xsd'))).toBe(true);
    expect(readFileSync(new URL('../schema/datatypes.xsd', import.meta.url)).equals(spec('data-types/datatypes.xsd'))).toBe(true);
  });

  it('the .NET client samples parse and validate', () => {
    const delivery = spec('dotnet-client/samples/SendMessageMessageDelivery.xml');
    expect(readMessageDelivery(delivery)).toEqual({
      messageId: undefined,
      deliveryMethod: 'DIGIPOST',
      status: 'DELIVERED',
      deliveryTime: '2016-09-14T14:06:53.958+02:00',
      senderId: '2121714811',
    });
    expect(readIdentificationResult(spec('dotnet-client/samples/IdentificationResult.xml'))).toEqual({
      result: 'DIGIPOST',
      digipostAddress: undefined,
      unidentifiedReason: undefined,
      invalidReason: undefined,
    });
    expect(readError(spec('dotnet-client/samples/SendMessageErrorUnknownRecipient.xml'))).toEqual({
      code: 'UNKNOWN_RECIPIENT',
      message: 'The recipient does not have a Digipost account.',
      type: 'CLIENT_DATA',
    });
    expect(readError(spec('dotnet-client/samples/InboxDocumentNotExisting.xml'))?.code).toBe('GENERAL_ERROR');
    for (const f of [
      'SendMessageMessageDelivery',
      'IdentificationResult',
      'SendMessageErrorUnknownRecipient',
      'InboxDocumentNotExisting',
    ]) {
      expect(validateDigipostXml(spec(`dotnet-client/samples/${f}.xml`)).valid, f).toBe(true);
    }
  });

  it('the data types examples for inkasso and invoice parse and validate', () => {
    const all = spec('data-types/datatypes-examples.xml').toString('utf8');
    for (const name of ['inkasso', 'invoice']) {
      const xml = new RegExp(`<${name} xmlns="http://api.digipost.no/schema/datatypes">[\\s\\S]*?</${name}>`).exec(all)![0];
      expect(Object.keys(parseXml(xml))).toEqual([name]);
      expect(validateDigipostXml(xml).valid, name).toBe(true);
    }
  });
});

describe('the simulator answers in Digipost documents that validate against api_v8.xsd', () => {
  it('error, entry point, identification result, document status and events', () => {
    const docs = [
      errorXml('UNKNOWN_RECIPIENT', 'The recipient does not have a Digipost account.', 'CLIENT_DATA'),
      entrypointXml('http://127.0.0.1:1', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'),
      identificationResultXml('DIGIPOST', { 'digipost-address': 'ola.nordmann#1234' }),
      identificationResultXml('UNIDENTIFIED', { 'unidentified-reason': 'NOT_FOUND' }),
      documentStatusXml({
        uuid: '6d99008e-2672-4b55-9b09-996b09a06e47',
        senderId: '1000',
        status: 'DELIVERED',
        created: '2026-11-24T10:00:00Z',
        channel: 'PRINT',
        primary: true,
        contentHash: 'x',
      }),
      documentEventsXml([
        {
          uuid: '6d99008e-2672-4b55-9b09-996b09a06e47',
          type: 'PRINT_FAILED',
          created: '2026-11-24T10:00:00Z',
          documentCreated: '2026-11-24T09:00:00Z',
          metadata: { xsiType: 'failed-print-metadata', attributes: { 'error-code': 'X' } },
        },
      ]),
    ];
    for (const xml of docs) expect(validateDigipostXml(xml).errors, xml.slice(0, 120)).toEqual([]);
    expect(readDocumentEvents(docs[5]!)?.[0]).toMatchObject({ type: 'PRINT_FAILED', metadata: { 'error-code': 'X' } });
  });
});
