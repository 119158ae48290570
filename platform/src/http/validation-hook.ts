/**
 * @module
 * Turns a zod validation failure of a request into the API's one 400: the first field at fault
 * named in `field` and the message, every issue in `details`. Every route table uses it.
 */
import type { Hook } from '@hono/zod-openapi';
import type { AppEnv } from './app-env.ts';
import { ApiError } from './api-error.ts';

// Hono's Hook is generic over each route's input and output; this hook serves every route.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const validationHook: Hook<any, AppEnv, any, any> = (result) => {
  if (!result.success) {
    const issues = result.error.issues;
    const first = issues[0];
    const field = first?.path.join('.') || '(body)';
    throw new ApiError(400, 'invalid_request', `${field}: ${first?.message ?? 'invalid'}`, {
      field,
      details: issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
    });
  }
};
