/**
 * @module
 * `npm run manifests -- --url https://brevdue.kommune.dk [--out dir] [--version 1.0.0.0]
 * [--client-id <app id> --api-scope api://<app id>/access_as_user]`
 * writes the Word and Outlook XML manifests, the unified JSON manifest for Outlook and its two
 * icons. Each XML manifest is checked against the XSDs before it is written.
 */
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildUnifiedManifest } from './json-manifest.ts';
import { checkEntraApp, normaliseUrl, type EntraApp, type Host } from './manifest-options.ts';
import { validateXmlManifest } from './validate-xml-manifest.ts';
import { buildXmlManifest } from './xml-manifest.ts';

const ASSETS = fileURLToPath(new URL('../../addins/assets/', import.meta.url));

/** Writes all manifests into `out`; returns the paths written. */
export async function writeManifests(opts: { url: string; out: string; version?: string; entraApp?: EntraApp }): Promise<string[]> {
  const o = { url: normaliseUrl(opts.url), version: opts.version, ...(opts.entraApp ? { entraApp: checkEntraApp(opts.entraApp) } : {}) };
  await mkdir(opts.out, { recursive: true });
  const written: string[] = [];
  for (const host of ['word', 'outlook'] as Host[]) {
    const xml = buildXmlManifest(host, o);
    const check = await validateXmlManifest(xml);
    if (!check.valid) throw new Error(`${host} manifest does not match the XSD:\n${check.errors.join('\n')}`);
    const p = join(opts.out, `brevdue-${host}.xml`);
    await writeFile(p, xml);
    written.push(p);
  }
  const json = join(opts.out, 'brevdue-outlook.manifest.json');
  await writeFile(json, `${JSON.stringify(buildUnifiedManifest(o), null, 2)}\n`);
  written.push(json);
  for (const icon of ['color.png', 'outline.png']) {
    await copyFile(join(ASSETS, icon), join(opts.out, icon));
    written.push(join(opts.out, icon));
  }
  return written;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      out: { type: 'string' },
      version: { type: 'string' },
      'client-id': { type: 'string' },
      'api-scope': { type: 'string' },
    },
  });
  if (!values.url) {
    console.error('Mangler --url / missing --url: npm run manifests -- --url https://brevdue.kommune.dk');
    process.exit(2);
  }
  try {
    const clientId = values['client-id'];
    const entraApp = clientId ? { clientId, apiScope: values['api-scope'] ?? `api://${clientId}/access_as_user` } : undefined;
    const files = await writeManifests({
      url: values.url,
      out: resolve(values.out ?? 'manifests/dist'),
      version: values.version,
      entraApp,
    });
    for (const f of files) console.log(f);
  } catch (e) {
    console.error((e as Error).message);
    process.exit(1);
  }
}
