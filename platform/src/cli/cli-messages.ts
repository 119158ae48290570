/**
 * @module
 * What the `brevdue` command says to people, in one language at a time: Danish by default,
 * English with `BREVDUE_LANG=en` (or a `LANG` that starts with `en`).
 */
export type CliLang = 'da' | 'en';

export function cliLang(env: NodeJS.ProcessEnv = process.env): CliLang {
  const v = (env.BREVDUE_LANG ?? env.LANG ?? '').toLowerCase();
  return v.startsWith('en') ? 'en' : 'da';
}

const da = {
  running: (url: string) => `\nBrevdue kører på ${url}  (send et brev: ${url}/send, API-reference: ${url}/docs)`,
  sandboxSignIn: (password: string) =>
    `Log ind med sandkassens medarbejdere, fx sender@demo.example eller admin@demo.example, adgangskode ${password}\n`,
  tokenHint: (org: string) => `Adgangsnøgle til scripts: npx brevdue token create --org ${org} --role sender\n`,
  noPlugins: 'Ingen plugins i konfigurationen',
  configValid: (file: string | undefined) => `Konfigurationen er gyldig${file ? ` (${file})` : ' (standardværdier)'}`,
};
type CliMessages = typeof da;

const en: CliMessages = {
  running: (url) => `\nBrevdue is running on ${url}  (send a letter: ${url}/send, API reference: ${url}/docs)`,
  sandboxSignIn: (password) =>
    `Sign in as one of the sandbox's staff, e.g. sender@demo.example or admin@demo.example, password ${password}\n`,
  tokenHint: (org) => `A token for scripts: npx brevdue token create --org ${org} --role sender\n`,
  noPlugins: 'No plugins in the configuration',
  configValid: (file) => `The configuration is valid${file ? ` (${file})` : ' (defaults)'}`,
};

export const cliMessages = (lang: CliLang = cliLang()): CliMessages => (lang === 'en' ? en : da);
