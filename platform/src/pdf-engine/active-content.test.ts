import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  embeddedFilePdf,
  innocentLookalikePdf,
  javascriptOpenActionPdf,
  launchLinkPdf,
} from '../../../test/fixtures/pdf/active-content-pdf.ts';
import { mergeRunPdf } from '../../../test/fixtures/pdf/raw-pdf.ts';
import { pdfText } from '../../test/pdf-text.ts';
import { createPdfEngine, PdfLimitError, type PdfEngine } from './index.ts';

const hasQpdf = (() => {
  try {
    execFileSync('qpdf', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
// Never a silent skip: `npm test`'s pretest step (scripts/ensure-debian-packages.mjs) installs it.
if (!hasQpdf)
  throw new Error('these tests need qpdf (the Debian package qpdf); run `node scripts/ensure-debian-packages.mjs` (npm test does)');

let engine: PdfEngine;
let dir: string;
beforeAll(() => {
  engine = createPdfEngine({ threads: 1 });
  dir = mkdtempSync(join(tmpdir(), 'active-content-'));
});
afterAll(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

const activeContent = async (bytes: Uint8Array) =>
  (await engine.inspect({ bytes }, { recipients: false, activeContent: true })).activeContent;

describe('active content', () => {
  it('finds a JavaScript OpenAction, also inside a compressed object stream', async () => {
    const packed = await javascriptOpenActionPdf();
    // The fixture does what it claims: the action is not in the file's plain bytes.
    expect(packed.includes('/JavaScript')).toBe(false);
    expect(await activeContent(packed)).toEqual([{ kind: 'javascript' }]);
    expect(await activeContent(await javascriptOpenActionPdf({ useObjectStreams: false }))).toEqual([{ kind: 'javascript' }]);
  });

  it('finds a JavaScript OpenAction in an encrypted file that opens without a password (needs qpdf)', async () => {
    const plain = join(dir, 'plain.pdf');
    const encrypted = join(dir, 'encrypted.pdf');
    writeFileSync(plain, await javascriptOpenActionPdf());
    execFileSync('qpdf', ['--encrypt', '', 'owner', '256', '--', plain, encrypted]);
    expect(await activeContent(readFileSync(encrypted))).toEqual([{ kind: 'javascript' }]);
  });

  it('finds an embedded file and a launch action on its page', async () => {
    expect(await activeContent(await embeddedFilePdf())).toEqual([{ kind: 'embedded_file' }]);
    expect(await activeContent(await launchLinkPdf())).toEqual([{ kind: 'launch', page: 1 }]);
  });

  it('finds nothing in letters that only name /JavaScript in their text or use a font called /JS', async () => {
    expect(await activeContent(innocentLookalikePdf())).toEqual([]);
    expect(await activeContent(mergeRunPdf(2))).toEqual([]);
  });

  it('rebuilds a PDF without active content, keeping what its pages print', async () => {
    for (const [name, make] of [
      ['javascript', () => javascriptOpenActionPdf()],
      ['embedded', () => embeddedFilePdf()],
      ['launch', () => launchLinkPdf()],
    ] as const) {
      const outPath = join(dir, `${name}.pdf`);
      const r = await engine.clean({ bytes: await make() }, { outPath });
      expect(r).toMatchObject({ pages: 1, activeContent: [] });
      const cleaned = readFileSync(outPath);
      expect(await activeContent(cleaned)).toEqual([]);
      expect(await pdfText(cleaned)).toContain('dette brev har aktivt indhold');
    }
  });

  it('applies limits given for one call instead of the engine’s', async () => {
    const err = await engine
      .inspect({ bytes: mergeRunPdf(3, 2) }, { activeContent: true, limits: { maxPages: 5 } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PdfLimitError);
    expect(err).toMatchObject({ limit: 'pages', value: 6, max: 5 });
    await expect(engine.inspect({ bytes: mergeRunPdf(1) }, { limits: { maxPages: 0 } })).rejects.toThrow(/"maxPages"/);
  });
});
