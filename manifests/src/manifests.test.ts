import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { validateManifest } from 'office-addin-manifest';
import { writeManifests } from './cli.ts';
import { CONTENT_OVERRIDES_STUB, CONTENT_STUB_FILE, fixXsd, XSD_FILES } from './fix-xsd.ts';
import { checkEntraApp, normaliseUrl } from './manifest-options.ts';
import { validateXmlManifest } from './validate-xml-manifest.ts';
import { buildXmlManifest } from './xml-manifest.ts';

const url = 'https://brevdue.kommune.dk';
const out = mkdtempSync(join(tmpdir(), 'brevdue-manifests-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('XML manifests', () => {
  for (const host of ['word', 'outlook'] as const) {
    it(`${host}: passes the XSD check`, async () => {
      const r = await validateXmlManifest(buildXmlManifest(host, { url }));
      expect(r.errors).toEqual([]);
      expect(r.valid).toBe(true);
    });
  }

  it('a misordered element fails the XSD check', async () => {
    const xml = buildXmlManifest('word', { url });
    // <Version> must come after <Id>: swap them.
    const swapped = xml.replace(/(<Id>[^<]+<\/Id>)(\s*)(<Version>[^<]+<\/Version>)/, '$3$2$1');
    expect(swapped).not.toBe(xml);
    const r = await validateXmlManifest(swapped);
    expect(r.valid).toBe(false);
    expect(r.errors.join('\n')).toMatch(/Id|Version/);
  });

  it('an unknown element fails the XSD check', async () => {
    const xml = buildXmlManifest('outlook', { url }).replace('<Permissions>', '<Colour>blue</Colour><Permissions>');
    expect((await validateXmlManifest(xml)).valid).toBe(false);
  });

  it('Outlook declares a Mailbox minimum below 1.8 (1.8 is checked at run time)', () => {
    const xml = buildXmlManifest('outlook', { url });
    const min = /<Set Name="Mailbox" MinVersion="([\d.]+)"\/>/.exec(xml)?.[1];
    expect(Number(min)).toBeLessThan(1.8);
    expect(xml).toContain('FormType="Edit"');
    expect(xml).toContain('FormType="Read"');
  });

  it('word: names the Entra app registration in WebApplicationInfo, last in VersionOverrides, and passes the XSD check', async () => {
    const entraApp = {
      clientId: '5a1c2b3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
      apiScope: 'api://5a1c2b3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/access_as_user',
    };
    const xml = buildXmlManifest('word', { url, entraApp });
    expect(xml).toMatch(
      /<WebApplicationInfo>\s*<Id>5a1c2b3d-[^<]+<\/Id>\s*<Resource>api:\/\/5a1c2b3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d<\/Resource>/,
    );
    expect(xml).toMatch(/<\/WebApplicationInfo>\s*<\/VersionOverrides>/);
    const r = await validateXmlManifest(xml);
    expect(r.errors).toEqual([]);
    expect(buildXmlManifest('word', { url })).not.toContain('WebApplicationInfo');
  });

  it('refuses an app registration that is not a GUID or an api:// scope, naming the option', () => {
    expect(() => checkEntraApp({ clientId: 'brevdue', apiScope: 'api://x/access_as_user' })).toThrow(/--client-id/);
    expect(() => checkEntraApp({ clientId: '5a1c2b3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', apiScope: 'access_as_user' })).toThrow(/--api-scope/);
  });

  it('uses the platform URL for every page and icon', () => {
    const xml = buildXmlManifest('word', { url });
    expect(xml).toContain(`${url}/addins/word/taskpane.html`);
    expect(xml).toContain(`${url}/addins/assets/icon-80.png`);
    expect(xml).not.toMatch(/localhost/);
  });
});

describe('the fixed XSD copies', () => {
  const originals = fileURLToPath(new URL('../../../shared/specs/office/xsd-officedev-2020/', import.meta.url));
  const xsd = fileURLToPath(new URL('../xsd/', import.meta.url));
  it.skipIf(!existsSync(originals))(
    'are the originals with exactly the three documented fixes (skipped: ../shared/specs not next to the repo)',
    () => {
      for (const f of XSD_FILES) expect(readFileSync(join(xsd, f), 'utf8')).toBe(fixXsd(readFileSync(join(originals, f), 'utf8')));
      expect(readFileSync(join(xsd, CONTENT_STUB_FILE), 'utf8')).toBe(CONTENT_OVERRIDES_STUB);
    },
  );
});

describe('npm run manifests', () => {
  it('writes both XML manifests, the unified JSON manifest and its icons', async () => {
    const files = await writeManifests({ url: `${url}/`, out });
    expect(files.map((f) => f.slice(out.length + 1)).sort()).toEqual([
      'brevdue-outlook.manifest.json',
      'brevdue-outlook.xml',
      'brevdue-word.xml',
      'color.png',
      'outline.png',
    ]);
    expect(readFileSync(join(out, 'brevdue-word.xml'), 'utf8')).toContain(`${url}/addins/word/taskpane.html`);
  });

  it('refuses a URL that is not https, naming the option', async () => {
    expect(() => normaliseUrl('http://brevdue.kommune.dk')).toThrow(/--url.*https/);
    expect(() => normaliseUrl('brevdue')).toThrow(/--url/);
  });

  it('the unified manifest passes office-addin-manifest validate, offline, with the app registration', async () => {
    const clientId = '5a1c2b3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
    await writeManifests({ url, out, entraApp: { clientId, apiScope: `api://${clientId}/access_as_user` } });
    const written = JSON.parse(readFileSync(join(out, 'brevdue-outlook.manifest.json'), 'utf8')) as { webApplicationInfo?: unknown };
    expect(written.webApplicationInfo).toEqual({ id: clientId, resource: `api://${clientId}` });
    // The JSON check uses the schema bundled in @microsoft/app-manifest; make any network use fail loudly.
    const spy = vi.spyOn(globalThis, 'fetch').mockRejectedValue(new Error('network used during validation'));
    try {
      const v = await validateManifest(join(out, 'brevdue-outlook.manifest.json'));
      expect(v.report?.errors ?? []).toEqual([]);
      expect(v.isValid).toBe(true);
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it('office-addin-manifest validate catches a broken unified manifest', async () => {
    const p = join(out, 'broken.manifest.json');
    const m = JSON.parse(readFileSync(join(out, 'brevdue-outlook.manifest.json'), 'utf8')) as Record<string, unknown>;
    m.accentColor = 'blue'; // the schema wants #RRGGBB
    const { writeFileSync } = await import('node:fs');
    writeFileSync(p, JSON.stringify(m));
    const v = await validateManifest(p);
    expect(v.isValid).toBe(false);
    expect(JSON.stringify(v.report?.errors)).toMatch(/accentColor/);
  });
});
