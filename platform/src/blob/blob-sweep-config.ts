/**
 * @module
 * The `blobSweep` section of the platform config: how long a blob no row names is kept, and how
 * often the sweep runs (sweep-orphan-blobs.ts, scheduled by jobs/blob-sweep-job.ts).
 */
import { z } from 'zod';

/**
 * `blobSweep` in `brevdue.config.json`.
 * @example { "blobSweep": { "orphanGraceHours": 24, "cron": "17 * * * *" } }
 */
export const blobSweepConfigSchema = z
  .object({
    /**
     * A blob no row names is removed once it is this old: long enough for any upload to reach
     * the row that names it (a shipment made from an upload of yesterday is rare but fine).
     */
    orphanGraceHours: z
      .number()
      .min(0, 'orphanGraceHours must be 0 or more')
      .max(24 * 365)
      .default(24),
    /** When the sweep runs (cron, Danish time); pg-boss runs it once across all processes. */
    cron: z.string().min(9, 'cron must be a cron expression such as "17 * * * *"').default('17 * * * *'),
  })
  .strict()
  .prefault({});

/** The parsed `blobSweep` config section. */
export type BlobSweepConfig = z.infer<typeof blobSweepConfigSchema>;
