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

/** LibreOffice ran but produced no PDF (damaged input). */
export class ConversionFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConversionFailedError';
  }
}

/** LibreOffice went past its time or memory limit and was stopped; `max` in seconds or MB. */
export class ConversionLimitError extends Error {
  readonly limit: 'time' | 'memory';
  readonly max: number;
  constructor(limit: 'time' | 'memory', max: number) {
    super(`LibreOffice went past its ${limit} limit (${max} ${limit === 'time' ? 's' : 'MB'})`);
    this.name = 'ConversionLimitError';
    this.limit = limit;
    this.max = max;
  }
}

export interface OfficeConverterOptions {
  /** Path of `soffice`; default: `BREVDUE_SOFFICE`, else found on `PATH`. */
  sofficePath?: string;
  /** Milliseconds before a conversion is killed. Default 120 000. */
  timeoutMs?: number;
  /** Address space of LibreOffice in MB (`ulimit -v`), past which its allocations fail. Default 2048. */
  memoryMb?: number;
  /** Conversions at once. LibreOffice takes a core and ~200 MB each. Default 2. */
  concurrency?: number;
}

export interface OfficeConverter {
  /**
   * Converts the file at `inputPath` (its extension tells LibreOffice the format) and hands the
   * path of the PDF to `use`; the PDF is deleted when `use` settles.
   * @throws ConverterMissingError when LibreOffice is not installed
   * @throws ConversionFailedError when it produced no PDF
   * @throws ConversionLimitError past the time or memory limit
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

interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
  timedOut: boolean;
}

/**
 * Runs a command with its address space capped and a time limit. The cap is set by `ulimit -v`
 * in a POSIX shell that then execs the command: an rlimit is inherited by every child
 * (soffice → soffice.bin) and needs neither root nor cgroups.
 */
function run(cmd: string, args: string[], timeoutMs: number, memoryMb: number): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    // detached: soffice starts soffice.bin as a child; killing the group ends both.
    const child = spawn('/bin/sh', ['-c', 'ulimit -v "$1" && shift && exec "$@"', 'sh', String(memoryMb * 1024), cmd, ...args], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
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
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output, timedOut });
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
  const memoryMb = opts.memoryMb ?? 2048;
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
            [
              `-env:UserInstallation=${pathToFileURL(join(work, 'profile')).href}`,
              '--headless',
              '--norestore',
              '--nologo',
              '--nolockcheck',
              '--convert-to',
              'pdf',
              '--outdir',
              outDir,
              inputPath,
            ],
            timeoutMs,
            memoryMb,
          ),
        );
        if (result.timedOut) throw new ConversionLimitError('time', Math.round(timeoutMs / 1000));
        const pdf = (await readdir(outDir).catch(() => [] as string[])).find((f) => f.toLowerCase().endsWith('.pdf'));
        // Under the cap a failed allocation aborts LibreOffice (exit 134 through the shell, or a
        // signal); a damaged document ends with an exit code and a message instead.
        if (!pdf && (result.signal !== null || (result.code !== null && result.code > 128)))
          throw new ConversionLimitError('memory', memoryMb);
        if (!pdf)
          throw new ConversionFailedError(
            `LibreOffice exit ${result.code}: ${result.output.trim().split('\n').at(-1) ?? ''}`.slice(0, 300),
          );
        return await use(join(outDir, pdf));
      } finally {
        await rm(work, { recursive: true, force: true });
      }
    },
  };
}
