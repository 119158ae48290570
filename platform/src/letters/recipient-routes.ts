/**
 * @module
 * `/v1/recipients/lookup`: validates an identifier and asks the routed provider for the
 * registration (and name where the provider knows it) — for the task pane as the user types.
 */
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { ID_TYPES, recipientSchema } from '@brevdue/shared';
import type { AppEnv } from '../http/app-env.ts';
import { json, errors } from '../http/openapi-schemas.ts';
import { validationHook } from '../http/validation-hook.ts';
import type { Runtime } from '../app/runtime-types.ts';
import { writeAudit } from '../audit/write-audit.ts';

export function recipientRoutes(rt: Runtime): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(
    createRoute({
      method: 'get',
      path: '/lookup',
      request: { query: z.object({ idType: z.enum(ID_TYPES), id: z.string().min(1) }) },
      responses: { 200: json(z.object({ valid: z.boolean(), message: z.string().optional(), registration: z.string().optional(), name: z.string().optional(), sms: z.boolean().optional() }), 'Lookup'), ...errors },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const parsed = recipientSchema.safeParse(q);
      if (!parsed.success) return c.json({ valid: false, message: parsed.error.issues[0]?.message }, 200);
      const auth = c.get('auth');
      // A look-up reveals whether and how a person is reachable: personal data, audited.
      await writeAudit(rt.db, {
        organisationId: auth.organisationId,
        actor: auth.actor,
        action: 'recipient.lookup',
        party: { idType: parsed.data.idType, id: parsed.data.id },
        sourceAddress: auth.sourceAddress,
      });
      const p = rt.plugins.route(parsed.data.idType, 'digital') ?? rt.plugins.route(parsed.data.idType, 'print');
      if (!p) return c.json({ valid: true, registration: 'unknown' }, 200);
      try {
        const r = await p.provider.lookup(parsed.data);
        return c.json({ valid: true, registration: r.registration, ...(r.name ? { name: r.name } : {}), ...(r.sms !== undefined ? { sms: r.sms } : {}) }, 200);
      } catch {
        return c.json({ valid: true, registration: 'unknown' }, 200);
      }
    },
  );
  return app;
}
