/**
 * @module
 * The SF1601 simulator: `simulator.start({ port, dataDir, settings })` serves Serviceplatformen's
 * STS, KombiPostAfsend, status and PostForespoerg over HTTPS on loopback with a generated test CA.
 * `info` gives what a plugin config needs (client .p12, its passphrase file, the CA, the URLs).
 */
import { join } from 'node:path';
import type { RunningSimulator, Simulator, SimulatorOptions } from '@brevdue/shared/sdk';
import { startSf1601Server } from './sf1601-server.ts';
import { simulatorSettingsSchema } from './simulator-settings.ts';
import { ensureTestPki } from './test-pki.ts';

export type { AcceptedMessage } from './sf1601-server.ts';
export { DEFAULT_REGISTRATIONS } from './simulator-settings.ts';

/** Facts a config (or a test) needs to talk to a running simulator. */
export interface Sf1601SimulatorInfo {
  serviceplatformen: string;
  sts: string;
  caFile: string;
  clientCertificate: string;
  passphraseFile: string;
  passphrase: string;
  /** A certificate from another CA, for tests of refused clients. */
  foreignClientCertificate: string;
  /** The Postkomponent's client certificate (PEM) the simulator presents when delivering post (SF1606). */
  postkomponentCertificate: { keyFile: string; certFile: string };
  /** The server certificate and key of the simulator (PEM), usable for a local PostModtag listener in trials. */
  serverCertificate: { keyFile: string; certFile: string };
  [key: string]: unknown;
}

export const sf1601Simulator: Simulator = {
  async start(o: SimulatorOptions): Promise<RunningSimulator & { info: Sf1601SimulatorInfo; expireTokens(): void }> {
    const settings = simulatorSettingsSchema.parse(o.settings ?? {});
    const pki = ensureTestPki(o.dataDir, settings.passphrase);
    const host = o.host ?? '127.0.0.1';
    const { server, expireTokens } = await startSf1601Server(pki, settings, host, o.port);
    const addr = server.address();
    const port = typeof addr === 'object' && addr ? addr.port : o.port;
    const url = `https://${host}:${port}`;
    return {
      url,
      info: {
        serviceplatformen: url,
        sts: url,
        caFile: pki.caFile,
        clientCertificate: pki.clientP12File,
        passphraseFile: pki.passphraseFile,
        passphrase: pki.passphrase,
        foreignClientCertificate: pki.foreignClientP12File,
        postkomponentCertificate: { keyFile: pki.postkomponentKeyFile, certFile: pki.postkomponentCertFile },
        serverCertificate: { keyFile: join(o.dataDir, 'server.key.pem'), certFile: join(o.dataDir, 'server.cert.pem') },
      },
      expireTokens,
      close: () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    };
  },
};
