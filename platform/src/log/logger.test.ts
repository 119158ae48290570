import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { maskCprsInText as scrubCpr } from '@brevdue/shared';
import { createLogger } from './logger.ts';

describe('CPR scrubbing of logs', () => {
  it('masks CPR-shaped numbers, with or without the dash, and leaves other numbers', () => {
    expect(scrubCpr('cpr 0101904321 and 010190-4321')).toBe('cpr 010190-XXXX and 010190-XXXX');
    expect(scrubCpr('order 12345678901234 bytes 390')).toBe('order 12345678901234 bytes 390');
  });
  it('applies to every line the logger writes, whatever field carries it', async () => {
    const lines: string[] = [];
    const logger = createLogger('info', new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) }));
    logger.info({ recipient: { id: '0101904321' } }, 'sending to 010190-4321');
    await new Promise((r) => setImmediate(r));
    expect(lines.join('')).not.toMatch(/4321/);
    expect(lines.join('')).toContain('010190-XXXX');
  });
});
