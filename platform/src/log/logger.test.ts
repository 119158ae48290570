import { randomBytes, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { maskCprsInText as scrubCpr } from '@brevdue/shared';
import { createLogger } from './logger.ts';

/** A logger writing into an array, and a way to wait for its lines. */
function capture(): { logger: ReturnType<typeof createLogger>; text: () => Promise<string> } {
  const lines: string[] = [];
  const logger = createLogger('info', new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) }));
  return { logger, text: async () => (await new Promise((r) => setImmediate(r)), lines.join('')) };
}

describe('CPR scrubbing of logs', () => {
  it('masks CPR-shaped numbers, with or without the dash, and leaves other numbers', () => {
    expect(scrubCpr('cpr 0101904321 and 010190-4321')).toBe('cpr 010190-XXXX and 010190-XXXX');
    expect(scrubCpr('order 12345678901234 bytes 390')).toBe('order 12345678901234 bytes 390');
  });

  it('masks a CPR number standing alone, whatever punctuation surrounds it', () => {
    for (const [line, masked] of [
      ['brev-0101904321.pdf', 'brev-010190-XXXX.pdf'],
      ['Brev_2412851234.pdf', 'Brev_241285-XXXX.pdf'],
      ['"id":"010190-4321"', '"id":"010190-XXXX"'],
      ['(3112991234)', '(311299-XXXX)'],
      ['cpr=290200 4321;', 'cpr=290200-XXXX;'], // 29 February 2000,
    ]) {
      expect(scrubCpr(line!), line).toBe(masked);
    }
  });

  it('leaves UUIDs, hashes and longer tokens alone, even where ten digits inside them look like a CPR number', () => {
    for (const line of [
      'letter 0a1b2c3d-fe27-4831-9234-010190432100',
      'ab010190-4321-4a7b-8c9d-0e1f2a3b4c5d',
      'c0b1d2e3-aa10-4b1c-8d2e-fe2783151234', // the UUID the old scrubber rewrote as …-fe278315-XXXX
      'sha256 9f0101904321e4b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852',
      'token bd_x0101904321y',
      'ref X0101904321',
      'not a date 3213904321',
    ]) {
      expect(scrubCpr(line), line).toBe(line);
    }
  });

  it('applies to every line the logger writes, whatever field carries it', async () => {
    const { logger, text } = capture();
    logger.info({ recipient: { id: '0101904321' }, file: 'indkaldelse-0101904321.pdf' }, 'sending to 010190-4321');
    const out = await text();
    expect(out).not.toMatch(/4321/);
    expect(out).toContain('010190-XXXX');
  });

  it('writes ids and hashes through unchanged', async () => {
    const { logger, text } = capture();
    const ids = Array.from({ length: 2000 }, () => randomUUID());
    const hashes = Array.from({ length: 2000 }, () => randomBytes(20).toString('hex'));
    logger.info({ ids, hashes }, 'batch');
    const out = await text();
    expect(out).not.toContain('XXXX');
    for (const id of [...ids, ...hashes]) expect(out).toContain(id);
  });
});
