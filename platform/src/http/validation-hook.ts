/**
 * @module
 * Turns a zod validation failure of a request into a 400 naming the first field at fault.
 */
import type { Hook } from '@hono/zod-openapi';

export const validationHook: Hook<any, any, any, any> = (result, c) => {
  if (!result.success) {
    const issues = result.error.issues;
    const first = issues[0];
    const field = first?.path.join('.') || '(body)';
    return c.json(
      {
        error: {
          code: 'invalid_request',
          message: `${field}: ${first?.message ?? 'invalid'}`,
          field,
          details: issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
        },
      },
      400,
    );
  }
};
