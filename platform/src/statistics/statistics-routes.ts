/**
 * @module
 * `GET /v1/statistics`: counts of the caller's letters and received post over a period of
 * whole days in Danish time (the last 30 by default, at most 366), as JSON for the console's
 * charts or, with `format=csv`, one row a day for a spreadsheet. One operation in the policy
 * table; what each role counts is what it may see (`statistics-queries.ts`). Counts carry no
 * personal data, so reading them is not audited.
 */
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Kysely } from 'kysely';
import { isDay, statisticsSchema } from '@brevdue/shared/api';
import type { Database } from '../db/schema.ts';
import type { AppEnv } from '../http/app-env.ts';
import { errors } from '../http/openapi-schemas.ts';
import { validationHook } from '../http/validation-hook.ts';
import { statisticsMessages } from './messages.ts';
import { statisticsCsv } from './statistics-csv.ts';
import { resolvePeriod } from './statistics-period.ts';
import { statisticsOf } from './statistics-queries.ts';

// Validation texts in the default language (Danish), like every 400 of the API.
const M = statisticsMessages();

const day = z.string().refine(isDay, M.notDate);

const querySchema = z.object({
  from: day
    .optional()
    .openapi({ description: 'First day, inclusive, `YYYY-MM-DD` (Danish time); default: 29 days before `to`', example: '2026-11-01' }),
  to: day.optional().openapi({ description: 'Last day, inclusive, `YYYY-MM-DD` (Danish time); default: today', example: '2026-11-30' }),
  format: z.enum(['json', 'csv']).default('json').openapi({ description: '`csv`: one row a day, for a spreadsheet' }),
  lang: z.enum(['da', 'en']).default('da').openapi({ description: 'Language of the CSV header' }),
});

/**
 * The statistics route, to mount at `/v1/statistics` (every role by the policy table).
 * @example app.route('/v1/statistics', statisticsRoutes(rt));
 */
export function statisticsRoutes(rt: { db: Kysely<Database> }): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(
    createRoute({
      method: 'get',
      path: '/',
      summary: 'Letters sent per day and channel, failures by reason, received post per day and registration share; `format=csv` per day',
      request: { query: querySchema },
      responses: {
        200: {
          description: 'The counts (JSON), or one row a day (CSV, RFC 4180)',
          content: { 'application/json': { schema: statisticsSchema }, 'text/csv': { schema: z.string() } },
        },
        ...errors,
      },
    }),
    async (c) => {
      const { format, lang, ...q } = c.req.valid('query');
      const period = resolvePeriod(q);
      const stats = await statisticsOf(rt.db, c.get('auth'), period);
      if (format === 'csv') {
        return c.body(statisticsCsv(stats, lang), 200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="${statisticsMessages(lang).csvFilename(period.from, period.to)}"`,
          'cache-control': 'no-store',
        });
      }
      return c.json(stats, 200);
    },
  );
  return app;
}
