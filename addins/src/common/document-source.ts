/**
 * @module
 * What each host hands the common flow: where the letter's documents come from. Word exports
 * the open document, Outlook the open mail, /send a file from disk; the rest of the flow
 * (recipients, actions, preview, send, status) is the same.
 */
import type { BrevdueApi, ProgressListener } from './api-client.ts';
import type { DocumentView } from '@brevdue/shared/api';

/** Documents uploaded and ready to be named in a shipment. */
export interface PreparedDocuments {
  mainDocument: DocumentView;
  attachments: DocumentView[];
  /** Attachments the platform would not take, with the reason (Outlook). */
  refused: Array<{ filename: string; reason: string }>;
}

/** Progress of preparing: exporting from the host, then uploading. */
export type PrepareProgress = { phase: 'export' } | { phase: 'upload'; sent: number; total: number };

export interface DocumentSource {
  /** Short description shown in the Document section. */
  readonly description: string;
  /** Notices about what this host cannot do (e.g. Outlook without Mailbox 1.8). */
  readonly notices: string[];
  /** The subject to prefill (document title, file name, e-mail subject). */
  suggestSubject(): Promise<string>;
  /**
   * Upload as soon as the flow opens (a file picked on /send), so a document the platform refuses
   * (a corrupt PDF) is reported at once, beside the document, not at preview. The Office hosts
   * export when asked: the user may still be editing.
   */
  readonly prepareAtOnce?: boolean;
  /** Exports and uploads the documents. Throws with a message a person can act on. */
  prepare(api: BrevdueApi, onProgress: (p: PrepareProgress) => void): Promise<PreparedDocuments>;
}

/** Adapts an upload progress callback to {@link PrepareProgress}. */
export function uploadProgress(onProgress: (p: PrepareProgress) => void): ProgressListener {
  return (sent, total) => onProgress({ phase: 'upload', sent, total });
}
