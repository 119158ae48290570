// Installs Debian's Chromium for the browser tests when it is missing (pretest step).
// Tests never skip for want of a browser: if this fails, `npm test` fails here, saying why.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (existsSync(CHROMIUM)) process.exit(0);

console.log(`[pretest] ${CHROMIUM} not found: installing Debian's chromium package for the browser tests`);
const asRoot = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
const run = (args) => {
  const [cmd, ...rest] = [...asRoot, ...args];
  execFileSync(cmd, rest, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
};
try {
  run(['apt-get', 'update']);
  run(['apt-get', 'install', '-y', '--no-install-recommends', 'chromium', 'fonts-dejavu-core', 'poppler-utils']);
} catch (e) {
  console.error(`[pretest] could not install chromium (${e.message}). Install it with: apt-get install chromium`);
  process.exit(1);
}
if (!existsSync(CHROMIUM)) {
  console.error(`[pretest] chromium installed but ${CHROMIUM} is missing; set CHROMIUM_PATH`);
  process.exit(1);
}
