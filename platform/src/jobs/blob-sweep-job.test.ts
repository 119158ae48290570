import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import PgBoss from 'pg-boss';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/support/database.ts';
import type { Runtime } from '../app/runtime-types.ts';
import { createLocalDiskBlobStore } from '../blob/local-disk-blob-store.ts';
import { loadConfig } from '../config/load-config.ts';
import { migrateToLatest, openPool } from '../db/connect.ts';
import { BLOB_SWEEP_QUEUE, registerBlobSweep } from './blob-sweep-job.ts';

describe('the blob sweep job', () => {
  it('is scheduled and, when it runs, removes a blob no row names and logs the count', async () => {
    const url = await createTestDatabase('sweepjob');
    const dir = mkdtempSync(join(tmpdir(), 'sweepjob-'));
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (l: string) => void lines.push(l) });
    const config = loadConfig({
      env: {},
      override: { databaseUrl: url, dataDir: dir, blobSweep: { orphanGraceHours: 0, cron: '0 3 * * *' } },
    });
    const db = openPool(url, logger, 2);
    await migrateToLatest(db);
    const blobs = createLocalDiskBlobStore(join(dir, 'blobs'));
    const queue = new PgBoss({ connectionString: url, schema: 'pgboss', supervise: false, schedule: false });
    queue.on('error', () => undefined);
    await queue.start();
    try {
      const orphan = await blobs.put(Readable.from([Buffer.alloc(1000, 7)]));
      const rt = { db, blobs, logger, queue, config } as Pick<Runtime, 'db' | 'blobs' | 'logger' | 'queue' | 'config'>;
      await queue.createQueue(BLOB_SWEEP_QUEUE);
      const jobId = (await queue.send(BLOB_SWEEP_QUEUE, {}))!;
      await registerBlobSweep(rt);
      expect((await queue.getSchedules()).map((s) => [s.name, s.cron])).toContainEqual([BLOB_SWEEP_QUEUE, '0 3 * * *']);
      await expect.poll(async () => (await queue.getJobById(BLOB_SWEEP_QUEUE, jobId))?.state, { timeout: 20_000 }).toBe('completed');
      expect(await blobs.exists(orphan.sha256)).toBe(false);
      expect(lines.some((l) => l.includes('blob sweep') && l.includes('"orphans":1'))).toBe(true);
    } finally {
      await queue.stop({ graceful: false, wait: true });
      await db.destroy();
    }
  });
});
