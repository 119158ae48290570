import type { Action } from '@brevdue/shared';
import { ProviderError } from '@brevdue/shared/sdk';
import { MINIMAL_PDF, memoryDocument } from '@brevdue/shared/testing';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { digipostConfigSchema } from './config.ts';
import { documentUuid } from './document-ids.ts';
import { buildMessage } from './message-xml.ts';
import { fnr, IDS, norwegianLetter, OSLO_ADDRESS, RETURN_ADDRESS } from './test-support.ts';
import { validateDigipostXml } from './xsd-validator.ts';

// A parser that keeps namespace declarations, so the golden trees check them too.
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  ignoreDeclaration: true,
  isArray: (n) => n === 'attachment',
});
const parseXml = (xml: string) => parser.parse(xml) as Record<string, unknown>;

const config = digipostConfigSchema.parse({ brokerId: '1000', certificatePath: '/dev/null' });
const MESSAGE_ID = '0b0c9f8e-5a43-4c1e-9d0a-6f1f2d3c4b5a';
const U0 = documentUuid(MESSAGE_ID, 0);
const U1 = documentUuid(MESSAGE_ID, 1);
const U2 = documentUuid(MESSAGE_ID, 2);
const NS = 'http://api.digipost.no/schema/v8';
const DT_NS = 'http://api.digipost.no/schema/datatypes';

const doc = (uuid: string, subject: string, extra: Record<string, unknown> = {}) => ({
  uuid,
  subject,
  'file-type': 'pdf',
  'authentication-level': 'PASSWORD',
  'sensitivity-level': 'NORMAL',
  ...extra,
});
const printRecipient = {
  name: 'Ola Nordmann',
  'norwegian-address': { addressline1: 'Prinsensveien 123', 'zip-code': '0460', city: 'Oslo' },
};
const returnAddress = {
  name: 'KK2 Inkasso AS',
  'norwegian-address': { addressline1: 'Postboks 1234 Sentrum', 'zip-code': '0104', city: 'Oslo' },
};
const printDetails = {
  recipient: printRecipient,
  'return-address': returnAddress,
  color: 'MONOCHROME',
  'nondeliverable-handling': 'RETURN_TO_SENDER',
};

const betaling: Action = {
  code: 'BETALING',
  label: 'Betal kravet',
  amount: 1250.5,
  dueDate: '2026-12-15',
  account: '12345678903',
  kid: '1234567890128',
};

/** Builds, validates against api_v8.xsd + datatypes.xsd, and returns the parsed message. */
async function golden(letter: Parameters<typeof buildMessage>[0], cfg = config) {
  const built = buildMessage(letter, cfg);
  const check = validateDigipostXml(built.xml);
  expect(check.errors).toEqual([]);
  expect(check.valid).toBe(true);
  return { built, tree: parseXml(built.xml) };
}

describe('golden Digipost messages (field by field, and valid against the official XSD)', () => {
  it('digital: FNR, subject, authentication and sensitivity level', async () => {
    const { built, tree } = await golden(
      norwegianLetter({ messageId: MESSAGE_ID, subject: 'Vedtak om barnehageplass', printFallback: false }),
    );
    expect(built.mode).toBe('digital');
    expect(tree).toEqual({
      message: {
        '@_xmlns': NS,
        'message-id': MESSAGE_ID,
        recipient: { 'personal-identification-number': IDS.user },
        'primary-document': doc(U0, 'Vedtak om barnehageplass'),
      },
    });
  });

  it('print fallback: identifier plus print-details with recipient and return address, colour, non-deliverable handling', async () => {
    const { built, tree } = await golden(
      norwegianLetter({
        messageId: MESSAGE_ID,
        recipient: fnr(IDS.nonUser, OSLO_ADDRESS),
        options: { replyAllowed: false, print: { letterClass: 'regular', colour: true, duplex: false } },
      }),
      { ...config, print: { colour: false, nondeliverableHandling: 'SHRED' } },
    );
    expect(built.mode).toBe('digital-else-print');
    expect(tree).toEqual({
      message: {
        '@_xmlns': NS,
        'message-id': MESSAGE_ID,
        recipient: {
          'personal-identification-number': IDS.nonUser,
          'print-details': { ...printDetails, color: 'COLORS', 'nondeliverable-handling': 'SHRED' },
        },
        'primary-document': doc(U0, 'Inkassovarsel'),
      },
    });
  });

  it('inkasso: the BETALING action as the inkasso data type (due date, sum, account, KID), with print-if-unread', async () => {
    const createdAt = new Date('2026-11-24T10:00:00Z');
    const { tree } = await golden(
      norwegianLetter({
        messageId: MESSAGE_ID,
        recipient: fnr(IDS.user, OSLO_ADDRESS),
        actions: [{ ...betaling, url: 'https://kk2.example.no/betal' } as Action],
        options: { replyAllowed: false, printIfUnreadAfterDays: 14 },
        createdAt,
      }),
    );
    expect(tree).toEqual({
      message: {
        '@_xmlns': NS,
        'message-id': MESSAGE_ID,
        recipient: { 'personal-identification-number': IDS.user, 'print-details': printDetails },
        'primary-document': doc(U0, 'Inkassovarsel', {
          'data-type': {
            inkasso: {
              '@_xmlns': DT_NS,
              link: { url: 'https://kk2.example.no/betal', description: 'Betal kravet' },
              'due-date': '2026-12-15T00:00:00+01:00',
              sum: '1250.50',
              account: '12345678903',
              kid: '1234567890128',
            },
          },
        }),
        'print-if-unread': { 'print-if-unread-after': '2026-12-08T10:00:00.000Z', 'print-details': printDetails },
      },
    });
  });

  it('invoice: creditor account, when configured', async () => {
    const { tree } = await golden(norwegianLetter({ messageId: MESSAGE_ID, printFallback: false, actions: [betaling] }), {
      ...config,
      paymentDataType: 'invoice',
    });
    const m = tree.message as Record<string, Record<string, unknown>>;
    expect(m['primary-document']!['data-type']).toEqual({
      invoice: {
        '@_xmlns': DT_NS,
        'due-date': '2026-12-15T00:00:00+01:00',
        sum: '1250.50',
        'creditor-account': '12345678903',
        kid: '1234567890128',
      },
    });
  });

  it('attachments: one attachment element per document, in order, with stable UUIDs', async () => {
    const { built, tree } = await golden(
      norwegianLetter({
        messageId: MESSAGE_ID,
        printFallback: false,
        recipient: { idType: 'ORGNR', id: IDS.orgUser },
        attachments: [
          memoryDocument(MINIMAL_PDF, 'Spesifikasjon av krav.pdf'),
          memoryDocument(Buffer.from('hei'), 'les-meg.txt', 'text/plain'),
        ],
      }),
      { ...config, senderId: '424242', authenticationLevel: 'IDPORTEN_4', sensitivityLevel: 'SENSITIVE' },
    );
    const level = { 'authentication-level': 'IDPORTEN_4', 'sensitivity-level': 'SENSITIVE' };
    expect(tree).toEqual({
      message: {
        '@_xmlns': NS,
        'message-id': MESSAGE_ID,
        'sender-id': '424242',
        recipient: { 'organisation-number': IDS.orgUser },
        'primary-document': doc(U0, 'Inkassovarsel', level),
        attachment: [doc(U1, 'Spesifikasjon av krav', level), doc(U2, 'les-meg', { ...level, 'file-type': 'txt' })],
      },
    });
    expect(built.documents.map((d) => d.uuid)).toEqual([U0, U1, U2]);
  });

  it('direct print: print-details alone; a foreign address as foreign-address with country code', async () => {
    const abroad = { name: 'Kari Nordmann', lines: ['Storgatan 1'], postalCode: '111 22', city: 'Stockholm', country: 'SE' };
    const { built, tree } = await golden(norwegianLetter({ messageId: MESSAGE_ID, channel: 'print', recipient: fnr(IDS.nonUser, abroad) }));
    expect(built.mode).toBe('print');
    expect(tree).toEqual({
      message: {
        '@_xmlns': NS,
        'message-id': MESSAGE_ID,
        recipient: {
          'print-details': {
            ...printDetails,
            recipient: {
              name: 'Kari Nordmann',
              'foreign-address': { addressline1: 'Storgatan 1', addressline2: '111 22 Stockholm', 'country-code': 'SE' },
            },
          },
        },
        'primary-document': doc(U0, 'Inkassovarsel'),
      },
    });
  });
});

describe('letters that cannot become a Digipost message', () => {
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(ProviderError);
      expect((e as ProviderError).kind).toBe('permanent');
      return (e as ProviderError).code;
    }
    return 'no error';
  };
  it('names the problem', () => {
    expect(code(() => buildMessage(norwegianLetter({ channel: 'print', recipient: fnr(IDS.nonUser) }), config))).toBe('NO_PRINT_ADDRESS');
    const noReturn = norwegianLetter({ recipient: fnr(IDS.nonUser, OSLO_ADDRESS) });
    expect(code(() => buildMessage({ ...noReturn, sender: { ...noReturn.sender, returnAddress: undefined } }, config))).toBe(
      'NO_RETURN_ADDRESS',
    );
    expect(
      code(() =>
        buildMessage(
          { ...noReturn, sender: { ...noReturn.sender, returnAddress: undefined } },
          { ...config, returnAddress: RETURN_ADDRESS },
        ),
      ),
    ).toBe('no error');
    expect(code(() => buildMessage(norwegianLetter({ recipient: { idType: 'CPR', id: '0101904321' } }), config))).toBe(
      'UNSUPPORTED_RECIPIENT',
    );
    expect(
      code(() =>
        buildMessage(norwegianLetter({ actions: [{ ...betaling, account: undefined } as Action] }), {
          ...config,
          paymentDataType: 'invoice',
        }),
      ),
    ).toBe('NO_ACCOUNT');
    expect(code(() => buildMessage(norwegianLetter({ mainDocument: undefined }), config))).toBe('NO_DOCUMENT');
  });
});
