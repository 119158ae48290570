/**
 * End to end through the platform API with the Digipost provider against its simulator (issue 7):
 * a Digipost user gets the letter digitally, a non-user with an address gets print, a non-user
 * without an address fails with the reason, a retry is not sent twice, and a wrong signing key
 * fails the letter with a clear reason.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTestCertificate } from '@brevdue/plugin-digipost';
import type { LetterView, ShipmentView } from '@brevdue/shared/api';
import { MINIMAL_PDF } from '@brevdue/shared/testing';
import { freePort, startTestPlatform, uploadPdf, waitFor, waitForFinal, type TestPlatform } from '../support/platform.ts';

const USER = '01019010046'; // DIGIPOST in the simulator's default table
const NON_USER = '15058510170'; // IDENTIFIED: no Digipost account
const ADDRESS = { name: 'Ola Nordmann', lines: ['Prinsensveien 123'], postalCode: '0460', city: 'Oslo', country: 'NO' };
const RETURN_ADDRESS = { name: 'KK2 Inkasso AS', lines: ['Postboks 1234 Sentrum'], postalCode: '0104', city: 'Oslo', country: 'NO' };

async function startDigipostPlatform(
  certificatePath?: (dataDir: string) => string,
  extraConfig: Record<string, unknown> = {},
): Promise<{ p: TestPlatform; simUrl: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'brevdue-e2e-digipost-'));
  const port = await freePort();
  const p = await startTestPlatform({
    sandbox: false,
    extraPlugins: [
      {
        name: 'digipost',
        package: '@brevdue/plugin-digipost',
        config: {
          baseUrl: `http://127.0.0.1:${port}`,
          brokerId: '1000',
          certificatePath: certificatePath ? certificatePath(dataDir) : join(dataDir, 'simulators', 'digipost', 'client.p12'),
          ...extraConfig,
        },
        simulator: { port, settings: { eventDelayMs: 0 } },
      },
    ],
    routing: [{ recipientTypes: ['FNR', 'ORGNR'], channels: ['digital', 'print'], provider: 'digipost' }],
    config: {
      dataDir,
      defaultOrganisation: { slug: 'kk2', name: 'KK2 Inkasso AS', orgnr: '910000020', returnAddress: RETURN_ADDRESS },
    },
  });
  return { p, simUrl: `http://127.0.0.1:${port}` };
}

const simMessages = async (simUrl: string) =>
  (await (await fetch(`${simUrl}/messages`)).json()) as Array<{ messageId?: string; method: string; xml: string }>;

describe('Digipost through the platform', () => {
  let p: TestPlatform;
  let simUrl: string;
  let doc: string;
  beforeAll(async () => {
    ({ p, simUrl } = await startDigipostPlatform());
    doc = await uploadPdf(p, MINIMAL_PDF, 'inkassovarsel.pdf');
  });
  afterAll(async () => p?.close());

  const send = async (recipients: unknown[], extra: Record<string, unknown> = {}) => {
    const res = await p.api('/v1/shipments', {
      method: 'POST',
      body: JSON.stringify({
        subject: 'Inkassovarsel',
        mainDocument: doc,
        recipients,
        channelPolicy: 'digital-else-print',
        actions: [
          { code: 'BETALING', label: 'Betal kravet', amount: 1250.5, dueDate: '2026-12-15', account: '12345678903', kid: '1234567890128' },
        ],
        ...extra,
      }),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const created = (await res.json()) as { id: string };
    return waitForFinal(p, created.id);
  };
  const byId = (s: ShipmentView, id: string): LetterView =>
    s.letters.find(
      (l) => l.recipient.id.replace(/\D/g, '').startsWith(id.slice(0, 6)) && (l.recipient.id.length < 11 || l.recipient.id === id),
    )!;

  it('a Digipost user gets it digitally, a non-user with an address by print, a non-user without an address fails with the reason', async () => {
    const s = await send([
      { idType: 'FNR', id: USER },
      { idType: 'FNR', id: NON_USER, address: ADDRESS },
      { idType: 'FNR', id: '07070710093' },
    ]);
    const user = byId(s, USER);
    const printed = byId(s, NON_USER);
    const noAddress = byId(s, '07070710093');
    expect(user.status).toBe('delivered_digital');
    expect(printed.status).toBe('delivered_print');
    expect(noAddress.status).toBe('failed');
    expect(noAddress.reason).toMatch(/Ingen postadresse til print \/ no postal address for print/);

    // The stored wire message is the exact Digipost XML the simulator received, with the inkasso data type.
    const msg = Buffer.from(await (await p.api(`/v1/letters/${user.id}/message`)).arrayBuffer()).toString('utf8');
    const received = (await simMessages(simUrl)).find((m) => m.messageId === user.messageId)!;
    expect(msg).toBe(received.xml);
    expect(msg).toContain('<inkasso xmlns="http://api.digipost.no/schema/datatypes">');
    const receipt = Buffer.from(await (await p.api(`/v1/letters/${user.id}/receipt`)).arrayBuffer()).toString('utf8');
    expect(receipt).toContain('<message-delivery');
    expect((await simMessages(simUrl)).find((m) => m.messageId === printed.messageId)?.method).toBe('PRINT');
  });

  it('a retry of a letter Digipost already has is not sent twice', async () => {
    const s = await send([{ idType: 'FNR', id: USER }]);
    const letter = s.letters[0]!;
    // Present the same letter to the provider again, as a dispatch retry after a lost answer would.
    const provider = p.runtime.plugins.providers.get('digipost')!.provider;
    const again = await provider.send({
      letterId: letter.id,
      messageId: letter.messageId,
      shipmentId: s.id,
      channel: 'digital',
      subject: 'Inkassovarsel',
      recipient: { idType: 'FNR', id: USER },
      sender: { organisationId: 'x', name: 'KK2 Inkasso AS', returnAddress: RETURN_ADDRESS },
      mainDocument: {
        id: doc,
        filename: 'inkassovarsel.pdf',
        mediaType: 'application/pdf',
        bytes: MINIMAL_PDF.length,
        sha256: '',
        read: async () => MINIMAL_PDF,
        stream: () => {
          throw new Error('unused');
        },
      },
      attachments: [],
      actions: [],
      options: { replyAllowed: false },
      printFallback: true,
      createdAt: new Date(),
    });
    expect(again.duplicate).toBe(true);
    expect(again.status).toBe('delivered_digital');
    expect((await simMessages(simUrl)).filter((m) => m.messageId === letter.messageId)).toHaveLength(1);
  });

  it('polls document events into letter events (a digital letter opened)', async () => {
    const s = await send([{ idType: 'FNR', id: '12035610039' }]); // opens its letters in the simulator
    const letter = s.letters[0]!;
    expect(letter.status).toBe('delivered_digital');
    const events = await waitFor(async () => {
      const e = (await (await p.api(`/v1/letters/${letter.id}/events`)).json()) as { events: Array<{ type: string }> };
      return e.events.some((x) => x.type.includes('opened')) ? e.events : undefined;
    }, 'the OPENED event');
    expect(events.filter((x) => x.type.includes('opened'))).toHaveLength(1);
  });
});

describe('a wrong signing key', () => {
  let p: TestPlatform;
  let simUrl: string;
  beforeAll(async () => {
    ({ p, simUrl } = await startDigipostPlatform((dataDir) => {
      const path = join(dataDir, 'wrong.p12');
      writeFileSync(path, generateTestCertificate({ commonName: 'not uploaded', passphrase: '' }).pkcs12);
      return path;
    }));
  });
  afterAll(async () => p?.close());

  it('is refused by Digipost and the letter fails with a clear reason', async () => {
    const doc = await uploadPdf(p, MINIMAL_PDF);
    const res = await p.api('/v1/shipments', {
      method: 'POST',
      body: JSON.stringify({
        subject: 'Brev',
        mainDocument: doc,
        recipients: [{ idType: 'FNR', id: USER }],
        channelPolicy: 'digital-else-print',
      }),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const s = await waitForFinal(p, ((await res.json()) as { id: string }).id);
    expect(s.letters[0]!.status).toBe('failed');
    expect(s.letters[0]!.reason).toMatch(/Digipost avviste signaturen \/ Digipost refused the request signature/);
    expect(await simMessages(simUrl)).toHaveLength(0);
  });
});
