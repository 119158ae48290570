import { describe, expect, it } from 'vitest';
import { formatSize } from './format-size.ts';

describe('formatSize', () => {
  it('reads as people write sizes, in Danish and English', () => {
    expect(formatSize(0, 'da')).toBe('1 kB');
    expect(formatSize(340 * 1024, 'da')).toBe('340 kB');
    expect(formatSize(1.2 * 1024 * 1024, 'da')).toBe('1,2 MB');
    expect(formatSize(1.2 * 1024 * 1024, 'en')).toBe('1.2 MB');
    expect(formatSize(99.5 * 1024 * 1024, 'da')).toBe('100 MB');
    expect(formatSize(25 * 1024 * 1024, 'en')).toBe('25 MB');
  });
});
