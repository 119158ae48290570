/**
 * @module
 * File name extensions for the media types the archive files.
 */
const EXT: Record<string, string> = {
  'application/pdf': 'pdf',
  'application/xml': 'xml',
  'text/xml': 'xml',
  'application/json': 'json',
  'text/plain': 'txt',
  'text/html': 'html',
  'message/rfc822': 'eml',
  'application/zip': 'zip',
};

/** `application/xml; charset=utf-8` → `xml`; unknown types → `bin`. */
export function extensionFor(mediaType: string): string {
  const base = mediaType.split(';')[0]!.trim().toLowerCase();
  if (EXT[base]) return EXT[base];
  if (base.endsWith('+xml')) return 'xml';
  if (base.endsWith('+json')) return 'json';
  return 'bin';
}
