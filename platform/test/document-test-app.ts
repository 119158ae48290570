/**
 * @module
 * Test harness of the document routes: a real PostgreSQL database with the migrations run, a
 * real local-disk blob store in a temporary directory, two organisations, and a Hono app with a
 * tiny stand-in for the auth middleware (header `x-test-org: a|b` picks the organisation).
 * Used by the tests and the benchmark only.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpenAPIHono } from '@hono/zod-openapi';
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import type { BlobStore } from '../src/blob/blob-store.ts';
import { createLocalDiskBlobStore } from '../src/blob/local-disk-blob-store.ts';
import { migrations } from '../src/db/migrations/index.ts';
import type { Database } from '../src/db/schema.ts';
import { featureApp, testAuth } from './feature-app.ts';
import type { AppEnv } from '../src/http/app-env.ts';
import type { Runtime } from '../src/app/runtime-types.ts';
import { documentRoutes, type DocumentRoutesOptions } from '../src/documents/document-routes.ts';
import { documentLimitsSchema, type DocumentLimits } from '../src/documents/document-limits-config.ts';
import { createPdfEngine } from '../src/pdf-engine/index.ts';

export interface DocumentTestApp {
  app: OpenAPIHono<AppEnv>;
  db: Kysely<Database>;
  blobs: BlobStore;
  blobDir: string;
  orgs: { a: string; b: string };
  /** Every file under the blob directory (the `tmp/` work area included). */
  blobFiles(): Promise<string[]>;
  close(): Promise<void>;
}

/**
 * Builds the harness on a database URL (from `createTestDatabase()`).
 * @param logLines receives every log line, so tests can check what was (not) logged
 */
export async function createDocumentTestApp(
  databaseUrl: string,
  opts: DocumentRoutesOptions & { logLines?: string[]; limits?: Partial<DocumentLimits> } = {},
): Promise<DocumentTestApp> {
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: databaseUrl, max: 5 }) }) });
  const { error } = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateToLatest();
  if (error) throw error;
  const orgA = await db.insertInto('organisations').values({ slug: 'org-a', name: 'Kommune A' }).returning('id').executeTakeFirstOrThrow();
  const orgB = await db.insertInto('organisations').values({ slug: 'org-b', name: 'Kommune B' }).returning('id').executeTakeFirstOrThrow();

  const blobDir = await mkdtemp(join(tmpdir(), 'brevdue-doc-test-'));
  const blobs = createLocalDiskBlobStore(blobDir);
  const lines = opts.logLines;
  const logger = lines ? pino({ level: 'debug' }, { write: (s: string) => void lines.push(s) }) : pino({ level: 'silent' });
  // Only the parts the document routes use; the rest of Runtime belongs to the platform.
  const pdf = createPdfEngine({ threads: 1 });
  const config = { documents: { limits: documentLimitsSchema.parse(opts.limits ?? {}) } };
  const rt = { db, blobs, logger, pdf, config } as unknown as Runtime;

  const app = featureApp((header) => testAuth({ organisationId: header('x-test-org') === 'b' ? orgB.id : orgA.id }), logger);
  app.route('/v1/documents', documentRoutes(rt, opts));

  async function walk(dir: string): Promise<string[]> {
    const out: string[] = [];
    for (const e of await readdir(dir, { withFileTypes: true })) {
      if (e.isDirectory()) out.push(...(await walk(join(dir, e.name))));
      else out.push(join(dir, e.name));
    }
    return out;
  }

  return {
    app,
    db,
    blobs,
    blobDir,
    orgs: { a: orgA.id, b: orgB.id },
    blobFiles: () => walk(blobDir),
    async close() {
      await pdf.close();
      await db.destroy();
      await rm(blobDir, { recursive: true, force: true });
    },
  };
}
