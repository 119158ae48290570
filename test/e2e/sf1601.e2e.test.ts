/**
 * End to end through the platform API with the SF1601 provider (Danish Digital Post) against its
 * simulator (issue 4): Digital Post, print for a CPR that is not registered (`Fysisk Post`), the
 * `Automatisk Valg` fallback when a citizen unregisters after the lookup, NemSMS, inputs the
 * platform accepts but MeMo/ForsendelseI limits refuse (failed with a readable reason, nothing
 * sent), a retry that is not sent twice, a status for every letter, and the stored message
 * byte-identical to what the simulator received.
 */
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptedMessages, simulatorRequest, type AcceptedMessage } from '@brevdue/plugin-digitalpost-sf1601';
import type { ShipmentPreview, ShipmentView } from '@brevdue/shared/api';
import { MINIMAL_PDF } from '@brevdue/shared/fixtures';
import type { OutgoingLetter } from '@brevdue/shared/sdk';
import { freePort, startTestPlatform, uploadPdf, waitForFinal, type TestPlatform } from '../support/platform.ts';

const NAME = 'digitalpost-sf1601';
// The simulator's test table (plugins/digitalpost-sf1601/README.md).
const REGISTERED = '0101904321'; // Digital Post and NemSMS
const REGISTERED_NO_SMS = '0202904318'; // Digital Post, no NemSMS: unregistered during a test below
const NOT_REGISTERED = '0303904313';
const ADDRESS = { name: 'Ane Jensen', lines: ['Testvej 12, 2. tv'], postalCode: '8000', city: 'Aarhus C', country: 'DK' };
const RETURN_ADDRESS = { name: 'Testkommune', lines: ['Rådhuspladsen 2'], postalCode: '8000', city: 'Aarhus C', country: 'DK' };
const FINAL = ['delivered_digital', 'delivered_print', 'delivered_sms', 'failed', 'cancelled'];

describe('SF1601 through the platform', () => {
  let p: TestPlatform;
  let sim: { url: string; caFile: string };
  let doc: string;
  const shipments: ShipmentView[] = [];

  beforeAll(async () => {
    // A fixed port: the plugin config needs the simulator's URL before the simulator exists.
    const port = await freePort();
    const url = `https://127.0.0.1:${port}`;
    p = await startTestPlatform({
      sandbox: false,
      extraPlugins: (dataDir) => {
        // The platform starts the simulator (writing its test PKI here) before it creates the plugin.
        const simDir = join(dataDir, 'simulators', NAME);
        return [
          {
            name: NAME,
            package: '@brevdue/plugin-digitalpost-sf1601',
            config: {
              cvr: '29189846',
              contactPointId: 'd7b5a7d4-7f0e-4b7c-9c1e-0a0b0c0d0e0f',
              endpoints: { serviceplatformen: url, sts: url, caFile: join(simDir, 'test-ca.pem') },
              certificate: { path: join(simDir, 'client.p12'), passphraseFile: join(simDir, 'client.p12.passphrase') },
              lookupCacheSeconds: 300,
            },
            simulator: { port, settings: { statusDelayMs: 0 } },
          },
        ];
      },
      routing: [{ recipientTypes: ['CPR', 'CVR'], channels: ['digital', 'print', 'sms'], provider: NAME }],
      config: {
        defaultOrganisation: {
          slug: 'testkommune',
          name: 'Testkommune',
          cvr: '29189846',
          contactPoint: 'Borgerservice',
          returnAddress: RETURN_ADDRESS,
        },
      },
    });
    const running = p.runtime.plugins.simulators.get(NAME) as unknown as { url: string; info: { caFile: string } };
    expect(running.url).toBe(url);
    sim = { url, caFile: running.info.caFile };
    doc = await uploadPdf(p, MINIMAL_PDF, 'indkaldelse.pdf');
  });
  afterAll(async () => p?.close());

  const received = (uuid?: string): Promise<AcceptedMessage[]> => acceptedMessages(sim, uuid);

  async function create(body: Record<string, unknown>, idempotencyKey?: string): Promise<{ id: string }> {
    const res = await p.api('/v1/shipments', {
      method: 'POST',
      body: JSON.stringify({
        subject: 'Indkaldelse til møde',
        channelPolicy: 'digital-else-print',
        ...(body.channelPolicy === 'sms' ? {} : { mainDocument: doc }),
        ...body,
      }),
      ...(idempotencyKey ? { headers: { 'idempotency-key': idempotencyKey } } : {}),
    });
    expect(res.status, await res.clone().text()).toBeLessThan(300);
    return (await res.json()) as { id: string };
  }
  async function send(body: Record<string, unknown>): Promise<ShipmentView> {
    const s = await waitForFinal(p, (await create(body)).id);
    shipments.push(s);
    return s;
  }

  it('Digital Post: delivered digitally, and the stored message is byte for byte what the simulator received', async () => {
    const s = await send({
      recipients: [{ idType: 'CPR', id: REGISTERED, name: 'Jens Hansen' }],
      options: { notification: 'Du er indkaldt til møde', replyAllowed: false },
    });
    const letter = s.letters[0]!;
    expect(letter.status).toBe('delivered_digital');
    const [m] = await received(letter.messageId);
    expect(m).toMatchObject({ kombiValgKode: 'Digital Post', messageType: 'DIGITALPOST', channel: 'Digital Post' });
    const stored = Buffer.from(await (await p.api(`/v1/letters/${letter.id}/message`)).arrayBuffer());
    expect(stored.equals(Buffer.from(m!.xml, 'utf8'))).toBe(true);
    expect(stored.toString('utf8')).toContain(`<memo:messageUUID>${letter.messageId}</memo:messageUUID>`);
    expect(stored.toString('utf8')).toContain('<memo:notification>Du er indkaldt til møde</memo:notification>');
    expect(stored.toString('utf8')).toContain(MINIMAL_PDF.toString('base64'));
    const receipt = Buffer.from(await (await p.api(`/v1/letters/${letter.id}/receipt`)).arrayBuffer()).toString('utf8');
    expect(receipt).toContain('MODTAGET');
  });

  it('a CPR not registered for Digital Post gets the letter by print (Fysisk Post with a ForsendelseI job)', async () => {
    const s = await send({
      recipients: [{ idType: 'CPR', id: NOT_REGISTERED, name: 'Ane Jensen', address: ADDRESS }],
      options: { replyAllowed: false, print: { letterClass: 'quick', colour: false, duplex: true } },
    });
    const letter = s.letters[0]!;
    expect(letter.status).toBe('delivered_print');
    const [m] = await received(letter.messageId);
    expect(m).toMatchObject({ kombiValgKode: 'Fysisk Post', channel: 'Fysisk Post' });
    expect(m!.xml).toContain('<fjernprint:PostKategoriKode>Prioritaire</fjernprint:PostKategoriKode>');
    expect(m!.xml).toContain('Testvej 12, 2. tv');
  });

  it('Automatisk Valg: a citizen registered at lookup time who unregisters before the send gets the letter printed', async () => {
    const recipient = { idType: 'CPR', id: REGISTERED_NO_SMS, name: 'Ane Jensen', address: ADDRESS };
    // The preview's lookup says Digital Post and is cached by the plugin, as it would be in production.
    const preview = (await (
      await p.api('/v1/shipments/preview', {
        method: 'POST',
        body: JSON.stringify({ subject: 'Brev', mainDocument: doc, recipients: [recipient] }),
      })
    ).json()) as ShipmentPreview;
    expect(preview.recipients.map((r) => [r.registration, r.channel, r.provider])).toEqual([['digital', 'digital', NAME]]);
    const put = await simulatorRequest(sim, `/_simulator/registrations/${REGISTERED_NO_SMS}`, {
      method: 'PUT',
      body: JSON.stringify({ digitalpost: 'not_registered', nemsms: false }),
    });
    expect(put.status).toBe(200);
    const s = await send({ recipients: [recipient] });
    const letter = s.letters[0]!;
    const [m] = await received(letter.messageId);
    // The platform still planned Digital Post with print fallback; NgDP chose print.
    expect(m).toMatchObject({ kombiValgKode: 'Automatisk Valg', channel: 'Fysisk Post' });
    expect(m!.xml).toContain('<fjernprint:ForsendelseI');
    expect(letter.status).toBe('delivered_print');
  });

  it('NemSMS: channelPolicy "sms" sends a NEMSMS message with the text as notification', async () => {
    const s = await send({
      channelPolicy: 'sms',
      smsText: 'Husk mødet på rådhuset i morgen kl. 10.',
      recipients: [{ idType: 'CPR', id: REGISTERED }],
    });
    const letter = s.letters[0]!;
    expect(letter.status).toBe('delivered_sms');
    const [m] = await received(letter.messageId);
    expect(m).toMatchObject({ kombiValgKode: 'NemSMS', messageType: 'NEMSMS', channel: 'NemSMS' });
    expect(m!.xml).toContain('<memo:notification>Husk mødet på rådhuset i morgen kl. 10.</memo:notification>');
    expect(m!.xml).not.toContain('<memo:MessageBody>');
  });

  it('input the platform accepts but MeMo and ForsendelseI refuse fails the letter with a readable reason and sends nothing', async () => {
    // The platform takes any smsText; it becomes the MeMo notification (memoNotificationType: at most 150).
    const sms = await send({
      channelPolicy: 'sms',
      smsText: 'Påmindelse: '.padEnd(160, 'x'),
      recipients: [{ idType: 'CPR', id: REGISTERED }],
    });
    // The platform takes address lines of 100 characters; ForsendelseI's address lines hold 34.
    const longLine = { ...ADDRESS, lines: ['Den Lange Gade Med Det Meget Lange Navn 123'] };
    const print = await send({ recipients: [{ idType: 'CPR', id: NOT_REGISTERED, name: 'Ane Jensen', address: longLine }] });
    expect(sms.letters[0]).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/SMS-teksten er for lang \(160 tegn, højst 150 i NemSMS\) \/ the SMS text is too long/),
    });
    expect(print.letters[0]).toMatchObject({ status: 'failed', reason: expect.stringMatching(/line 1 er for lang \(43 tegn, højst 34\)/) });
    expect(await received(sms.letters[0]!.messageId)).toHaveLength(0);
    expect(await received(print.letters[0]!.messageId)).toHaveLength(0);
  });

  it('a retried request and a retried send are not sent twice', async () => {
    // The same POST twice with one Idempotency-Key is one shipment.
    const body = { recipients: [{ idType: 'CPR', id: REGISTERED }] };
    const first = await create(body, 'sf1601-e2e-retry');
    const second = await create(body, 'sf1601-e2e-retry');
    expect(second.id).toBe(first.id);
    const s = await waitForFinal(p, first.id);
    shipments.push(s);
    const letter = s.letters[0]!;
    expect(letter.status).toBe('delivered_digital');

    // A dispatch retry after a lost answer presents the same letter again: SF1601 answers DUBLET.
    const provider = p.runtime.plugins.providers.get(NAME)!.provider;
    const again: OutgoingLetter = {
      letterId: letter.id,
      messageId: letter.messageId,
      shipmentId: s.id,
      channel: 'digital',
      subject: 'Indkaldelse til møde',
      recipient: { idType: 'CPR', id: REGISTERED },
      sender: { organisationId: 'x', name: 'Testkommune', cvr: '29189846' },
      mainDocument: {
        id: doc,
        filename: 'indkaldelse.pdf',
        mediaType: 'application/pdf',
        bytes: MINIMAL_PDF.length,
        sha256: '',
        read: async () => MINIMAL_PDF,
        stream: () => Readable.from([MINIMAL_PDF]),
      },
      attachments: [],
      actions: [],
      options: { replyAllowed: false },
      printFallback: false,
      createdAt: new Date(),
    };
    const r = await provider.send(again);
    expect(r.duplicate).toBe(true);
    expect(r.receipt.body.toString('utf8')).toContain('DUBLET');
    expect(await received(letter.messageId)).toHaveLength(1);
  });

  it('every letter sent in this file has a final status and a status event', async () => {
    const letters = shipments.flatMap((s) => s.letters);
    expect(letters.length).toBeGreaterThanOrEqual(7);
    for (const l of letters) {
      expect(FINAL).toContain(l.status);
      const events = (await (await p.api(`/v1/letters/${l.id}/events`)).json()) as { events: Array<{ type: string }> };
      expect(events.events.length, `events of letter ${l.id}`).toBeGreaterThan(0);
    }
    // Every accepted message belongs to one of the letters, once.
    const ids = new Set(letters.map((l) => l.messageId));
    const all = await received();
    expect(all.every((m) => ids.has(m.messageUUID))).toBe(true);
    expect(new Set(all.map((m) => m.messageUUID)).size).toBe(all.length);
  });
});
