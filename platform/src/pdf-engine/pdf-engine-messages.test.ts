import { describe, expect, it } from 'vitest';
import { PdfEngineError, PdfLimitError, PdfRedactionError, PdfUnreadableError } from './pdf-engine-errors.ts';
import { pdfErrorStatus, pdfErrorText } from './pdf-engine-messages.ts';

describe('pdf engine messages', () => {
  it('name the limit and the figures, in Danish by default and in English by a switch', () => {
    const e = new PdfLimitError('pages', 20_000, 2000);
    expect(pdfErrorText(e)).toMatch(/20000 sider; grænsen er 2000/);
    expect(pdfErrorText(e, 'en')).toMatch(/20000 pages; the limit is 2000/);
    expect(pdfErrorText(new PdfLimitError('inflated', 2 ** 27, 2 ** 26), 'en')).toMatch(/64 MB/);
  });

  it('map errors to HTTP statuses: 413 too large, 422 unusable, 503 engine trouble', () => {
    expect(pdfErrorStatus(new PdfLimitError('pages', 3, 2))).toBe(413);
    expect(pdfErrorStatus(new PdfLimitError('inflated', 3, 2))).toBe(413);
    expect(pdfErrorStatus(new PdfLimitError('time', 3, 2))).toBe(422);
    expect(pdfErrorStatus(new PdfUnreadableError('truncated'))).toBe(422);
    expect(pdfErrorStatus(new PdfRedactionError('page 1'))).toBe(422);
    expect(pdfErrorStatus(new PdfEngineError('stopped'))).toBe(503);
  });
});
