/// <reference types="office-js" />
/**
 * @module
 * The Word pane's document source: the open document, exported in slices and uploaded.
 */
import type { DocumentSource } from '../common/document-source.ts';
import { uploadProgress } from '../common/document-source.ts';
import { messages } from '../common/messages.ts';
import { exportDocument, pdfSupported, suggestSubject, type OfficeLike, type WordLike } from './export-document.ts';

/** A {@link DocumentSource} over the open Word document. */
export function wordSource(office: OfficeLike, word: WordLike | undefined): DocumentSource {
  return {
    description: messages.wordDocument,
    notices: pdfSupported(office) ? [] : [messages.wordPdfUnsupported],
    suggestSubject: () => suggestSubject(office, word),
    async prepare(api, onProgress) {
      onProgress({ phase: 'export' });
      const doc = await exportDocument(office);
      const blob = new Blob([doc.bytes as BlobPart], { type: doc.mediaType });
      const mainDocument = await api.uploadDocument(blob, doc.filename, uploadProgress(onProgress));
      return { mainDocument, attachments: [], refused: [] };
    },
  };
}
