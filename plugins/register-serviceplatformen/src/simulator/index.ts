/**
 * @module
 * The register simulator: `simulator.start({ port, dataDir, settings })` serves SF1520 and SF1530
 * over HTTPS on loopback with a generated test CA. `info` gives what a plugin config needs, and
 * `simulatorConfig(info)` turns it into one.
 */
import type { RunningSimulator, SimulatorOptions } from '@brevdue/shared/sdk';
import type { RegisterConfigInput } from '../config.ts';
import { startRegisterSimServer } from './soap-server.ts';
import { simulatorSettingsSchema } from './simulator-settings.ts';
import { ensureSimulatorPki } from './test-pki.ts';

export { DEFAULT_COMPANIES, DEFAULT_PERSONS, SIM_AGREEMENTS, type SimulatorSettings } from './simulator-settings.ts';

/** Facts a config (or a test) needs to talk to a running simulator. */
export interface RegisterSimulatorInfo {
  serviceplatformen: string;
  caFile: string;
  clientCertificate: string;
  passphraseFile: string;
  passphrase: string;
  /** A client certificate from another CA, for tests of refused clients. */
  foreignClientCertificate: string;
  serviceAgreements: { sf1520: string; sf1530: string };
  userSystemUuid: string;
  userUuid: string;
  [key: string]: unknown;
}

/** A running register simulator with its test hooks. */
export interface RunningRegisterSimulator extends RunningSimulator {
  readonly info: RegisterSimulatorInfo;
  /** Look-ups answered so far, by request element. */
  calls(): Record<string, number>;
}

/** The simulator; `start` answers the running simulator with its test hooks (it is a `Simulator` for the platform). */
export const serviceplatformenRegisterSimulator: { start(o: SimulatorOptions): Promise<RunningRegisterSimulator> } = {
  async start(o: SimulatorOptions): Promise<RunningRegisterSimulator> {
    const settings = simulatorSettingsSchema.parse(o.settings ?? {});
    const pki = ensureSimulatorPki(o.dataDir, settings.passphrase);
    const host = o.host ?? '127.0.0.1';
    const { server, calls } = await startRegisterSimServer(pki, settings, host, o.port);
    const addr = server.address();
    const url = `https://${host}:${typeof addr === 'object' && addr ? addr.port : o.port}`;
    return {
      url,
      info: {
        serviceplatformen: url,
        caFile: pki.caFile,
        clientCertificate: pki.clientP12File,
        passphraseFile: pki.passphraseFile,
        passphrase: pki.passphrase,
        foreignClientCertificate: pki.foreignClientP12File,
        serviceAgreements: settings.serviceAgreements,
        userSystemUuid: settings.userSystemUuid,
        userUuid: settings.userUuid,
      },
      calls: () => Object.fromEntries(calls),
      close: () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    };
  },
};

/**
 * A plugin config that talks to a running simulator.
 * @example const config = configSchema.parse(simulatorConfig(sim.info));
 */
export function simulatorConfig(info: RegisterSimulatorInfo, extra: Partial<RegisterConfigInput> = {}): RegisterConfigInput {
  return {
    endpoints: { serviceplatformen: info.serviceplatformen, caFile: info.caFile },
    certificate: { path: info.clientCertificate, passphraseFile: info.passphraseFile },
    cvr: '29189846',
    userSystemUuid: info.userSystemUuid,
    userUuid: info.userUuid,
    services: {
      sf1520: { serviceAgreementUuid: info.serviceAgreements.sf1520 },
      sf1530: { serviceAgreementUuid: info.serviceAgreements.sf1530 },
    },
    ...extra,
  };
}
