/**
 * @module
 * The export format: the `metadata.json` written beside the PDFs in every record folder, as a
 * zod schema (an importer can validate with it) and the fixed file names per role.
 */
import { z } from 'zod';

/** Current format version; a change that breaks an importer bumps it. */
export const LUDUS_FORMAT_VERSION = 1;

/** The file name of a document in the record folder: fixed per role, numbered when a role repeats. */
export function ludusFileName(role: string, n: number, ext: string): string {
  const base: Record<string, string> = {
    letter: 'brev',
    receipt: 'kvittering',
    attachment: 'bilag',
    'provider-receipt': 'leverandoerkvittering',
    'wire-message': 'forsendelse',
  };
  const stem = base[role] ?? role;
  return `${n > 1 || role === 'attachment' ? `${stem}-${n}` : stem}${ext}`;
}

export const ludusMetadataSchema = z.object({
  format: z.literal('brevdue-ludus-export'),
  version: z.literal(LUDUS_FORMAT_VERSION),
  recordId: z.uuid(),
  exportedAt: z.iso.datetime(),
  organisation: z.object({ id: z.string(), name: z.string(), cvr: z.string().optional() }),
  student: z.object({ cpr: z.string().regex(/^\d{10}$/), name: z.string().optional() }),
  direction: z.enum(['outgoing', 'incoming']),
  letterId: z.string().optional(),
  subject: z.string(),
  occurredAt: z.iso.datetime(),
  channel: z.string().optional(),
  provider: z.string().optional(),
  providerMessageId: z.string().optional(),
  status: z.string().optional(),
  documents: z
    .array(
      z.object({
        role: z.enum(['letter', 'attachment', 'receipt', 'provider-receipt', 'wire-message']),
        file: z.string().regex(/^[a-z0-9-]+\.[a-z0-9]+$/),
        originalFilename: z.string(),
        mediaType: z.string(),
        sha256: z.string().regex(/^[0-9a-f]{64}$/),
        bytes: z.number().int().min(0),
      }),
    )
    .min(1),
});
export type LudusMetadata = z.infer<typeof ludusMetadataSchema>;

/** The record folder's name: the date it happened, then the record id (sorts by date, unique by id). */
export const recordFolderName = (occurredAt: Date, recordId: string) => `${occurredAt.toISOString().slice(0, 10)}_${recordId}`;

/** The staging folder (ignored by the import: it starts with a dot). */
export const STAGING_DIR = '.brevdue-tmp';
