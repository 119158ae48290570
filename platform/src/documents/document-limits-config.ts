/**
 * @module
 * The `documents.limits` section of the platform config: how much an uploaded document may ask
 * of the server before it is refused (413/422 naming the limit). The page limit's default holds a
 * merge run of 5,000 two-page letters (a school's yearly mailing); the pages are read off the event
 * loop, within the time limit, so a hostile document costs a worker thread, not the API.
 * @example { "documents": { "limits": { "maxPages": 20000, "activeContent": "remove" } } }
 */
import { z } from 'zod';

const whole = (field: string, unit: string) =>
  z.number().int(`${field} must be a whole number of ${unit}`).min(1, `${field} must be at least 1`);

export const documentLimitsSchema = z
  .object({
    /** Most pages of an uploaded PDF (converted documents included). */
    maxPages: whole('maxPages', 'pages').max(1_000_000).default(10_000),
    /** Most MB one compressed stream of a PDF may inflate to. */
    maxInflatedMb: whole('maxInflatedMb', 'MB').max(4096).default(64),
    /** Most seconds reading one PDF may take (page count, text, active content). */
    readSeconds: whole('readSeconds', 'seconds').max(3600).default(60),
    /** Most seconds LibreOffice may take to convert one document. */
    convertSeconds: whole('convertSeconds', 'seconds').max(3600).default(120),
    /** Most MB of address space LibreOffice may use for one conversion, and the JavaScript heap of Chromium's renderer. */
    convertMemoryMb: whole('convertMemoryMb', 'MB').min(256, 'convertMemoryMb must be at least 256').max(65536).default(2048),
    /** Most MB a Word/OpenDocument file's entries may declare uncompressed, together (a zip bomb is refused before conversion). */
    maxUnzippedMb: whole('maxUnzippedMb', 'MB').max(65536).default(256),
    /**
     * What to do with a PDF that carries JavaScript, launch actions or embedded files, which
     * Digital Post refuses: `refuse` the upload (422 naming what was found), or `remove` them by
     * rebuilding the PDF from its pages (what is left is checked again; anything left is refused).
     */
    activeContent: z.enum(['refuse', 'remove']).default('refuse'),
  })
  .strict()
  .prefault({});

/** The parsed `documents.limits` config section. */
export type DocumentLimits = z.infer<typeof documentLimitsSchema>;

/** The `documents` section (only its limits so far). */
export const documentsConfigSchema = z.object({ limits: documentLimitsSchema }).strict().prefault({});
