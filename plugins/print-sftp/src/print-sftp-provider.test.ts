/**
 * The provider against the vendor simulator over real SFTP: batches, return files, and the
 * faults of a real transfer (a connection cut mid-batch, a lost rename answer, a full disk).
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import ssh2 from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutgoingLetter, PolledLetter, RunningSimulator, StatusUpdate } from '@brevdue/shared/sdk';
import { MINIMAL_PDF, makeTestContext, makeTestLetter, memoryDocument } from '@brevdue/shared/testing';
import plugin, { type PrintSftpConfigInput, type PrintSftpProvider, type PrintSftpSimulatorInfo } from './index.ts';
import { letterRecord } from './letter-record.ts';
import { messagesFor } from './messages.ts';
import { connectSftp } from './sftp-connection.ts';
import type { VendorBatch, VendorLetter } from './simulator/vendor-inbox.ts';
import { buildBatchFiles, uploadBatch } from './upload-batch.ts';

const PROFILES = join(import.meta.dirname, '../../../examples/print-profiles');
const csvProfile = JSON.parse(readFileSync(join(PROFILES, 'postbud-csv.json'), 'utf8')) as Record<string, unknown>;

interface Vendor {
  sim: RunningSimulator;
  info: PrintSftpSimulatorInfo;
  dir: string;
  letters(): Promise<VendorLetter[]>;
  batches(): Promise<VendorBatch[]>;
  faults(f: object): Promise<void>;
}

async function startVendor(settings: Record<string, unknown>): Promise<Vendor> {
  const dir = mkdtempSync(join(tmpdir(), 'print-sftp-'));
  const sim = await plugin.simulator!.start({ port: 0, dataDir: join(dir, 'sim'), settings: { returnDelayMs: 30, ...settings } });
  const info = sim.info as unknown as PrintSftpSimulatorInfo;
  const get = async <T>(path: string) => (await (await fetch(`${info.control}${path}`)).json()) as T;
  return {
    sim,
    info,
    dir,
    letters: async () => (await get<{ letters: VendorLetter[] }>('/letters')).letters,
    batches: async () => (await get<{ batches: VendorBatch[] }>('/batches')).batches,
    faults: async (f) => void (await fetch(`${info.control}/faults`, { method: 'POST', body: JSON.stringify(f) })),
  };
}

async function provider(v: Vendor, over: Partial<PrintSftpConfigInput> = {}, batch: object = {}) {
  const ctx = makeTestContext({ name: 'print-sftp', dataDir: join(v.dir, `plugin-${randomUUID()}`) });
  const profile = over.profile ?? { ...csvProfile, batch: { ...(csvProfile.batch as object), ...batch } };
  const config = plugin.configSchema.parse({ sftp: v.info.sftp, ...over, profile });
  return { p: (await plugin.create(config, ctx)) as PrintSftpProvider, ctx };
}

const printLetter = (postalCode = '8000', o: Partial<OutgoingLetter> = {}): OutgoingLetter => {
  const base = makeTestLetter({
    channel: 'print',
    options: { replyAllowed: false, print: { letterClass: 'quick', colour: false, duplex: true } },
    ...o,
  });
  return {
    ...base,
    recipient: {
      idType: 'CPR',
      id: '0101904321',
      name: 'Jens Hansen',
      address: { name: 'Jens Hansen', lines: ['Testvej 1'], postalCode, city: 'Aarhus C', country: 'DK' },
    },
  };
};
const polled = (l: OutgoingLetter): PolledLetter => ({
  letterId: l.letterId,
  providerMessageId: l.messageId,
  channel: 'print',
  submittedAt: new Date(),
});

/** Polls until every letter has a final status (or 10 s pass); returns all updates seen. */
async function pollUntilFinal(p: PrintSftpProvider, letters: OutgoingLetter[]): Promise<StatusUpdate[]> {
  const all: StatusUpdate[] = [];
  for (let i = 0; i < 200; i++) {
    all.push(...(await p.poll!(letters.map(polled))));
    if (letters.every((l) => all.some((u) => u.letterId === l.letterId && (u.status === 'delivered_print' || u.status === 'failed'))))
      return all;
    await new Promise((r) => setTimeout(r, 50));
  }
  return all;
}

describe('print-sftp with a CSV-index vendor (one folder per batch)', () => {
  let v: Vendor;
  beforeAll(async () => {
    v = await startVendor({ profile: join(PROFILES, 'postbud-csv.json') });
  });
  afterAll(() => v.sim.close());

  it('drops a full batch at once; posted letters end delivered_print, returned mail failed with the reason', async () => {
    const { p, ctx } = await provider(v, {}, { maxLetters: 3 });
    const letters = [printLetter(), printLetter('2100'), printLetter('9999')];
    for (const l of letters) expect(await p.send(l)).toMatchObject({ status: 'submitted', duplicate: false, channel: 'print' });
    const batch = (await v.batches()).find((b) => letters.every((l) => b.letters.includes(l.messageId)));
    expect(batch).toMatchObject({ problems: [] });
    expect(ctx.reported.filter((u) => u.event === 'dropped')).toHaveLength(3);

    const updates = await pollUntilFinal(p, letters);
    const final = (l: OutgoingLetter) => updates.find((u) => u.letterId === l.letterId && u.status);
    expect(final(letters[0]!)).toMatchObject({ status: 'delivered_print', event: 'delivered', channel: 'print' });
    expect(final(letters[1]!)).toMatchObject({ status: 'delivered_print' });
    expect(final(letters[2]!)).toMatchObject({ status: 'failed', event: 'returned' });
    expect(final(letters[2]!)?.reason).toMatch(/^Brevet kom retur fra postvæsenet: Adressaten er ubekendt/);
    expect(final(letters[0]!)?.raw?.body.toString()).toMatch(new RegExp(`^${letters[0]!.messageId};AFLEVERET;`));
    // Events are reported once however often the letter is polled.
    const again = await p.poll!(letters.map(polled));
    expect(again.filter((u) => !u.status)).toEqual([]);
    expect(updates.filter((u) => u.letterId === letters[0]!.letterId && u.event === 'accepted')).toHaveLength(1);
    await p.close!();
  });

  it('keeps a letter in the spool until its batch is due, and a repeated send is a duplicate', async () => {
    const { p } = await provider(v, {}, { maxLetters: 100 });
    const l = printLetter();
    await p.send(l);
    expect(await p.send(l)).toMatchObject({ duplicate: true, status: 'submitted' });
    expect((await v.letters()).some((x) => x.messageId === l.messageId)).toBe(false);
    expect(await p.flush()).toBe(0);
    expect(await p.flush({ force: true })).toBe(1);
    expect((await v.letters()).filter((x) => x.messageId === l.messageId)).toMatchObject([{ received: 1 }]);
    await p.close!();
  });

  it('a connection killed mid-batch leaves no letter dropped twice or lost', async () => {
    const { p } = await provider(v, {}, { maxLetters: 4 });
    await v.faults({ dropConnectionAfterWrites: 3 });
    const letters = [printLetter(), printLetter(), printLetter(), printLetter()];
    for (const l of letters) await p.send(l); // the fourth fills the batch; its drop is cut off
    const ids = new Set(letters.map((l) => l.messageId));
    expect((await v.letters()).filter((x) => ids.has(x.messageId))).toEqual([]);
    expect(readdirSync(join(v.info.dataDir, 'sftp', 'in')).some((n) => n.endsWith('.part'))).toBe(true);

    expect(await p.flush()).toBe(4);
    const got = (await v.letters()).filter((x) => ids.has(x.messageId));
    expect(got.map((x) => x.received).sort()).toEqual([1, 1, 1, 1]);
    expect(readdirSync(join(v.info.dataDir, 'sftp', 'in')).some((n) => n.endsWith('.part'))).toBe(false);
    expect((await v.batches()).filter((b) => b.letters.some((id) => ids.has(id)))).toMatchObject([{ problems: [] }]);
    await p.close!();
  });

  it('recognises a batch already dropped when the rename answer was lost, and does not drop it again', async () => {
    const { p } = await provider(v);
    const l = printLetter();
    await p.send(l);
    await v.faults({ loseRenameAnswer: true });
    await expect(p.flush({ force: true })).rejects.toMatchObject({ kind: 'transient' });
    expect(await p.flush()).toBe(1);
    expect((await v.letters()).filter((x) => x.messageId === l.messageId)).toMatchObject([{ received: 1 }]);
    await p.close!();
  });

  it('a full disk at the vendor is transient: the batch goes once the disk has room', async () => {
    const { p } = await provider(v);
    const l = printLetter();
    await p.send(l);
    await v.faults({ diskFull: true });
    await expect(p.flush({ force: true })).rejects.toMatchObject({
      kind: 'transient',
      message: expect.stringMatching(/No space left on device/),
    });
    await v.faults({ diskFull: false });
    expect(await p.flush()).toBe(1);
    expect((await v.letters()).filter((x) => x.messageId === l.messageId)).toMatchObject([{ received: 1 }]);
    await p.close!();
  });

  it('refuses a server with another host key, a wrong password, and logs in with a pinned key pair', async () => {
    const wrongKey = await provider(v, { sftp: { ...v.info.sftp, hostKeySha256: `SHA256:${'A'.repeat(43)}` } });
    await wrongKey.p.send(printLetter());
    await expect(wrongKey.p.flush({ force: true })).rejects.toMatchObject({ kind: 'permanent', code: 'SFTP_HOST_KEY' });
    const wrongPassword = await provider(v, { sftp: { ...v.info.sftp, password: 'wrong' } });
    await wrongPassword.p.send(printLetter());
    await expect(wrongPassword.p.flush({ force: true })).rejects.toMatchObject({ kind: 'permanent', code: 'SFTP_AUTH' });
    await Promise.all([wrongKey.p.close!(), wrongPassword.p.close!()]);
  });

  it('refuses letters it cannot print, with a reason a person can act on', async () => {
    const { p } = await provider(v, { language: 'en' });
    const noAddress = { ...printLetter(), recipient: { idType: 'CPR' as const, id: '0101904321' } };
    await expect(p.send(noAddress)).rejects.toMatchObject({ kind: 'permanent', code: 'NO_ADDRESS' });
    await expect(p.send({ ...printLetter(), channel: 'digital' })).rejects.toMatchObject({ kind: 'permanent', code: 'NOT_PRINT' });
    const letterSize = await PDFDocument.create();
    letterSize.addPage([612, 792]);
    const doc = memoryDocument(Buffer.from(await letterSize.save()), 'us-letter.pdf');
    await expect(p.send(printLetter('8000', { mainDocument: doc }))).rejects.toMatchObject({
      kind: 'permanent',
      code: 'NOT_A4',
      message: 'Page 1 of "us-letter.pdf" is not A4 (210 × 297 mm); the print vendor takes A4 only. Save the letter as A4 and send again',
    });
    await p.close!();
  });
});

describe('print-sftp with an XML-index vendor (one ZIP per batch, index checked against its XSD)', () => {
  const keys = ssh2.utils.generateKeyPairSync('ed25519');
  let v: Vendor;
  let sftp: PrintSftpConfigInput['sftp'];
  const profile = join(PROFILES, 'nordprint-xml.json');
  beforeAll(async () => {
    v = await startVendor({ profile, authorizedKeys: [keys.public], password: null });
    const privateKeyFile = join(v.dir, 'client_ed25519');
    writeFileSync(privateKeyFile, keys.private, { mode: 0o600 });
    const { username, host, port, hostKeySha256, dropDir, returnDir } = v.info.sftp;
    sftp = { username, host, port, hostKeySha256, dropDir, returnDir, privateKeyFile };
  });
  afterAll(() => v.sim.close());

  it("logs in with a key, drops a valid ZIP batch and reads the vendor's return files", async () => {
    const { p } = await provider(v, { sftp, profile });
    const letters = [printLetter(), printLetter('9999')];
    for (const l of letters) await p.send(l);
    expect(await p.flush({ force: true })).toBe(2);
    const batch = (await v.batches()).find((b) => b.letters.includes(letters[0]!.messageId));
    expect(batch).toMatchObject({ problems: [] });
    expect(batch!.name).toMatch(/^NP_\d{8}_\d{6}_[0-9a-f-]{36}\.zip$/);
    const updates = await pollUntilFinal(p, letters);
    expect(updates.find((u) => u.letterId === letters[0]!.letterId && u.status)).toMatchObject({ status: 'delivered_print' });
    expect(updates.find((u) => u.letterId === letters[1]!.letterId && u.status)).toMatchObject({ status: 'failed', event: 'returned' });
    await p.close!();
  });

  it('the vendor refuses a letter whose file does not match the manifest, and the letter fails with its reason', async () => {
    const { p } = await provider(v, { sftp, profile });
    const config = plugin.configSchema.parse({ sftp, profile });
    const l = printLetter();
    const record = letterRecord(config.profile, l, { pages: 1, sha256: 'f'.repeat(64), bytes: 1 });
    const batch = {
      batchId: randomUUID(),
      name: `NP_TAMPERED_${randomUUID()}`,
      createdAt: new Date().toISOString(),
      letters: [{ record, spooledAt: '' }],
    };
    const files = await buildBatchFiles(config.profile, batch, async () => MINIMAL_PDF);
    files.files[0]!.body = Buffer.concat([MINIMAL_PDF, Buffer.from('% changed after the manifest was made')]);
    const client = await connectSftp(config.sftp, messagesFor('da'));
    await uploadBatch(client, '/in', config.profile, batch, files).finally(() => client.end());
    const [update] = (await pollUntilFinal(p, [l])).filter((u) => u.status);
    expect(update).toMatchObject({ status: 'failed', event: 'print_failed' });
    expect(update?.reason).toMatch(/^Printleverandøren afviste brevet: .*SHA-256 differs/);
    await p.close!();
  });
});

describe('examples/print-sftp.config.json', () => {
  it("pins the host key of the simulator it starts (a seeded key), and prints a not-registered citizen's letter through it", async () => {
    const root = join(import.meta.dirname, '../../..');
    const example = JSON.parse(readFileSync(join(root, 'examples/print-sftp.config.json'), 'utf8')) as {
      plugins: Array<{
        package: string;
        config: PrintSftpConfigInput & { profile: string };
        simulator: { settings: Record<string, unknown> & { profile: string } };
      }>;
    };
    const entry = example.plugins.find((p) => p.package === '@brevdue/plugin-print-sftp')!;
    const v = await startVendor({ ...entry.simulator.settings, profile: join(root, entry.simulator.settings.profile), returnDelayMs: 30 });
    try {
      expect(v.info.sftp.hostKeySha256).toBe(entry.config.sftp.hostKeySha256);
      const { p } = await provider(v, {
        ...entry.config,
        sftp: { ...entry.config.sftp, port: v.info.sftp.port },
        profile: join(root, entry.config.profile),
      });
      const l = printLetter();
      await p.send(l);
      expect(await p.flush({ force: true })).toBe(1);
      expect((await pollUntilFinal(p, [l])).filter((u) => u.status)).toMatchObject([{ status: 'delivered_print' }]);
      await p.close!();
    } finally {
      await v.sim.close();
    }
  });
});
