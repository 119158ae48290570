/**
 * @module
 * Test fixture of the archive (used by the `*.test.ts` beside it, not by the platform): a fresh
 * migrated database, real pg-boss, a real blob store in a temp dir, a Hono app with the archive
 * routes behind a tiny test auth middleware, a recording archive target, and helpers that
 * insert organisations, tokens and sent letters as the dispatch code would leave them.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import pg from 'pg';
import PgBoss from 'pg-boss';
import { pino } from 'pino';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { LetterStatus } from '@brevdue/shared';
import { createTestDatabase } from '../../test/support/database.ts';
import { openBlobStore } from '../src/blob/open-blob-store.ts';
import type { BlobStore } from '../src/blob/blob-store.ts';
import { migrations } from '../src/db/migrations/index.ts';
import type { Database, Role } from '../src/db/schema.ts';
import { ApiError } from '../src/http/api-error.ts';
import type { AppEnv, AuthInfo } from '../src/http/app-env.ts';
import { archiveRoutes } from '../src/archive/archive-routes.ts';
import { type ArchiveRuntime, archiveTargetsFrom } from '../src/archive/archive-runtime.ts';
import { ensureArchiveQueue } from '../src/archive/archive-exports.ts';
import { RecordingTarget } from './recording-target.ts';

export { RecordingTarget };

export interface ArchiveFixture {
  db: Kysely<Database>;
  blobs: BlobStore;
  boss: PgBoss;
  rt: ArchiveRuntime;
  target: RecordingTarget;
  app: OpenAPIHono<AppEnv>;
  /** Registers a bearer key for the test auth middleware. */
  login(auth: LoginInput): { headers: Record<string, string>; auth: AuthInfo };
  createOrganisation(name: string): Promise<string>;
  /** A token (with a user when `withUser`) of a role in an organisation; returns its AuthInfo. */
  createToken(organisationId: string, role: Role, withUser?: boolean): Promise<AuthInfo>;
  /** Inserts a shipment with one letter per recipient in `status`, as dispatch leaves them. Returns letter ids. */
  insertSentShipment(opts: SentShipment): Promise<string[]>;
  close(): Promise<void>;
}

/** Who to log in as: a role (or an AuthInfo from `createToken`). */
export interface LoginInput {
  organisationId: string;
  role?: Role;
  roles?: readonly Role[];
  tokenId?: string | null;
  userId?: string | null;
}

/** The AuthInfo of a test caller. */
export function testAuth(a: LoginInput): AuthInfo {
  const tokenId = a.tokenId === undefined ? randomUUID() : a.tokenId;
  const userId = a.userId ?? null;
  return {
    organisationId: a.organisationId,
    roles: a.roles ?? (a.role ? [a.role] : []),
    teams: [],
    tokenId,
    userId,
    actor: userId ? `user:${userId}` : `token:${tokenId}`,
    name: 'test',
    via: 'token',
    sourceAddress: null,
  };
}

export interface SentShipment {
  organisationId: string;
  createdBy: AuthInfo | null;
  subject: string;
  recipients: Array<{ idType: 'CPR' | 'CVR'; id: string; name?: string }>;
  status?: LetterStatus;
  documents?: Array<{ filename: string; body: Buffer; mediaType?: string }>;
  deliveredAt?: Date;
}

/** Builds the fixture; call `close()` in `afterAll`. */
export async function createArchiveFixture(opts: { autoExport?: boolean } = {}): Promise<ArchiveFixture> {
  const url = await createTestDatabase('archive');
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const { error } = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateToLatest();
  if (error) throw error;
  const dir = await mkdtemp(join(tmpdir(), 'brevdue-archive-'));
  // As the platform runs it: small blobs in PostgreSQL.
  const store = openBlobStore(dir, url, pino({ level: 'silent' }));
  const blobs = store.blobs;
  const boss = new PgBoss({ connectionString: url, max: 4, schedule: true, supervise: true });
  boss.on('error', () => {});
  await boss.start();
  await ensureArchiveQueue(boss);
  const target = new RecordingTarget();
  const logger = pino({ level: 'silent' });
  const rt: ArchiveRuntime = {
    db,
    blobs,
    logger,
    queue: boss,
    archiveTargets: archiveTargetsFrom({ recorder: { target, autoExport: opts.autoExport ?? true } }),
  };

  const keys = new Map<string, AuthInfo>();
  const app = new OpenAPIHono<AppEnv>();
  app.onError((err, c) => {
    if (err instanceof ApiError) return c.json(err.toJSON(), err.status);
    return c.json({ error: { code: 'internal', message: err.message } }, 500);
  });
  app.use('/v1/archive/*', async (c, next) => {
    const auth = keys.get((c.req.header('authorization') ?? '').replace(/^Bearer /, ''));
    if (!auth) return c.json({ error: { code: 'unauthorized', message: 'no test key' } }, 401);
    c.set('auth', auth);
    await next();
  });
  app.route('/v1/archive', archiveRoutes(rt));

  const login: ArchiveFixture['login'] = (a) => {
    const auth = testAuth(a);
    const key = randomUUID();
    keys.set(key, auth);
    return { headers: { authorization: `Bearer ${key}` }, auth };
  };

  return {
    db,
    blobs,
    boss,
    rt,
    target,
    app,
    login,
    async createOrganisation(name) {
      const r = await db
        .insertInto('organisations')
        .values({ slug: `o-${randomUUID().slice(0, 8)}`, name, cvr: '29189846' })
        .returning('id')
        .executeTakeFirstOrThrow();
      return r.id;
    },
    async createToken(organisationId, role, withUser = false) {
      let userId: string | null = null;
      if (withUser)
        userId = (
          await db
            .insertInto('users')
            .values({ organisation_id: organisationId, name: `Bruger ${role}`, roles: [role] })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
      const t = await db
        .insertInto('api_tokens')
        .values({ organisation_id: organisationId, user_id: userId, name: `token ${role}`, role, token_hash: randomUUID(), prefix: 'bd_' })
        .returning('id')
        .executeTakeFirstOrThrow();
      return testAuth({ tokenId: t.id, userId, organisationId, role });
    },
    async insertSentShipment(s) {
      const docs = s.documents ?? [{ filename: 'brev.pdf', body: Buffer.from('%PDF-1.4 test letter') }];
      const docIds: string[] = [];
      for (const d of docs) {
        const put = await blobs.putBuffer(d.body);
        const row = await db
          .insertInto('documents')
          .values({
            organisation_id: s.organisationId,
            sha256: put.sha256,
            bytes: put.bytes,
            media_type: d.mediaType ?? 'application/pdf',
            filename: d.filename,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        docIds.push(row.id);
      }
      const request = {
        subject: s.subject,
        mainDocument: docIds[0],
        attachments: docIds.slice(1),
        recipients: s.recipients,
        channelPolicy: 'digital-only',
      };
      const shipment = await db
        .insertInto('shipments')
        .values({
          organisation_id: s.organisationId,
          created_by_token: s.createdBy?.tokenId ?? null,
          created_by_user: s.createdBy?.userId ?? null,
          subject: s.subject,
          channel_policy: 'digital-only',
          request: JSON.stringify(request),
          status: 'released',
          request_hash: randomUUID(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const ids: string[] = [];
      for (const r of s.recipients) {
        const letterId = randomUUID();
        const wire = await blobs.putBuffer(Buffer.from(`<Message><MessageUUID>${letterId}</MessageUUID></Message>`));
        const receipt = await blobs.putBuffer(Buffer.from(JSON.stringify({ status: 'OK', letter: letterId })));
        const delivered = s.deliveredAt ?? new Date();
        await db
          .insertInto('letters')
          .values({
            id: letterId,
            organisation_id: s.organisationId,
            shipment_id: shipment.id,
            recipient_type: r.idType,
            recipient_id: r.id,
            recipient: JSON.stringify(r),
            channel: 'digital',
            provider: 'sandbox',
            status: s.status ?? 'delivered_digital',
            message_id: randomUUID(),
            provider_message_id: `prov-${letterId.slice(0, 8)}`,
            wire_sha256: wire.sha256,
            wire_media_type: 'application/xml',
            receipt_sha256: receipt.sha256,
            receipt_media_type: 'application/json',
            submitted_at: new Date(delivered.getTime() - 60_000),
            delivered_at: delivered,
          })
          .execute();
        ids.push(letterId);
      }
      return ids;
    },
    async close() {
      await boss.stop({ graceful: false, wait: true }).catch(() => {});
      await store.close();
      await db.destroy();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
