/**
 * @module
 * The `brevdue` command as a child process: platform and worker processes that tests can
 * SIGKILL, and CLI runs.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export const BREVDUE_BIN = join(import.meta.dirname, '../../platform/bin/brevdue.js');

export interface BrevdueProcess {
  child: ChildProcess;
  /** Everything it wrote to stderr/stdout (for failure messages). */
  output: string[];
  /** SIGKILL: no shutdown, no cleanup, as a power cut or the OOM killer would. */
  kill(): Promise<void>;
  /** SIGTERM, as systemd or Kubernetes stop a service; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** `brevdue worker` (dispatch only) or `brevdue start` (API, plugins' listeners, workers). */
export function startBrevdueProcess(configFile: string, command: 'worker' | 'start' = 'worker'): BrevdueProcess {
  const output: string[] = [];
  const child = spawn('node', [BREVDUE_BIN, command], {
    env: { ...process.env, BREVDUE_CONFIG: configFile, LOG_LEVEL: process.env.BREVDUE_E2E_WORKER_LOG ?? 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => output.push(String(d)));
  child.stderr?.on('data', (d) => output.push(String(d)));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code, signal) => {
      output.push(`[${command} ${child.pid} exited: code ${code}, signal ${signal}]\n`);
      resolve(code);
    }),
  );
  return {
    child,
    output,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Runs the `brevdue` CLI to the end; returns its exit code and output. */
export async function runCli(args: string[], configFile: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn('node', [BREVDUE_BIN, ...args], {
    env: { ...process.env, BREVDUE_CONFIG: configFile, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => (stdout += String(d)));
  child.stderr?.on('data', (d) => (stderr += String(d)));
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  return { code, stdout, stderr };
}
