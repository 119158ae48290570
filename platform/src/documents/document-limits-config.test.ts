import { describe, expect, it } from 'vitest';
import { documentLimitsSchema, documentsConfigSchema } from './document-limits-config.ts';

describe('documents.limits', () => {
  it('has defaults that suit letters: 2,000 pages, 64 MB inflated, active content refused', () => {
    expect(documentsConfigSchema.parse(undefined).limits).toMatchObject({ maxPages: 10_000, maxInflatedMb: 64, activeContent: 'refuse' });
  });

  it('refuses a bad value naming the field', () => {
    const r = documentLimitsSchema.safeParse({ maxPages: 0 });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({ path: ['maxPages'], message: expect.stringContaining('maxPages') });
    expect(documentLimitsSchema.safeParse({ activeContent: 'ignore' }).success).toBe(false);
    expect(documentLimitsSchema.safeParse({ maxPagez: 10 }).success).toBe(false);
  });
});
