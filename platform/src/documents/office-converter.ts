/**
 * @module
 * Converts Word, OpenDocument and RTF files to PDF with LibreOffice (`soffice --headless
 * --convert-to pdf`, Debian's libreoffice-writer-nogui). Each conversion gets its own profile
 * directory, so conversions run side by side without fighting over LibreOffice's user lock,
 * and a time limit, after which the whole process group is killed.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createLimiter } from './limiter.ts';

/** LibreOffice is not installed where the platform runs. */
export class ConverterMissingError extends Error {
  constructor() {
    super('soffice not found');
    this.name = 'ConverterMissingError';
  }
}

/** LibreOffice ran but produced no PDF (damaged input, time limit). */
export class ConversionFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConversionFailedError';
  }
}

export interface OfficeConverterOptions {
  /** Path of `soffice`; default: `BREVDUE_SOFFICE`, else found on `PATH`. */
  sofficePath?: string;
  /** Milliseconds before a conversion is killed. Default 120 000. */
  timeoutMs?: number;
  /** Conversions at once. LibreOffice takes a core and ~200 MB each. Default 2. */
  concurrency?: number;
}

export interface OfficeConverter {
  /**
   * Converts the file at `inputPath` (its extension tells LibreOffice the format) and hands the
   * path of the PDF to `use`; the PDF is deleted when `use` settles.
   * @throws ConverterMissingError when LibreOffice is not installed
   * @throws ConversionFailedError when it produced no PDF
   */
  convert<T>(inputPath: string, use: (pdfPath: string) => Promise<T>): Promise<T>;
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Finds `soffice` on PATH (or the given path); `null` when it is not installed. */
export async function findSoffice(explicit?: string): Promise<string | null> {
  const wanted = explicit ?? process.env.BREVDUE_SOFFICE;
  if (wanted) return (await isExecutable(wanted)) ? wanted : null;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && (await isExecutable(join(dir, 'soffice')))) return join(dir, 'soffice');
  }
  return null;
}

function run(cmd: string, args: string[], timeoutMs: number): Promise<{ code: number | null; output: string; timedOut: boolean }> {
  return new Promise((resolve, reject) => {
    // detached: soffice starts soffice.bin as a child; killing the group ends both.
    const child = spawn(cmd, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (d: Buffer) => {
      if (output.length < 4000) output += d.toString('utf8');
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output, timedOut });
    });
  });
}

/**
 * Creates a converter. LibreOffice is looked up on first use, so a platform without it still
 * starts and answers PDF uploads.
 * @example
 * const converter = createOfficeConverter();
 * const pages = await converter.convert('/tmp/brev.docx', async (pdf) => countPages(pdf));
 */
export function createOfficeConverter(opts: OfficeConverterOptions = {}): OfficeConverter {
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const limit = createLimiter(opts.concurrency ?? 2);
  let soffice: Promise<string | null> | undefined;

  return {
    async convert(inputPath, use) {
      soffice ??= findSoffice(opts.sofficePath);
      const bin = await soffice;
      if (!bin) {
        soffice = undefined; // look again next time: IT may install it while we run
        throw new ConverterMissingError();
      }
      const work = await mkdtemp(join(tmpdir(), 'brevdue-convert-'));
      try {
        const outDir = join(work, 'out');
        const result = await limit(() =>
          run(
            bin,
            [`-env:UserInstallation=${pathToFileURL(join(work, 'profile')).href}`, '--headless', '--norestore', '--nologo', '--nolockcheck', '--convert-to', 'pdf', '--outdir', outDir, inputPath],
            timeoutMs,
          ),
        );
        if (result.timedOut) throw new ConversionFailedError(`LibreOffice timed out after ${Math.round(timeoutMs / 1000)} s`);
        const pdf = (await readdir(outDir).catch(() => [] as string[])).find((f) => f.toLowerCase().endsWith('.pdf'));
        if (!pdf) throw new ConversionFailedError(`LibreOffice exit ${result.code}: ${result.output.trim().split('\n').at(-1) ?? ''}`.slice(0, 300));
        return await use(join(outDir, pdf));
      } finally {
        await rm(work, { recursive: true, force: true });
      }
    },
  };
}
