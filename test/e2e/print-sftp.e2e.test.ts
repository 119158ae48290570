/**
 * Remote print through a print vendor over SFTP (issue 19), through the platform's HTTP API on a
 * config shaped like `examples/print-sftp.config.json`: the sandbox for digital post, print-sftp
 * for print, and the vendor simulator (a real SFTP server with the example's pinned host key)
 * started by the platform. A not-registered citizen's letter goes to the vendor and ends
 * `delivered_print` from the vendor's return files (the platform's status poller calls `poll`);
 * returned mail ends `failed` with the vendor's reason; a connection cut mid-batch leaves every
 * letter in exactly one drop; the address-window preflight refuses or adds a cover page, per the
 * vendor profile's `preflight`.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrintSftpSimulatorInfo } from '@brevdue/plugin-print-sftp';
import type { LetterEventView, LetterView, ShipmentView } from '@brevdue/shared/api';
import { MINIMAL_PDF } from '@brevdue/shared/testing';
import { freePort, startTestPlatform, uploadPdf, waitForFinal, type TestPlatform } from '../support/platform.ts';

// Every drop and every poll is an SSH login; on a loaded machine a letter's round trip takes a while.
const WAIT_MS = 100_000;
const ROOT = join(import.meta.dirname, '../..');
const NAME = 'print-sftp';
const COVER = 'print-sftp-cover';

interface PluginEntry {
  name: string;
  package: string;
  config: Record<string, unknown> & { sftp: Record<string, unknown> };
  simulator: { port: number; settings: Record<string, unknown> & { profile: string } };
}
const example = JSON.parse(readFileSync(join(ROOT, 'examples/print-sftp.config.json'), 'utf8')) as { plugins: PluginEntry[] };
const entry = example.plugins.find((e) => e.name === NAME)!;
const postbud = JSON.parse(readFileSync(join(ROOT, 'examples/print-profiles/postbud-csv.json'), 'utf8')) as Record<string, unknown> & {
  batch: Record<string, unknown>;
};
// The example's profile (preflight "refuse"), but a batch is due as soon as a letter waits, so the
// test need not wait for the 13:30 drop time or an hour.
const profile = { ...postbud, batch: { ...postbud.batch, maxWaitMinutes: 0, dropTimes: [] } };

// The sandbox's test register (plugins/sandbox/README.md): these are not registered for digital post.
const IDA = { idType: 'CPR', id: '0101701111' }; // not_registered
const POUL = { idType: 'CPR', id: '0202702222' }; // not_registered
const ERIK = { idType: 'CPR', id: '0303703333' }; // exempt
const address = (name: string, postalCode = '8000', city = 'Aarhus C') => ({
  name,
  lines: ['Testvej 12, 2. th.'],
  postalCode,
  city,
  country: 'DK',
});
type Address = ReturnType<typeof address>;

const MM = 72 / 25.4;
/** An A4 letter (two pages unless told) with the recipient's address at 20/48 mm, inside the C5 and C4 windows. */
async function windowLetter(a: Address, pages = 2): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595.28, 841.89]);
  [a.name, ...a.lines, `${a.postalCode} ${a.city}`].forEach((l, i) =>
    page.drawText(l, { x: 20 * MM, y: 841.89 - 48 * MM - 10 * (1.2 * i + 1), size: 10, font }),
  );
  page.drawText(`Kære ${a.name}`, { x: 20 * MM, y: 841.89 - 110 * MM, size: 10, font });
  for (let n = 2; n <= pages; n++) doc.addPage([595.28, 841.89]).drawText(`Side ${n}`, { x: 72, y: 700, size: 10, font });
  return Buffer.from(await doc.save());
}

describe('print through a print vendor over SFTP', { timeout: WAIT_MS + 20_000 }, () => {
  let p: TestPlatform;
  let vendor: PrintSftpSimulatorInfo;
  /** The drop folder as the simulator keeps it: `<dataDir>/simulators/print-sftp/sftp/in`. */
  let dropDir: string;

  beforeAll(async () => {
    // A fixed port: the plugin's config names the server before the platform starts it.
    const port = await freePort();
    const sftp = { ...entry.config.sftp, port };
    p = await startTestPlatform({
      extraPlugins: [
        {
          name: NAME,
          package: entry.package,
          config: { ...entry.config, sftp, profile, checkIntervalSeconds: 1 },
          simulator: {
            port,
            settings: { ...entry.simulator.settings, profile: join(ROOT, entry.simulator.settings.profile), returnDelayMs: 100 },
          },
        },
        // The same vendor with the profile's other preflight: an address cover page instead of a refusal.
        { name: COVER, package: entry.package, config: { ...entry.config, sftp, profile: { ...profile, preflight: 'cover-page' } } },
      ],
      routing: [
        { recipientTypes: ['CPR', 'CVR', 'FNR', 'ORGNR'], channels: ['digital', 'sms'], provider: 'sandbox' },
        { recipientTypes: ['CPR', 'FNR'], channels: ['print'], provider: NAME },
        { recipientTypes: ['CVR', 'ORGNR'], channels: ['print'], provider: COVER },
      ],
    });
    vendor = p.runtime.plugins.simulators.get(NAME)!.info as unknown as PrintSftpSimulatorInfo;
    dropDir = join(p.dataDir, 'simulators', NAME, 'sftp', 'in');
  });
  afterAll(async () => p?.close());

  async function send(body: Record<string, unknown>): Promise<ShipmentView> {
    const res = await p.api('/v1/shipments', {
      method: 'POST',
      body: JSON.stringify({ subject: 'Indkaldelse', channelPolicy: 'digital-else-print', ...body }),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    return waitForFinal(p, ((await res.json()) as { id: string }).id, WAIT_MS);
  }
  const events = async (l: LetterView) =>
    ((await (await p.api(`/v1/letters/${l.id}/events`)).json()) as { events: LetterEventView[] }).events.map((e) => e.type);
  const vendorLetters = async () =>
    ((await (await fetch(`${vendor.control}/letters`)).json()) as { letters: Array<{ messageId: string; received: number }> }).letters;

  /** Every complete batch in the drop folder, with the message ids its index and its PDFs carry. */
  function drops(): Array<{ name: string; indexed: string[]; files: string[]; envelopes: string[] }> {
    return readdirSync(dropDir)
      .filter((n) => !n.endsWith('.part') && statSync(join(dropDir, n)).isDirectory())
      .map((name) => {
        const rows = readFileSync(join(dropDir, name, 'index.csv'), 'utf8')
          .trim()
          .split(/\r?\n/);
        const header = rows[0]!.split(';');
        const column = (c: string) => rows.slice(1).map((r) => r.split(';')[header.indexOf(c)]!);
        return {
          name,
          indexed: column('BrevId'),
          envelopes: column('Kuvert'),
          files: readdirSync(join(dropDir, name))
            .filter((f) => f.endsWith('.pdf'))
            .map((f) => f.slice(0, -'.pdf'.length)),
        };
      });
  }
  const dropsOf = (messageId: string) => drops().filter((d) => d.indexed.includes(messageId) || d.files.includes(messageId));

  it("prints a not-registered citizen's letter at the vendor: dropped, accepted, printed, posted → delivered_print", async () => {
    const ida = address('Ida Print');
    const original = await windowLetter(ida);
    const s = await send({ recipients: [{ ...IDA, address: ida, document: await uploadPdf(p, original, 'indkaldelse.pdf') }] });
    const letter = s.letters[0]!;
    expect(letter).toMatchObject({ status: 'delivered_print', channel: 'print', provider: NAME, registration: 'not_registered' });
    // The letter fits the window, so the vendor got it unchanged, in one batch, named by its message id.
    const [batch, ...more] = dropsOf(letter.messageId);
    expect(more).toEqual([]);
    expect(readFileSync(join(dropDir, batch!.name, `${letter.messageId}.pdf`)).equals(original)).toBe(true);
    const index = readFileSync(join(dropDir, batch!.name, 'index.csv'), 'utf8');
    expect(index).toMatch(new RegExp(`^${letter.messageId};${letter.messageId}\\.pdf;[0-9a-f]{64};Ida Print;Testvej 12, 2\\. th\\.;`, 'm'));
    expect(await events(letter)).toEqual(expect.arrayContaining(['dropped', 'accepted', 'printed', 'delivered']));
  });

  it("a letter the vendor's postal service returns ends failed with the vendor's reason", async () => {
    const nowhere = address('Poul Papir', '9999', 'Ingenby'); // the simulator returns mail to 9999
    const doc = await uploadPdf(p, await windowLetter(nowhere), 'indkaldelse.pdf');
    const letter = (await send({ recipients: [{ ...POUL, address: nowhere, document: doc }] })).letters[0]!;
    expect(letter).toMatchObject({ status: 'failed', channel: 'print', provider: NAME });
    expect(letter.reason).toMatch(/^Brevet kom retur fra postvæsenet: Adressaten er ubekendt på adressen\. Kontrollér adressen/);
    expect(await events(letter)).toEqual(expect.arrayContaining(['dropped', 'accepted', 'returned']));
    expect(await events(letter)).not.toContain('delivered');
  });

  it('checks a thick letter against the C4 window it goes in, a thin one against C5', async () => {
    // The name line ends at 118 mm: inside C5's window (15–120 mm) but past C4's (15–115 mm).
    const wide = async (a: Address, pages: number) => {
      const doc = await PDFDocument.create();
      const font = await doc.embedFont(StandardFonts.Helvetica);
      const page = doc.addPage([595.28, 841.89]);
      const size = (98 * MM) / font.widthOfTextAtSize(a.name, 1);
      page.drawText(a.name, { x: 20 * MM, y: 841.89 - 54 * MM, size, font });
      page.drawText(a.lines[0]!, { x: 20 * MM, y: 841.89 - 60 * MM, size: 10, font });
      page.drawText(`${a.postalCode} ${a.city}`, { x: 20 * MM, y: 841.89 - 65 * MM, size: 10, font });
      for (let n = 2; n <= pages; n++) doc.addPage([595.28, 841.89]).drawText(`Side ${n}`, { x: 72, y: 700, size: 10, font });
      return uploadPdf(p, Buffer.from(await doc.save()), 'brev.pdf');
    };
    const thin = address('Margrethe Sørensen-Kristiansen');
    const thick = address('Karoline Abildgaard-Vestergaard');
    const s = await send({
      channelPolicy: 'print-only',
      recipients: [
        { ...IDA, address: thin, document: await wide(thin, 2) }, // 2 sheets: C5
        { ...POUL, address: thick, document: await wide(thick, 8) }, // simplex 8 sheets, past c5MaxSheets (5): C4
      ],
    });
    const to = (who: { id: string }) => s.letters.find((l) => l.recipient.id.startsWith(who.id.slice(0, 6)))!;
    expect(to(IDA)).toMatchObject({ status: 'delivered_print', provider: NAME });
    const refused = to(POUL);
    expect(refused).toMatchObject({ status: 'failed', channel: 'print' });
    expect(refused.reason).toContain(thick.name);
    expect(dropsOf(refused.messageId)).toEqual([]);
  });

  it('a connection cut mid-batch: after the retry every letter is in exactly one drop, none twice, none lost', async () => {
    // The vendor's server cuts the connection on the second file write of the next batch (a batch
    // is at least a PDF, the index and the manifest); the plugin retries on its next check.
    const set = await fetch(`${vendor.control}/faults`, { method: 'POST', body: JSON.stringify({ dropConnectionAfterWrites: 1 }) });
    expect(set.status).toBe(200);
    const recipients = await Promise.all(
      (
        [
          [IDA, 'Ida Print', 2],
          [POUL, 'Poul Papir', 2],
          [ERIK, 'Erik Fritaget', 8], // simplex: 8 sheets, more than the profile's c5MaxSheets (5), so a C4 envelope
        ] as const
      ).map(async ([who, name, pages]) => {
        const a = address(name);
        return { ...who, address: a, document: await uploadPdf(p, await windowLetter(a, pages), 'brev.pdf') };
      }),
    );
    const s = await send({ recipients, options: { print: { letterClass: 'quick', colour: false, duplex: false } } });
    expect(s.letters.map((l) => l.status)).toEqual(['delivered_print', 'delivered_print', 'delivered_print']);
    // The fault fired (it clears itself once used) and the plugin said it would retry.
    const faults = (await (await fetch(`${vendor.control}/faults`, { method: 'POST', body: '{}' })).json()) as { faults: object };
    expect(faults.faults).not.toHaveProperty('dropConnectionAfterWrites');
    expect(p.logs.some((l) => l.includes('print batch not dropped yet; will retry'))).toBe(true);
    // What the simulator kept: each letter's PDF and index row in exactly one complete batch, no half-written batch left.
    expect(readdirSync(dropDir).filter((n) => n.endsWith('.part'))).toEqual([]);
    for (const l of s.letters) {
      const found = dropsOf(l.messageId);
      expect(found, l.messageId).toHaveLength(1);
      expect(found[0]!.indexed.filter((id) => id === l.messageId)).toHaveLength(1);
      expect(found[0]!.files.filter((id) => id === l.messageId)).toHaveLength(1);
    }
    const envelope = (l: LetterView) => {
      const d = dropsOf(l.messageId)[0]!;
      return d.envelopes[d.indexed.indexOf(l.messageId)];
    };
    // Erik's (CPR masked 030370-XXXX) is the thick one.
    for (const l of s.letters) expect(envelope(l), l.recipient.id).toBe(l.recipient.id.startsWith('030370') ? 'C4' : 'C5');
    const received = (await vendorLetters()).filter((v) => s.letters.some((l) => l.messageId === v.messageId));
    expect(received.map((v) => v.received)).toEqual([1, 1, 1]);
  });

  it('refuses a letter without the address in the window, with a reason, when the profile says "refuse"', async () => {
    const erik = address('Erik Fritaget');
    const doc = await uploadPdf(p, MINIMAL_PDF, 'uden-adresse.pdf');
    const letter = (await send({ recipients: [{ ...ERIK, address: erik, document: doc }] })).letters[0]!;
    // Failed as the printed letter the channel policy made it (exempt from digital post).
    expect(letter).toMatchObject({ status: 'failed', channel: 'print', provider: NAME, registration: 'exempt' });
    expect(letter.reason).toMatch(/står ikke i rudefeltet på side 1/);
    // Nothing of it reached the vendor.
    expect(dropsOf(letter.messageId)).toEqual([]);
    expect((await vendorLetters()).some((v) => v.messageId === letter.messageId)).toBe(false);
    expect(existsSync(join(p.dataDir, 'plugins', NAME, 'print-spool', `${letter.messageId}.pdf`))).toBe(false);
  });

  it('a not-registered citizen without a postal address fails as a printed letter, with the reason', async () => {
    const doc = await uploadPdf(p, MINIMAL_PDF, 'brev.pdf');
    const letter = (await send({ recipients: [{ ...IDA, document: doc }] })).letters[0]!;
    expect(letter).toMatchObject({ status: 'failed', channel: 'print', provider: NAME });
    expect(letter.reason).toMatch(/ingen postadresse til print/);
  });

  it('puts an address cover page in front when the profile says "cover-page", and the vendor prints it', async () => {
    const firma = { ...address('Firma A/S'), lines: ['Industrivej 3'] };
    const doc = await uploadPdf(p, MINIMAL_PDF, 'uden-adresse.pdf');
    const s = await send({
      channelPolicy: 'print-only',
      options: { print: { letterClass: 'regular', colour: false, duplex: true } },
      recipients: [{ idType: 'CVR', id: '29189846', address: firma, document: doc }],
    });
    const letter = s.letters[0]!;
    expect(letter).toMatchObject({ status: 'delivered_print', channel: 'print', provider: COVER });
    const [batch, ...more] = dropsOf(letter.messageId);
    expect(more).toEqual([]);
    // Duplex: the cover page and its blank back, then the letter, which still starts on a front.
    const printed = await PDFDocument.load(readFileSync(join(dropDir, batch!.name, `${letter.messageId}.pdf`)));
    expect(printed.getPageCount()).toBe((await PDFDocument.load(MINIMAL_PDF)).getPageCount() + 2);
    expect(readFileSync(join(dropDir, batch!.name, 'index.csv'), 'utf8')).toMatch(
      new RegExp(`^${letter.messageId};.*;Firma A/S;Industrivej 3;.*;Brev;duplex;sh;C5;3;2\\r?$`, 'm'),
    );
    expect(p.logs.some((l) => l.includes('address cover page added for print'))).toBe(true);
  });
});
