/**
 * @module
 * Enforces the policy table for every request under `/v1`: the operation is the route Hono
 * matched (method and path, written as `/openapi.json` writes it), the caller's roles come from
 * authentication. Routes declare nothing themselves, so no route can forget a check: an
 * operation the table does not list is refused.
 */
import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../http/api-error.ts';
import type { AppEnv } from '../http/app-env.ts';
import { AUTH_MESSAGES } from './auth-messages.ts';
import { mayCall } from './policy.ts';

/** `GET /v1/shipments/:id` → `GET /v1/shipments/{id}`. */
export function operationOf(method: string, honoPath: string): string {
  return `${method.toUpperCase()} ${honoPath.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, '{$1}')}`;
}

/**
 * The operation of the request: the first route Hono matched that is not middleware — the one
 * that answers (`/inbox/routing-rules` before `/inbox/{id}`, as registered).
 */
function matchedOperation(c: Parameters<MiddlewareHandler<AppEnv>>[0]): string | undefined {
  const first = c.req.matchedRoutes.find((r) => r.method !== 'ALL');
  return first ? operationOf(c.req.method === 'HEAD' ? 'GET' : c.req.method, first.path) : undefined;
}

/** Refuses (403) a caller whose roles may not call the matched operation. */
export function authorize(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const operation = matchedOperation(c);
    // No route matched: let the not-found handler answer.
    if (!operation) return next();
    const auth = c.get('auth');
    if (!mayCall(operation, auth.roles)) throw new ApiError(403, 'forbidden', AUTH_MESSAGES.forbidden(auth.roles));
    await next();
  };
}
