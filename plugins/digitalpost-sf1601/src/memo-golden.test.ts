/**
 * Golden tests: the MeMo message for each action code, for print and for an SMS equals what we
 * expect field by field, and validates against the schema (1.2 derived, 1.1 official).
 */
import type { Action } from '@brevdue/shared';
import type { OutgoingLetter } from '@brevdue/shared/sdk';
import { makeTestLetter, memoryDocument, MINIMAL_PDF } from '@brevdue/shared/testing';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { buildKombiRequest } from './kombi-request.ts';
import { memoFromLetter, type MemoVersion } from './memo-model.ts';
import { memoDocument } from './memo-writer.ts';
import { validateAgainstSchema } from './xsd-validator.ts';

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  isArray: (n) => ['Action', 'AdditionalDocument', 'File'].includes(n),
});
const settings = (version: MemoVersion) => ({
  version,
  cvr: '29189846',
  caseSystem: 'Brevdue',
  contactPointId: 'd7b5a7d4-7f0e-4b7c-9c1e-0a0b0c0d0e0f',
});
const print = { envelope: 'C5' as const, userName: 'Brevdue' };
const MESSAGE_ID = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';

// What `parser` gives for the parts the tests read: text as strings, attributes as `@name`, and Action,
// AdditionalDocument and File as arrays whenever present.
interface ParsedFile {
  encodingFormat: string;
  filename: string;
  language: string;
  content: string;
}
/** An Action's child elements by name; an AFTALE also carries a Reservation. */
type ParsedAction = Record<string, unknown> & { Reservation?: Record<string, string> };
interface ParsedMemo {
  '@memoVersion': string;
  '@memoSchVersion'?: string;
  MessageHeader: Record<string, unknown> & { mandatory: string; legalNotification: string; ContentData: Record<string, unknown> };
  /** Absent in a NemSMS message. */
  MessageBody?: {
    createdDateTime: string;
    MainDocument: { label: string; File: ParsedFile[]; Action?: ParsedAction[] };
    AdditionalDocument?: Array<{ File: ParsedFile[] }>;
  };
}
interface ParsedKombiRequest {
  kombi_request: {
    KombiValgKode: string;
    Message: { MessageHeader: { messageUUID: string } };
    ForsendelseISamling: { ForsendelseI: Record<string, unknown> & { BilagSamling: { Bilag: unknown } } };
  };
}

async function build(letter: OutgoingLetter, version: MemoVersion = '1.2') {
  const xml = await memoDocument(memoFromLetter(letter, settings(version)));
  const validation = validateAgainstSchema(xml, `memo-${version}`);
  const parsed = parser.parse(xml.toString('utf8')) as { Message: ParsedMemo };
  return { xml, validation, m: parsed.Message };
}

const letterWith = (actions: Action[], o: Partial<OutgoingLetter> = {}) =>
  makeTestLetter({ letterId: MESSAGE_ID, messageId: MESSAGE_ID, actions, caseId: 'SAG-2026-17', ...o });

describe('MeMo header and body', () => {
  it('carries every header field in schema order and validates (1.2)', async () => {
    const { m, validation } = await build(
      letterWith([], {
        options: {
          replyAllowed: true,
          replyBy: '2026-12-10T12:00:00+01:00',
          sendAt: '2026-12-01T07:00:00+01:00',
          notification: 'Du har post fra Testkommune',
          mandatory: true,
          legalNotification: false,
        },
        replyTo: { messageId: 'MSG-1', messageUuid: '0e5c7b8a-1d2e-4f3a-9b4c-5d6e7f8a9b0c' },
        attachments: [memoryDocument(MINIMAL_PDF, 'bilag 1.pdf')],
      }),
    );
    expect(validation).toEqual({ valid: true, errors: [] });
    expect(m['@memoVersion']).toBe('1.2');
    expect(m['@memoSchVersion']).toBeUndefined();
    const h = m.MessageHeader;
    expect(Object.keys(h)).toEqual([
      'messageType',
      'messageUUID',
      'label',
      'notification',
      'reply',
      'replyByDateTime',
      'doNotDeliverUntilDate',
      'mandatory',
      'legalNotification',
      'postType',
      'Sender',
      'Recipient',
      'ContentData',
      'ReplyData',
    ]);
    expect(h).toMatchObject({
      messageType: 'DIGITALPOST',
      messageUUID: MESSAGE_ID,
      label: 'Indkaldelse til møde',
      notification: 'Du har post fra Testkommune',
      reply: 'true',
      replyByDateTime: '2026-12-10T11:00:00Z',
      doNotDeliverUntilDate: '2026-12-01',
      mandatory: 'true',
      legalNotification: 'false',
      postType: 'MYNDIGHEDSPOST',
      Sender: {
        senderID: '29189846',
        idType: 'CVR',
        label: 'Testkommune',
        ContactPoint: { contactPointID: 'd7b5a7d4-7f0e-4b7c-9c1e-0a0b0c0d0e0f', label: 'Borgerservice' },
      },
      Recipient: { recipientID: '0101904321', idType: 'CPR', label: 'Jens Hansen' },
      ContentData: { CPRdata: { cprNumber: '0101904321', name: 'Jens Hansen' }, CaseID: { caseID: 'SAG-2026-17', caseSystem: 'Brevdue' } },
      ReplyData: { messageID: 'MSG-1', messageUUID: '0e5c7b8a-1d2e-4f3a-9b4c-5d6e7f8a9b0c' },
    });
    const b = m.MessageBody!;
    expect(b.createdDateTime).toBe('2026-11-24T10:00:00Z');
    expect(b.MainDocument.label).toBe('Indkaldelse til møde');
    expect(b.MainDocument.File[0]).toEqual({
      encodingFormat: 'application/pdf',
      filename: 'brev.pdf',
      language: 'da',
      content: MINIMAL_PDF.toString('base64'),
    });
    expect(b.AdditionalDocument![0]!.File[0]).toMatchObject({ filename: 'bilag 1.pdf', language: 'da' });
  });

  it('MeMo 1.1: memoSchVersion and both required flags, valid against the official XSD', async () => {
    const { m, validation } = await build(letterWith([]), '1.1');
    expect(validation).toEqual({ valid: true, errors: [] });
    expect(m['@memoVersion']).toBe('1.1');
    expect(m['@memoSchVersion']).toBe('1.1.0');
    expect(m.MessageHeader.mandatory).toBe('false');
    expect(m.MessageHeader.legalNotification).toBe('false');
  });

  it('a CVR recipient with a P-number gets AttentionData/ProductionUnit and CVRdata', async () => {
    const { m, validation } = await build(
      letterWith([], { recipient: { idType: 'CVR', id: '29189846', name: 'Firma A/S', pNumber: '1003388394' } }),
    );
    expect(validation.valid).toBe(true);
    expect(m.MessageHeader.Recipient).toEqual({
      recipientID: '29189846',
      idType: 'CVR',
      label: 'Firma A/S',
      AttentionData: { ProductionUnit: { productionUnitNumber: '1003388394' } },
    });
    expect(m.MessageHeader.ContentData.CVRdata).toEqual({ cvrNumber: '29189846', companyName: 'Firma A/S' });
  });
});

describe('MeMo actions: one golden per action code', () => {
  const url = 'https://selvbetjening.testkommune.dk/sag/17';
  const cases: Array<[Action, Record<string, unknown>]> = [
    [
      {
        code: 'AFTALE',
        label: 'Møde om din sag',
        start: '2026-12-03T10:00:00+01:00',
        end: '2026-12-03T11:00:00+01:00',
        place: 'Rådhuset, lokale 4',
        description: 'Samtale med sagsbehandler',
      },
      {
        label: 'Møde om din sag',
        actionCode: 'AFTALE',
        startDateTime: '2026-12-03T09:00:00Z',
        endDateTime: '2026-12-03T10:00:00Z',
        Reservation: {
          description: 'Samtale med sagsbehandler',
          abstract: 'Møde om din sag',
          location: 'Rådhuset, lokale 4',
          startDateTime: '2026-12-03T09:00:00Z',
          endDateTime: '2026-12-03T10:00:00Z',
          organizerName: 'Testkommune',
        },
      },
    ],
    [
      { code: 'TILMELDING', label: 'Tilmeld dig', url, deadline: '2026-12-01T23:59:00+01:00' },
      { label: 'Tilmeld dig', actionCode: 'TILMELDING', endDateTime: '2026-12-01T22:59:00Z', EntryPoint: { url } },
    ],
    [
      { code: 'BETALING', label: 'Betal regningen', url, amount: 450, dueDate: '2026-12-15' },
      { label: 'Betal regningen', actionCode: 'BETALING', endDateTime: '2026-12-15T22:59:59Z', EntryPoint: { url } },
    ],
    [
      { code: 'SELVBETJENING', label: 'Gå til selvbetjening', url },
      { label: 'Gå til selvbetjening', actionCode: 'SELVBETJENING', EntryPoint: { url } },
    ],
    [
      { code: 'UNDERSKRIV', label: 'Underskriv aftalen', url },
      { label: 'Underskriv aftalen', actionCode: 'UNDERSKRIV', EntryPoint: { url } },
    ],
    [
      { code: 'BEKRAEFT', label: 'Bekræft modtagelse', url },
      { label: 'Bekræft modtagelse', actionCode: 'BEKRAEFT', EntryPoint: { url } },
    ],
    [{ code: 'INFORMATION', label: 'Læs mere' } as Action, { label: 'Læs mere', actionCode: 'INFORMATION' }],
    [
      { code: 'FORBEREDELSE', label: 'Forbered dig', url },
      { label: 'Forbered dig', actionCode: 'FORBEREDELSE', EntryPoint: { url } },
    ],
  ];
  for (const [action, expected] of cases) {
    for (const version of ['1.2', '1.1'] as const) {
      it(`${action.code} (MeMo ${version})`, async () => {
        const { m, validation } = await build(letterWith([action]), version);
        expect(validation).toEqual({ valid: true, errors: [] });
        const got = m.MessageBody!.MainDocument.Action![0]!;
        expect(Object.keys(got)).toEqual(Object.keys(expected));
        const { Reservation, ...rest } = got;
        const { Reservation: expectedReservation, ...expectedRest } = expected as { Reservation?: Record<string, unknown> };
        expect(rest).toEqual(expectedRest);
        if (expectedReservation) {
          expect(Reservation).toMatchObject(expectedReservation);
          expect(Reservation!.reservationUUID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
          // The reservation id is derived from the message id: a retry sends the same one.
          const again = await build(letterWith([action]), version);
          expect(again.m.MessageBody!.MainDocument.Action![0]!.Reservation!.reservationUUID).toBe(Reservation!.reservationUUID);
        }
      });
    }
  }
});

describe('NemSMS and print', () => {
  it('an SMS is a NEMSMS message with the text as notification and no body', async () => {
    const letter = makeTestLetter({
      messageId: MESSAGE_ID,
      channel: 'sms',
      smsText: 'Husk din tid hos tandlægen i morgen kl. 10.',
      mainDocument: undefined,
    });
    const { m, validation } = await build(letter);
    expect(validation.valid).toBe(true);
    expect(m.MessageHeader).toMatchObject({
      messageType: 'NEMSMS',
      messageUUID: MESSAGE_ID,
      label: 'Indkaldelse til møde',
      notification: 'Husk din tid hos tandlægen i morgen kl. 10.',
    });
    expect(m.MessageBody).toBeUndefined();
    const req = await buildKombiRequest(letter, settings('1.2'), print);
    expect(req.kombiValgKode).toBe('NemSMS');
    expect(req.withPrintJob).toBe(false);
  });

  it('print: Fysisk Post with MeMo and a ForsendelseI carrying address, class, colour, duplex, envelope', async () => {
    const letter = makeTestLetter({
      messageId: MESSAGE_ID,
      channel: 'print',
      recipient: {
        idType: 'CPR',
        id: '0303904313',
        name: 'Ane Jensen',
        address: { name: 'Ane Jensen', lines: ['Testvej 12B, 2. tv'], postalCode: '8000', city: 'Aarhus C', country: 'DK' },
      },
      sender: {
        organisationId: 'o',
        name: 'Testkommune',
        cvr: '29189846',
        returnAddress: { name: 'Testkommune', lines: ['Rådhuspladsen 2'], postalCode: '8000', city: 'Aarhus C', country: 'DK' },
      },
      options: { replyAllowed: false, print: { letterClass: 'quick', colour: true, duplex: false } },
      attachments: [memoryDocument(MINIMAL_PDF, 'bilag.pdf')],
    });
    const req = await buildKombiRequest(letter, settings('1.2'), print);
    expect(req.kombiValgKode).toBe('Fysisk Post');
    expect(validateAgainstSchema(req.memo, 'memo-1.2').valid).toBe(true);
    const body = parser.parse(req.body.toString('utf8')) as ParsedKombiRequest;
    expect(body.kombi_request.KombiValgKode).toBe('Fysisk Post');
    expect(body.kombi_request.Message.MessageHeader.messageUUID).toBe(MESSAGE_ID);
    const f = body.kombi_request.ForsendelseISamling.ForsendelseI;
    expect(Object.keys(f)).toEqual([
      'AfsendelseIdentifikator',
      'ForsendelseModtager',
      'FilformatNavn',
      'MeddelelseIndholdData',
      'DokumentParametre',
      'KanalUafhaengigeParametreI',
      'PrintParametre',
      'PostParametre',
      'BilagSamling',
    ]);
    expect(f.AfsendelseIdentifikator).toBe(MESSAGE_ID);
    expect(f.ForsendelseModtager).toEqual({
      AfsendelseModtager: { CPRnummerIdentifikator: '0303904313' },
      ModtagerAdresse: {
        PersonName: 'Ane Jensen',
        PostalAddressFirstLineText: 'Testvej 12B, 2. tv',
        PostalAddressSecondLineText: '8000 Aarhus C',
        PostCodeIdentifier: '8000',
        CountryIdentificationCode: { '#text': 'DK', '@scheme': 'iso3166-alpha2' },
      },
    });
    expect(f.FilformatNavn).toBe('PDF');
    expect(f.MeddelelseIndholdData).toBe(MINIMAL_PDF.toString('base64'));
    expect(f.DokumentParametre).toEqual({ TitelTekst: 'Indkaldelse til møde', BrevDato: '2026-11-24' });
    expect(f.KanalUafhaengigeParametreI).toMatchObject({
      BrugerNavn: 'Brevdue',
      PaatrykAfsenderAdresseIndikator: 'true',
      KanalKode: 'Fysisk Post',
    });
    expect(f.PrintParametre).toEqual({ SimplexDuplexKode: 'Simplex', FarveSHKode: 'Farve', KuvertTypeKode: 'C5' });
    expect(f.PostParametre).toEqual({ PostKategoriKode: 'Prioritaire' });
    expect(f.BilagSamling.Bilag).toMatchObject({ BilagNavn: 'bilag.pdf', FilformatNavn: 'PDF', BilagSorteringsIndeksIdentifikator: '1' });
  });

  it('regular letters are Economique; digital with fallback and an address goes Automatisk Valg with a print job', async () => {
    const letter = makeTestLetter({
      recipient: {
        idType: 'CPR',
        id: '0101904321',
        address: { name: 'Jens Hansen', lines: ['Vej 1'], postalCode: '8000', city: 'Aarhus C', country: 'DK' },
      },
      printFallback: true,
    });
    const req = await buildKombiRequest(letter, settings('1.1'), print);
    expect(req.kombiValgKode).toBe('Automatisk Valg');
    expect(req.withPrintJob).toBe(true);
    expect(req.body.toString()).toContain('<fjernprint:PostKategoriKode>Economique</fjernprint:PostKategoriKode>');
    const noAddress = await buildKombiRequest(makeTestLetter({ printFallback: true }), settings('1.2'), print);
    expect(noAddress.kombiValgKode).toBe('Digital Post');
    expect(noAddress.withPrintJob).toBe(false);
  });
});
