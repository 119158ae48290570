/**
 * @module
 * Stable document UUIDs. Digipost wants a UUID per document that is unique for the sender; we derive
 * them from the letter's message id so a retry presents the very same ids (and the status of an
 * earlier delivery can be fetched by them), without storing anything.
 */
import { createHash } from 'node:crypto';

/**
 * The UUID of document `index` of a message (0 = primary document), in the lower-case form
 * api_v8.xsd's `uuid` pattern demands. Name-based (SHA-256, shaped as RFC 4122 version 8).
 */
export function documentUuid(messageId: string, index: number): string {
  const h = createHash('sha256').update(`brevdue:digipost:${messageId}:${index}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x80; // version 8 (custom, name-based)
  h[8] = (h[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** Digipost's `file-type` for a document: its extension, else derived from the media type. */
export function fileType(filename: string, mediaType: string): string {
  const ext = /\.([A-Za-z0-9]{1,10})$/.exec(filename)?.[1]?.toLowerCase();
  if (ext) return ext;
  const byType: Record<string, string> = {
    'application/pdf': 'pdf',
    'text/html': 'html',
    'text/plain': 'txt',
    'image/png': 'png',
    'image/jpeg': 'jpg',
  };
  return byType[mediaType.split(';')[0]!.trim().toLowerCase()] ?? 'pdf';
}
