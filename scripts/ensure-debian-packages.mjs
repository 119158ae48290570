// Installs the Debian packages the tests and benches use when one is missing (the pretest and
// prebench step): Chromium (browser tests, e-mail → PDF), LibreOffice (DOCX → PDF), Poppler and
// qpdf (PDF fixtures; the PDF engine's bench compares with them).
// Tests never skip for want of one: if this fails, `npm test` fails here, saying why.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SOFFICE = process.env.BREVDUE_SOFFICE ?? '/usr/bin/soffice';
const TOOLS = [CHROMIUM, SOFFICE, '/usr/bin/qpdf', '/usr/bin/pdftoppm'];
if (TOOLS.every((t) => existsSync(t))) process.exit(0);

console.log(`[pretest] missing: ${TOOLS.filter((t) => !existsSync(t)).join(', ')}; installing Debian's packages for the tests`);
const asRoot = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
const run = (args) => {
  const [cmd, ...rest] = [...asRoot, ...args];
  execFileSync(cmd, rest, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
};
try {
  run(['apt-get', 'update']);
  run([
    'apt-get',
    'install',
    '-y',
    '--no-install-recommends',
    'chromium',
    'fonts-dejavu-core',
    'poppler-utils',
    'libreoffice-writer-nogui',
    'qpdf',
  ]);
} catch (e) {
  console.error(`[pretest] could not install chromium (${e.message}). Install it with: apt-get install chromium`);
  process.exit(1);
}
if (!existsSync(CHROMIUM)) {
  console.error(`[pretest] chromium installed but ${CHROMIUM} is missing; set CHROMIUM_PATH`);
  process.exit(1);
}
