/**
 * @module
 * The organisation's archive settings: the language its receipt PDFs are written in. A change
 * applies to receipts filed from then on; a filed receipt is never rewritten.
 */
import { OpenAPIHono, createRoute } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/app-env.ts';
import { validationHook } from '../../http/validation-hook.ts';
import type { ArchiveRuntime } from '../archive-runtime.ts';
import * as S from '../archive-api-schemas.ts';
import { errors, json, tags } from './route-kit.ts';
import { writeAudit } from '../../audit/write-audit.ts';
import { actorOf, requirePermission } from '../archive-access.ts';

/** Archive settings as a sub-app of the archive routes. */
export function settingsRoutes(rt: ArchiveRuntime): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.openapi(
    createRoute({
      method: 'get',
      path: '/settings',
      tags,
      responses: { 200: json(S.archiveSettingsSchema, 'The organisation\u2019s archive settings'), ...errors },
    }),
    async (c) => {
      const auth = c.get('auth');
      requirePermission(auth, 'settingsRead');
      const org = await rt.db
        .selectFrom('organisations')
        .select('receipt_language')
        .where('id', '=', auth.organisationId)
        .executeTakeFirstOrThrow();
      return c.json({ receiptLanguage: org.receipt_language }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'put',
      path: '/settings',
      tags,
      request: { body: { content: { 'application/json': { schema: S.archiveSettingsSchema } } } },
      responses: { 200: json(S.archiveSettingsSchema, 'Settings saved'), ...errors },
    }),
    async (c) => {
      const auth = c.get('auth');
      requirePermission(auth, 'settingsWrite');
      const { receiptLanguage } = c.req.valid('json');
      // The change and its audit entry together, or neither.
      await rt.db.transaction().execute(async (trx) => {
        const before = await trx
          .selectFrom('organisations')
          .select('receipt_language')
          .where('id', '=', auth.organisationId)
          .forUpdate()
          .executeTakeFirstOrThrow();
        if (before.receipt_language === receiptLanguage) return;
        await trx.updateTable('organisations').set({ receipt_language: receiptLanguage }).where('id', '=', auth.organisationId).execute();
        await writeAudit(trx, {
          organisationId: auth.organisationId,
          actor: actorOf(auth),
          action: 'archive.settings.set',
          details: { receiptLanguage, was: before.receipt_language },
        });
      });
      return c.json({ receiptLanguage }, 200);
    },
  );
  return app;
}
