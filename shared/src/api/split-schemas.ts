/**
 * @module
 * `POST /v1/documents/{id}/split` and `GET /v1/splits/{id}`: a merged PDF cut into one document
 * per letter, each holding only its own pages.
 */
import { z } from 'zod';

export const splitRequestSchema = z
  .discriminatedUnion('by', [
    z.object({
      by: z.literal('identifier').meta({
        description:
          "A letter starts on a page whose first CPR/CVR differs from the current letter's recipient; pages without one belong to the letter before",
      }),
      redactCpr: z.boolean().default(false),
    }),
    z.object({
      by: z.literal('pages'),
      pagesPerLetter: z.number().int().min(1).max(10_000).meta({ description: 'Every N pages make a letter (the last may be shorter)' }),
      redactCpr: z.boolean().default(false),
    }),
  ])
  .meta({
    id: 'SplitRequest',
    description:
      "`redactCpr`: remove every CPR number from the letters' content (text and drawn glyphs), replaced visibly; CVR numbers stay",
  });
export type SplitRequest = z.infer<typeof splitRequestSchema>;
export type SplitRequestInput = z.input<typeof splitRequestSchema>;

export const splitSchema = z
  .object({
    id: z.uuid(),
    status: z.enum(['running', 'done', 'failed']),
    progress: z
      .object({ pages: z.number().int(), of: z.number().int() })
      .meta({ description: 'Pages processed of the document (both passes, read and write)' }),
    letters: z
      .array(
        z.object({
          recipient: z
            .object({
              idType: z.enum(['CPR', 'CVR']),
              id: z.string().meta({ example: '0101904321', description: 'In full: the client puts it in the shipment' }),
              name: z.string().optional(),
            })
            .nullable()
            .meta({ description: 'null for a letter of `by: pages` without any CPR/CVR on its pages' }),
          pages: z.array(z.number().int().min(1)).meta({ description: '1-based pages of the source document' }),
          document: z.uuid().meta({ description: "The document id of this letter's own PDF" }),
        }),
      )
      .meta({ description: 'Empty until the split is done' }),
    unassignedPages: z
      .array(z.number().int().min(1))
      .meta({ description: 'Pages before the first identifier: in no letter, never dropped silently' }),
    error: z.object({ code: z.string(), message: z.string() }).optional().meta({ description: 'Why the split failed' }),
  })
  .meta({ id: 'Split' });
export type SplitView = z.infer<typeof splitSchema>;
