/**
 * @module
 * The archive API, mounted at `/v1/archive` behind bearer auth, one file per resource under
 * `routes/`. Every query is scoped to the caller's organisation (another organisation's ids
 * answer 404) and to the caller's role (see `archive-access.ts`). Every read of an archived
 * document is written to the audit log.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/app-env.ts';
import { validationHook } from '../http/validation-hook.ts';
import type { ArchiveRuntime } from './archive-runtime.ts';
import { auditVerifyRoutes } from './routes/audit-verify-routes.ts';
import { caseRoutes } from './routes/case-routes.ts';
import { exportRoutes } from './routes/export-routes.ts';
import { insightRoutes } from './routes/insight-routes.ts';
import { recordRoutes } from './routes/record-routes.ts';
import { retentionRoutes } from './routes/retention-routes.ts';
import { settingsRoutes } from './routes/settings-routes.ts';

/**
 * The archive routes.
 * @example app.route('/v1/archive', archiveRoutes(rt)); // after the bearer-auth middleware
 */
export function archiveRoutes(rt: ArchiveRuntime): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  for (const routes of [recordRoutes, caseRoutes, exportRoutes, retentionRoutes, insightRoutes, auditVerifyRoutes, settingsRoutes])
    app.route('/', routes(rt));
  return app;
}
