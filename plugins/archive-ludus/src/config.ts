/**
 * @module
 * The LUDUS folder-drop target's config.
 */
import { z } from 'zod';

export const ludusConfigSchema = z.object({
  /** The folder LUDUS imports from (a share mounted here). Relative paths resolve against the working directory (like the platform's `dataDir`). */
  dropDir: z.string().trim().min(1, 'dropDir is required: the folder LUDUS imports from'),
  /** Create `dropDir` at start-up when it is missing (otherwise start-up is refused). */
  createDropDir: z.boolean().default(false),
});

export type LudusConfig = z.infer<typeof ludusConfigSchema>;
export type LudusConfigInput = z.input<typeof ludusConfigSchema>;
