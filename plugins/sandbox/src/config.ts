/**
 * @module
 * The sandbox plugin's config, as IT writes it under `plugins[].config`.
 */
import { z } from 'zod';

/** Where the sandbox simulator listens when `brevdue start` runs it (examples/sandbox.config.json). */
export const DEFAULT_SIMULATOR_URL = 'http://127.0.0.1:4010';

export const sandboxConfigSchema = z
  .object({
    /** Base URL of the sandbox simulator. */
    url: z.url({ message: "url must be the simulator's base URL, e.g. http://127.0.0.1:4010" }).default(DEFAULT_SIMULATOR_URL),
    /**
     * Shared secret of delivery callbacks (the simulator's `callbackSecret` setting). When set,
     * every message asks for callbacks at `<publicUrl>/v1/plugins/<name>/callback`, and
     * callbacks without a valid signature are refused. When absent, status comes by polling.
     */
    callbackSecret: z.string().min(16, 'callbackSecret must be at least 16 characters').optional(),
    /** How long to wait for the simulator's answer before the call counts as a transient failure. */
    timeoutMs: z.number().int().min(100).max(300_000).default(10_000),
    /** Parallel connections kept open to the simulator: enough for the sends and look-ups of 500 letters in flight. */
    connections: z.number().int().min(1).max(2048).default(1024),
  })
  .strict();
export type SandboxConfig = z.infer<typeof sandboxConfigSchema>;
