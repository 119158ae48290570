/**
 * @module
 * Request parts of the document API for the OpenAPI document (answers: `@brevdue/shared/api`).
 */
import { z } from '@hono/zod-openapi';

export const IdParamSchema = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' }, format: 'uuid' }) });

const binary = z.string().openapi({ format: 'binary' });
/** Request body types of `POST /v1/documents`. */
export const UPLOAD_MEDIA_TYPES = [
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/msword',
  'application/vnd.oasis.opendocument.text',
  'application/rtf',
  'application/octet-stream',
] as const;
export const uploadBodyContent = Object.fromEntries(UPLOAD_MEDIA_TYPES.map((t) => [t, { schema: binary }]));
export const pdfContent = { 'application/pdf': { schema: binary } };
