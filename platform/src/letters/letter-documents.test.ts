import { describe, expect, it } from 'vitest';
import { allDocumentIds, letterDocumentIds, ownDocumentsOf } from './letter-documents.ts';

describe("a letter's documents", () => {
  it("are the shipment's when the recipient has none of its own", () => {
    expect(ownDocumentsOf({})).toBeNull();
    expect(letterDocumentIds({ mainDocument: 'm', attachments: ['a'] }, null)).toEqual({ main: 'm', attachments: ['a'] });
  });

  it("are the recipient's own document instead of mainDocument, its own attachments, then the shared ones", () => {
    const own = ownDocumentsOf({ document: 'd', attachments: ['x'] });
    expect(own).toEqual({ document: 'd', attachments: ['x'] });
    const ids = letterDocumentIds({ mainDocument: 'm', attachments: ['a'] }, own);
    expect(ids).toEqual({ main: 'd', attachments: ['x', 'a'] });
    expect(allDocumentIds(ids)).toEqual(['d', 'x', 'a']);
  });

  it('keep the shared main document when the recipient brings only attachments, and have none for SMS', () => {
    expect(letterDocumentIds({ mainDocument: 'm', attachments: [] }, ownDocumentsOf({ attachments: ['x'] }))).toEqual({
      main: 'm',
      attachments: ['x'],
    });
    expect(letterDocumentIds({ attachments: [] }, null)).toEqual({ attachments: [] });
  });
});
