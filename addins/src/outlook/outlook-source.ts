/// <reference types="office-js" />
/**
 * @module
 * The Outlook pane's document source: the open message, turned into a PDF by the platform.
 */
import type { DocumentSource } from '../common/document-source.ts';
import { uploadProgress } from '../common/document-source.ts';
import { messages } from '../common/messages.ts';
import { assertWithinLimit } from '../common/upload-limit.ts';
import { canReadAttachments, readMail, type OutlookOfficeLike } from './read-mail.ts';

/** A {@link DocumentSource} over the open Outlook message. */
export function outlookSource(office: OutlookOfficeLike): DocumentSource {
  return {
    description: messages.outlookMail,
    notices: canReadAttachments(office) ? [] : [messages.outlookNoAttachments],
    async suggestSubject() {
      const item = office.context.mailbox.item;
      const subj = item?.subject;
      if (typeof subj === 'string') return subj;
      return new Promise<string>((resolve) =>
        (subj as { getAsync(cb: (r: Office.AsyncResult<string>) => void): void }).getAsync((r) => resolve(r.value ?? '')),
      );
    },
    async prepare(api, onProgress) {
      onProgress({ phase: 'export' });
      const { payload } = await readMail(office);
      // Base64 is 4/3 of the bytes: estimate the documents' size before uploading.
      const b64 = [...payload.attachments, ...payload.inlineImages].reduce((n, a) => n + a.base64.length, 0);
      assertWithinLimit(Math.floor((b64 * 3) / 4) + payload.html.length);
      const r = await api.uploadEmail(payload, uploadProgress(onProgress));
      return { mainDocument: r.mainDocument, attachments: r.attachments, refused: r.refused };
    },
  };
}
