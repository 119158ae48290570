/**
 * The shared provider contract, run against a real simulator over HTTP.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTestContext, testProvider } from '@brevdue/shared/testing';
import sandbox from './index.ts';

testProvider({
  definition: sandbox,
  async setup() {
    const sim = await sandbox.simulator!.start({ port: 0, dataDir: mkdtempSync(join(tmpdir(), 'brevdue-sandbox-')) });
    const provider = await sandbox.create(sandbox.configSchema.parse({ url: sim.url }), makeTestContext({ name: 'sandbox' }));
    return {
      provider,
      registered: { idType: 'CPR', id: '0101904321', name: 'Jens Hansen' },
      notRegistered: { idType: 'CPR', id: '0101701111', name: 'Ida Print' },
      async acceptedCount(messageId) {
        const res = await fetch(`${sim.url}/messages?messageId=${messageId}`);
        const { messages } = (await res.json()) as { messages: Array<{ acceptCount: number }> };
        return messages.reduce((n, m) => n + m.acceptCount, 0);
      },
      async teardown() {
        await provider.close?.();
        await sim.close();
      },
    };
  },
});
