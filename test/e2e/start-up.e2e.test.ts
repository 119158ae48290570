/**
 * The README's `npm start`, as a newcomer runs it: `brevdue start` in a folder without a config
 * file starts the embedded PostgreSQL, the sandbox and its sign-in, answers at its address, says
 * in one language where to go and how to sign in, and stops cleanly on SIGTERM — with a LANG
 * naming a locale the machine lacks, too. A port in use or a folder the database user cannot
 * enter ends start-up with what to do, not a stack trace.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/platform.ts';

const BIN = join(import.meta.dirname, '../../platform/bin/brevdue.js');
const dirs: string[] = [];

/** `brevdue start` in a fresh folder (open to other users unless `closed`) or in `again`'s, with no config file. */
async function start(
  env: Record<string, string>,
  closed = false,
  again?: string,
): Promise<{ child: ChildProcess; cwd: string; out: () => string; exited: Promise<number | null> }> {
  const cwd = again ?? mkdtempSync(join(tmpdir(), 'brevdue-start-'));
  if (!again) {
    chmodSync(cwd, closed ? 0o700 : 0o755);
    dirs.push(cwd);
  }
  const child = spawn(process.execPath, [BIN, 'start'], {
    cwd,
    env: { ...process.env, BREVDUE_DATA_DIR: join(cwd, 'data'), LOG_LEVEL: 'warn', BREVDUE_LANG: 'da', LANG: 'da_DK.UTF-8', ...env },
  });
  let text = '';
  child.stdout!.on('data', (b: Buffer) => (text += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (text += b.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, cwd, out: () => text, exited };
}

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('brevdue start without a config file', () => {
  it('runs the sandbox with sign-in, tells where to go in Danish, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const p = await start({ PORT: String(port) });
    try {
      await expect.poll(p.out, { timeout: 90_000, interval: 250 }).toContain('Brevdue kører på');
      expect(p.out()).toContain(`http://localhost:${port}/send`);
      expect(p.out()).toMatch(/Log ind med sandkassens medarbejdere.*adgangskode brevdue-demo/);
      expect(p.out()).not.toMatch(/is running|Sign in/);
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
      const root = await fetch(`http://127.0.0.1:${port}/`, { redirect: 'manual' });
      expect(root.headers.get('location')).toBe('/send');
      // The send page starts sign-in at the sandbox's own OpenID provider.
      const signIn = await fetch(`http://127.0.0.1:${port}/auth/sign-in?returnTo=/send`, { redirect: 'manual' });
      expect(signIn.status).toBe(302);
      expect(new URL(signIn.headers.get('location')!).pathname).toMatch(/\/auth$/);
    } finally {
      p.child.kill('SIGTERM');
    }
    expect(await p.exited).toBe(0);
    // The next morning's start finds its database where it left it (as root too: the data dir
    // is then the server user's own, mode 0700).
    const next = await start({ PORT: String(port) }, false, p.cwd);
    try {
      await expect.poll(next.out, { timeout: 90_000, interval: 250 }).toContain('Brevdue kører på');
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    } finally {
      next.child.kill('SIGTERM');
    }
    expect(await next.exited, next.out()).toBe(0);
  }, 240_000);

  it('names the setting when the HTTP port is in use, without a stack trace', async () => {
    const taken: Server = createServer();
    const port = await new Promise<number>((r) => taken.listen(0, () => r((taken.address() as { port: number }).port)));
    try {
      const p = await start({ PORT: String(port), BREVDUE_LANG: 'en' });
      expect(await p.exited, p.out()).toBe(2);
      expect(p.out()).toMatch(new RegExp(`port: .*:${port} is in use; set PORT`));
      expect(p.out()).not.toMatch(/\n\s+at /);
    } finally {
      taken.close();
    }
  }, 120_000);

  it('as root in a folder others cannot enter, says in one line what to do instead of an initdb stack trace', async () => {
    const p = await start({ PORT: String(await freePort()) }, true);
    if (process.getuid?.() === 0) {
      expect(await p.exited, p.out()).toBe(1);
      expect(p.out()).toMatch(/runs as the user "postgres", who cannot enter .*brevdue-start-.*chmod o\+x/);
      expect(p.out()).not.toMatch(/\n\s+at /);
    } else {
      // Not root: the server runs as this user, who enters their own folders; it starts.
      await expect.poll(p.out, { timeout: 90_000, interval: 250 }).toContain('Brevdue kører på');
      p.child.kill('SIGTERM');
      expect(await p.exited).toBe(0);
    }
  }, 120_000);
});
