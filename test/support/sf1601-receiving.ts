/**
 * @module
 * The SF1601 plugin as a test platform runs it to receive post: its simulator on a fixed port
 * (the plugin's config and the simulator's settings name each other's URLs), the plugin's own
 * SF1606 listener with the simulator's test PKI, and the platform's PostModtag URL the simulator
 * delivers to.
 */
import { join } from 'node:path';
import type { ConfigInput } from '@brevdue/platform';
import { freePort } from './platform.ts';

type PluginEntry = NonNullable<ConfigInput['plugins']>[number];

export interface Sf1601Receiving {
  /** Where the simulator delivers inbound post (the plugin's PostModtag endpoint). */
  inboundUrl: string;
  /** The plugin entry, for `extraPlugins` (the platform's data dir decides where the test PKI is). */
  entry(dataDir: string): PluginEntry;
}

export async function sf1601Receiving(name: string, cvr: string): Promise<Sf1601Receiving> {
  const [simPort, inboundPort] = [await freePort(), await freePort()];
  const url = `https://127.0.0.1:${simPort}`;
  const inboundUrl = `https://127.0.0.1:${inboundPort}/v1/plugins/${name}/sf1606/PostModtag`;
  return {
    inboundUrl,
    entry(dataDir) {
      // The platform starts the simulator (writing its test PKI here) before it creates the plugin.
      const simDir = join(dataDir, 'simulators', name);
      return {
        name,
        package: '@brevdue/plugin-digitalpost-sf1601',
        config: {
          cvr,
          endpoints: { serviceplatformen: url, sts: url, caFile: join(simDir, 'test-ca.pem') },
          certificate: { path: join(simDir, 'client.p12'), passphraseFile: join(simDir, 'client.p12.passphrase') },
          inbound: {
            caFile: join(simDir, 'test-ca.pem'),
            listener: {
              port: inboundPort,
              host: '127.0.0.1',
              keyFile: join(simDir, 'server.key.pem'),
              certFile: join(simDir, 'server.cert.pem'),
            },
          },
        },
        simulator: { port: simPort, settings: { statusDelayMs: 0, inboundUrl } },
      };
    },
  };
}
