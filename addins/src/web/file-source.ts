/**
 * @module
 * The /send page's document source: a PDF or DOCX picked from disk, uploaded at once so that a
 * file the platform refuses is reported while the user still looks at it.
 */
import type { DocumentSource } from '../common/document-source.ts';
import { uploadProgress } from '../common/document-source.ts';
import { messages } from '../common/messages.ts';
import { assertWithinLimit } from '../common/upload-limit.ts';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The error for a file that cannot be sent, or undefined (type by extension: browsers often leave `type` empty for DOCX). */
export function fileProblem(file: { name: string; size: number }): string | undefined {
  if (!/\.(pdf|docx)$/i.test(file.name)) return messages.onlyPdfDocx;
  try {
    assertWithinLimit(file.size);
  } catch (e) {
    return (e as Error).message;
  }
  return undefined;
}

/** A {@link DocumentSource} over a file from disk. */
export function fileSource(file: File): DocumentSource {
  return {
    // Size and pages follow once uploaded (the document's own line under it).
    description: file.name,
    notices: [],
    prepareAtOnce: true,
    suggestSubject: async () => file.name.replace(/\.(pdf|docx)$/i, ''),
    async prepare(api, onProgress) {
      assertWithinLimit(file.size);
      const typed = file.type ? file : new Blob([file], { type: /\.pdf$/i.test(file.name) ? 'application/pdf' : DOCX });
      const mainDocument = await api.uploadDocument(typed, file.name, uploadProgress(onProgress));
      return { mainDocument, attachments: [], refused: [] };
    },
  };
}
