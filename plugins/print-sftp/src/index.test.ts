/**
 * The shared provider contract, run against the vendor simulator over real SFTP.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningSimulator } from '@brevdue/shared/sdk';
import { makeTestContext, testProvider } from '@brevdue/shared/testing';
import plugin, { type PrintSftpProvider, type PrintSftpSimulatorInfo } from './index.ts';

const address = { name: 'Ida Print', lines: ['Testvej 1'], postalCode: '8000', city: 'Aarhus C', country: 'DK' };

testProvider({
  definition: plugin,
  skip: { lookup: 'a print vendor has no register of digital post; the channel policy asks the digital provider' },
  async setup() {
    const dir = mkdtempSync(join(tmpdir(), 'print-sftp-contract-'));
    const profile = join(import.meta.dirname, '../../../examples/print-profiles/postbud-csv.json');
    const sim: RunningSimulator = await plugin.simulator!.start({
      port: 0,
      dataDir: join(dir, 'sim'),
      settings: { returnDelayMs: 20, profile },
    });
    const info = sim.info as unknown as PrintSftpSimulatorInfo;
    const config = plugin.configSchema.parse({ sftp: info.sftp, profile });
    const provider = (await plugin.create(
      config,
      makeTestContext({ name: 'print-sftp', dataDir: join(dir, 'plugin') }),
    )) as PrintSftpProvider;
    return {
      provider,
      registered: { idType: 'CPR', id: '0101904321', name: 'Jens Hansen', address: { ...address, name: 'Jens Hansen' } },
      notRegistered: { idType: 'CPR', id: '0101701111', name: 'Ida Print', address },
      letter: (base) => ({ ...base, channel: 'print', recipient: { ...base.recipient, address: base.recipient.address ?? address } }),
      async acceptedCount(messageId) {
        // A letter reaches the vendor with its batch: drop what waits, then ask the vendor.
        await provider.flush({ force: true });
        const res = await fetch(`${info.control}/letters?messageId=${messageId}`);
        const { letters } = (await res.json()) as { letters: Array<{ received: number }> };
        return letters.reduce((n, l) => n + l.received, 0);
      },
      async teardown() {
        await provider.close?.();
        await sim.close();
      },
    };
  },
});
