/**
 * @module
 * A plugin's simulator: a local stand-in for the remote service that speaks its wire protocol
 * and rejects what the remote would reject. Used by the sandbox, tests and `brevdue simulate`.
 */

export interface SimulatorOptions {
  /** Port to listen on; 0 picks a free one. */
  port: number;
  host?: string;
  /** A directory the simulator may write to (test certificates, received files). */
  dataDir: string;
  /** Simulator-specific settings (registration tables, latency, failure rates ...). */
  settings?: Record<string, unknown>;
}

export interface RunningSimulator {
  /** Base URL, e.g. http://127.0.0.1:4010 */
  readonly url: string;
  /** Extra facts a config needs to talk to it (e.g. paths of generated test certificates). */
  readonly info?: Record<string, unknown>;
  close(): Promise<void>;
}

export interface Simulator {
  start(options: SimulatorOptions): Promise<RunningSimulator>;
}
