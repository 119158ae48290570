/**
 * @module
 * A vendor profile: how one print vendor takes letters — file names, batching, the index file
 * (XML or CSV with the fields the vendor wants), the envelope window, and the return files.
 * IT writes one per vendor as JSON (see `examples/print-profiles/` and README.md).
 */
import { z } from 'zod';

/** Values an index field can carry, one per letter. */
export const INDEX_FIELDS = [
  'letterId',
  'messageId',
  'batchId',
  'file',
  'sha256',
  'recipientName',
  'addressLine1',
  'addressLine2',
  'addressLine3',
  'addressLine4',
  'postalCode',
  'city',
  'country',
  'letterClass',
  'duplex',
  'colour',
  'envelope',
  'pages',
  'sheets',
  'senderName',
] as const;
export type IndexField = (typeof INDEX_FIELDS)[number];

/** Statuses a return file can report, as the plugin reads them. */
export const RETURN_STATUSES = ['accepted', 'printed', 'posted', 'error', 'returned'] as const;
export type ReturnStatus = (typeof RETURN_STATUSES)[number];

const template = (what: string, must: string[]) =>
  z
    .string()
    .min(1)
    .refine((s) => must.every((m) => s.includes(m)), { message: `${what} must contain ${must.join(' and ')}` })
    .refine((s) => !/[/\\]/.test(s), { message: `${what} must be a file name, without / or \\` });

const windowSchema = z.object({
  x: z.number().min(0).max(190),
  y: z.number().min(0).max(280),
  width: z.number().min(20).max(210),
  height: z.number().min(10).max(297),
});

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'drop times are HH:MM, e.g. "13:30"');

export const vendorProfileSchema = z
  .object({
    /** The vendor's name, for logs and `brevdue plugins list`. */
    vendor: z.string().min(1),
    /** Name of each letter's PDF; `{messageId}` keys it to the letter, so a retry cannot make a second one. */
    letterFile: template('letterFile', ['{messageId}']).default('{messageId}.pdf'),
    batch: z
      .object({
        /** One folder per batch, or one ZIP file. */
        packaging: z.enum(['folder', 'zip']).default('folder'),
        /** The batch's name (folder, or ZIP without ".zip"); `{batchId}` makes it unique. `{date}` is YYYYMMDD, `{time}` HHMMSS (UTC). */
        name: template('batch.name', ['{batchId}']).default('BREVDUE_{date}_{batchId}'),
        /** At most this many letters in one batch; a full batch is dropped at once. */
        maxLetters: z.number().int().min(1).max(100_000).default(500),
        /** A letter waits at most this long for its batch to fill. */
        maxWaitMinutes: z
          .number()
          .min(0)
          .max(7 * 24 * 60)
          .default(60),
        /** Drop whatever waits at these local times (the vendor's cut-offs, less a margin), e.g. ["11:45", "15:45"]. */
        dropTimes: z.array(hhmm).default([]),
        timeZone: z.string().default('Europe/Copenhagen'),
      })
      .default({
        packaging: 'folder',
        name: 'BREVDUE_{date}_{batchId}',
        maxLetters: 500,
        maxWaitMinutes: 60,
        dropTimes: [],
        timeZone: 'Europe/Copenhagen',
      }),
    index: z
      .object({
        format: z.enum(['xml', 'csv']),
        fileName: z
          .string()
          .min(1)
          .regex(/^[^/\\]+$/, 'index.fileName must be a file name'),
        /** The columns (CSV) or child elements (XML) of each letter, in order. */
        fields: z
          .array(
            z.object({
              field: z.enum(INDEX_FIELDS),
              name: z
                .string()
                .min(1)
                .regex(/^[A-Za-z_][\w.-]*$/, 'index field names must be XML names / CSV headers without spaces'),
            }),
          )
          .min(1),
        csv: z
          .object({ separator: z.string().length(1).default(';'), header: z.boolean().default(true) })
          .default({ separator: ';', header: true }),
        xml: z
          .object({
            root: z.string().default('PrintBatch'),
            letter: z.string().default('Letter'),
            namespace: z.string().optional(),
            /** The vendor's XSD for the index (relative to the profile file); the index is validated before every drop. */
            schemaFile: z.string().optional(),
          })
          .default({ root: 'PrintBatch', letter: 'Letter' }),
      })
      .refine((i) => i.fields.some((f) => f.field === 'messageId'), {
        message: 'index.fields must include { "field": "messageId" }: the vendor names letters by it in return files',
        path: ['fields'],
      }),
    /** What letter class, duplex, colour and envelope are called in the index. */
    values: z
      .object({
        letterClass: z.object({ quick: z.string(), regular: z.string() }).default({ quick: 'A', regular: 'B' }),
        duplex: z.object({ yes: z.string(), no: z.string() }).default({ yes: 'duplex', no: 'simplex' }),
        colour: z.object({ yes: z.string(), no: z.string() }).default({ yes: 'colour', no: 'bw' }),
        envelope: z.object({ C5: z.string(), C4: z.string() }).default({ C5: 'C5', C4: 'C4' }),
      })
      .default({
        letterClass: { quick: 'A', regular: 'B' },
        duplex: { yes: 'duplex', no: 'simplex' },
        colour: { yes: 'colour', no: 'bw' },
        envelope: { C5: 'C5', C4: 'C4' },
      }),
    /** Letters of up to this many sheets go in a C5 envelope (A4 folded), thicker ones in C4. */
    c5MaxSheets: z.number().int().min(1).max(50).default(6),
    /** The manifest: SHA-256 of every file in the batch, `sha256sum` format. Written last. */
    manifestFile: z
      .string()
      .regex(/^[^/\\]+$/)
      .default('manifest.sha256'),
    /** The envelope windows, mm from the top-left of page 1 (default: PostNord C5/C4 measures). */
    window: z
      .object({ C5: windowSchema, C4: windowSchema })
      .default({ C5: { x: 15, y: 44, width: 105, height: 35 }, C4: { x: 15, y: 42, width: 100, height: 40 } }),
    /** A letter whose page 1 does not fit the window: add an address cover page, or refuse it. */
    preflight: z.enum(['cover-page', 'refuse']).default('cover-page'),
    returns: z.object({
      /** CSV return files (receipts, errors, returned mail); one record per letter event. */
      fileNamePattern: z.string().default('\\.csv$'),
      separator: z.string().length(1).default(';'),
      columns: z.object({ messageId: z.string(), status: z.string(), reason: z.string(), at: z.string() }),
      /** The vendor's status words, each mapped to what it means. */
      statuses: z.record(z.string(), z.enum(RETURN_STATUSES)),
    }),
  })
  .strict();

export type VendorProfile = z.infer<typeof vendorProfileSchema>;
export type VendorProfileInput = z.input<typeof vendorProfileSchema>;
