import { describe, expect, it } from 'vitest';
import { safeEntryName } from './insight-zip-entry-name.ts';

describe('safeEntryName', () => {
  it('replaces every character Windows refuses, and control characters', () => {
    expect(safeEntryName('Svar <endeligt>?.pdf')).toBe('Svar _endeligt__.pdf');
    expect(safeEntryName('a:b"c/d\\e|f*g.pdf')).toBe('a_b_c_d_e_f_g.pdf');
    expect(safeEntryName('linje\r\nskift\u0000\u007f.pdf')).toBe('linje__skift__.pdf');
    expect(safeEntryName('../../etc/passwd')).toBe('.._.._etc_passwd');
  });

  it('drops trailing dots and spaces, which Windows silently removes', () => {
    expect(safeEntryName('brev.pdf. . ')).toBe('brev.pdf');
    expect(safeEntryName('...')).toBe('_');
    expect(safeEntryName('')).toBe('_');
  });

  it('puts a _ in front of reserved device names, with or without an extension', () => {
    for (const n of ['CON', 'con.pdf', 'NUL.txt', 'Aux', 'PRN.tar.gz', 'COM1.pdf', 'lpt9', 'COM¹.pdf', 'CON .pdf.']) {
      expect(safeEntryName(n), n).toMatch(/^_/);
    }
    expect(safeEntryName('CONTRACT.pdf')).toBe('CONTRACT.pdf');
    expect(safeEntryName('nulstilling.pdf')).toBe('nulstilling.pdf');
  });

  it('keeps Danish letters and other scripts, and cuts long names on whole characters keeping the extension', () => {
    expect(safeEntryName('Indkaldelse æøå Łódź 🕊.pdf')).toBe('Indkaldelse æøå Łódź 🕊.pdf');
    const long = safeEntryName(`${'🕊'.repeat(200)}.pdf`, 120);
    expect(Array.from(long)).toHaveLength(120);
    expect(long.endsWith('🕊.pdf')).toBe(true);
  });
});
