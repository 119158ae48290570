/**
 * @module
 * Helpers for declaring answers in routes' OpenAPI definitions; the answers' schemas themselves
 * are shared with the clients (`@brevdue/shared/api`).
 */
import { apiErrorSchema } from '@brevdue/shared/api';
import type { z } from '@hono/zod-openapi';

/** A JSON answer with this schema. */
export const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });

/** A JSON error answer (the API's one error shape). */
export const errorResponse = (description: string) => json(apiErrorSchema, description);

/** The error answers most routes share. */
export const errors = {
  400: errorResponse('Invalid input; `field` names what to fix'),
  401: { description: 'Missing or wrong token' },
  404: errorResponse('Not found'),
};
