/**
 * @module
 * File names inside the insight ZIP, safe to unpack on Windows as well as elsewhere: the
 * citizen or the archivist opening it is as likely to use Explorer as anything.
 */

// Characters Windows refuses in a file name, the path separators, and control characters.
// eslint-disable-next-line no-control-regex -- control characters are exactly what must not reach an entry name
const FORBIDDEN = /[<>:"/\\|?*\u0000-\u001f\u007f]/g;
// Device names Windows reserves, with or without an extension ("CON.pdf", "CON .pdf" open the console).
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]) *(\..*)?$/i;

/**
 * A ZIP entry name for a file name: forbidden characters become `_`, trailing dots and spaces
 * go, a reserved device name gets a `_` in front, and long names are cut to `maxLength`
 * characters keeping the extension.
 * @example safeEntryName('Svar <endeligt>?.pdf') // 'Svar _endeligt__.pdf'
 * @example safeEntryName('CON.pdf') // '_CON.pdf'
 */
export function safeEntryName(name: string, maxLength = 120): string {
  let s = name.normalize('NFC').replace(FORBIDDEN, '_');
  s = shorten(s, maxLength).replace(/[. ]+$/, '');
  if (RESERVED.test(s)) s = `_${s}`;
  return s === '' ? '_' : s;
}

/** Cuts to `max` characters (whole code points, so no half emoji), keeping a short extension. */
function shorten(s: string, max: number): string {
  const chars = Array.from(s);
  if (chars.length <= max) return s;
  const dot = s.lastIndexOf('.');
  const ext = dot > 0 && s.length - dot <= 10 ? Array.from(s.slice(dot)) : [];
  return [...chars.slice(0, max - ext.length), ...ext].join('');
}
