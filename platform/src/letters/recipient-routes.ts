/**
 * @module
 * `/v1/recipients/lookup`: validates an identifier and asks the routed provider for the
 * registration (and name where the provider knows it) — for the task pane as the user types.
 * `/v1/recipients/production-units`: a company's P-units from the configured register, to
 * address a letter to one of its sites (`pNumber`, MeMo's ProductionUnit). Both are audited.
 */
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { ID_TYPES, isValidCvr, recipientSchema } from '@brevdue/shared';
import { productionUnitsSchema } from '@brevdue/shared/api';
import { ProviderError } from '@brevdue/shared/sdk';
import { ApiError, badRequest } from '../http/api-error.ts';
import { requestLang } from '../http/request-lang.ts';
import { registerFor } from '../plugins/register-lookups.ts';
import { recipientMessages } from './recipient-messages.ts';
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
      responses: {
        200: json(
          z.object({
            valid: z.boolean(),
            message: z.string().optional(),
            registration: z.string().optional(),
            name: z.string().optional(),
            sms: z.boolean().optional(),
          }),
          'Lookup',
        ),
        ...errors,
      },
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
        return c.json(
          {
            valid: true,
            registration: r.registration,
            ...(r.name ? { name: r.name } : {}),
            ...(r.sms !== undefined ? { sms: r.sms } : {}),
          },
          200,
        );
      } catch {
        return c.json({ valid: true, registration: 'unknown' }, 200);
      }
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/production-units',
      summary: "A company's active production units (P-numbers), from the configured register, for a CVR recipient's `pNumber`",
      request: { query: z.object({ cvr: z.string().trim().min(1) }) },
      responses: { 200: json(productionUnitsSchema, 'The P-units'), ...errors },
    }),
    async (c) => {
      const { cvr } = c.req.valid('query');
      const msg = recipientMessages(requestLang(c.req.header('accept-language')));
      if (!isValidCvr(cvr)) badRequest('cvr', msg.badCvr);
      const auth = c.get('auth');
      await writeAudit(rt.db, {
        organisationId: auth.organisationId,
        actor: auth.actor,
        action: 'recipient.production-units',
        party: { idType: 'CVR', id: cvr },
        sourceAddress: auth.sourceAddress,
      });
      try {
        const units = await registerFor(rt.plugins).productionUnits(cvr);
        return c.json(
          { cvr, productionUnits: units.map((u) => ({ pNumber: u.pNumber, name: u.name, ...(u.address ? { address: u.address } : {}) })) },
          200,
        );
      } catch (e) {
        if (!(e instanceof ProviderError)) throw e;
        if (e.code === 'NOT_FOUND') throw new ApiError(404, 'company_not_found', msg.companyNotFound, { field: 'cvr' });
        if (e.code === 'INVALID_ID') badRequest('cvr', msg.badCvr);
        if (e.code === 'NOT_SUPPORTED') throw new ApiError(501, 'no_register', msg.noRegister);
        if (e.kind === 'transient') throw new ApiError(503, 'register_unavailable', msg.registerUnavailable(e.message));
        throw new ApiError(502, 'register_failed', msg.registerFailed(e.message));
      }
    },
  );
  return app;
}
