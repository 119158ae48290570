import { describe, expect, it } from 'vitest';
import { preferredEncoding } from './web-routes.ts';

describe('preferredEncoding', () => {
  it('prefers brotli, then gzip, as the request allows', () => {
    expect(preferredEncoding('gzip, deflate, br')).toBe('br');
    expect(preferredEncoding('gzip, deflate')).toBe('gzip');
    expect(preferredEncoding('*')).toBe('gzip');
  });

  it('answers uncompressed when the request names neither or refuses them with q=0', () => {
    expect(preferredEncoding(undefined)).toBeUndefined();
    expect(preferredEncoding('identity')).toBeUndefined();
    expect(preferredEncoding('br;q=0, gzip; q=0')).toBeUndefined();
    expect(preferredEncoding('br;q=0, gzip;q=0.5')).toBe('gzip');
  });
});
