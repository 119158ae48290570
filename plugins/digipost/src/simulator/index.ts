/**
 * @module
 * `simulator.start({ port, dataDir, settings })`: a local Digipost REST API v8 on 127.0.0.1.
 * On first start it writes a test enterprise certificate to `<dataDir>/client.p12` (no passphrase)
 * and its public part to `<dataDir>/client-certificate.pem`, and checks every signature against
 * that certificate (or `settings.publicCertificatePem`). `running.info` tells the paths.
 */
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { RunningSimulator, Simulator, SimulatorOptions } from '@brevdue/shared/sdk';
import { generateTestCertificate } from '../certificate.ts';
import { DEFAULT_IDENTIFICATIONS, simulatorSettingsSchema } from './sim-settings.ts';
import { createSimulatorServer } from './sim-server.ts';
import { SimulatorStore } from './sim-store.ts';

export { DEFAULT_IDENTIFICATIONS } from './sim-settings.ts';

/** Writes (once) the client test certificate into dataDir; returns the file paths. */
export function ensureClientCertificate(dataDir: string): { certificatePath: string; publicCertificatePath: string } {
  mkdirSync(dataDir, { recursive: true });
  const certificatePath = join(dataDir, 'client.p12');
  const publicCertificatePath = join(dataDir, 'client-certificate.pem');
  if (!existsSync(certificatePath) || !existsSync(publicCertificatePath)) {
    const c = generateTestCertificate({ commonName: 'Brevdue Digipost simulator client', passphrase: '' });
    writeFileSync(certificatePath, c.pkcs12, { mode: 0o600 });
    writeFileSync(publicCertificatePath, c.certificatePem);
  }
  return { certificatePath, publicCertificatePath };
}

/** The Digipost simulator. */
export const digipostSimulator: Simulator = {
  async start(options: SimulatorOptions): Promise<RunningSimulator> {
    const settings = simulatorSettingsSchema.parse(options.settings ?? {});
    const paths = ensureClientCertificate(options.dataDir);
    const clientPublicKey = createPublicKey(settings.publicCertificatePem ?? readFileSync(paths.publicCertificatePath, 'utf8'));
    const server = generateTestCertificate({ commonName: 'Brevdue Digipost simulator server', passphrase: '', days: 30 });
    const store = new SimulatorStore();
    let url = '';
    const http = createSimulatorServer({
      settings,
      identifications: { ...DEFAULT_IDENTIFICATIONS, ...settings.identifications },
      store,
      clientPublicKey,
      serverKey: createPrivateKey(server.privateKeyPem),
      serverCertificatePem: server.certificatePem,
      baseUrl: () => url,
      now: () => new Date(),
    });
    const host = options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(options.port, host, () => resolve());
    });
    url = `http://${host}:${(http.address() as AddressInfo).port}`;
    return {
      url,
      info: {
        ...paths,
        brokerId: settings.brokerIds[0],
        identifications: Object.keys({ ...DEFAULT_IDENTIFICATIONS, ...settings.identifications }).length,
      },
      close: () =>
        new Promise<void>((resolve) => {
          http.closeAllConnections();
          http.close(() => resolve());
        }),
    };
  },
};
