/**
 * @module
 * The LUDUS drop target's config: a folder (`dropDir`) or an SFTP server (`sftp`), one of them.
 */
import { z } from 'zod';
import { messages } from './messages.ts';

export const ludusSftpSchema = z
  .object({
    host: z.string().min(1, 'sftp.host is required'),
    port: z.number().int().min(1).max(65535).default(22),
    username: z.string().min(1, 'sftp.username is required'),
    password: z.string().min(1).optional(),
    /** Path of an OpenSSH private key file (instead of a password). */
    privateKeyFile: z.string().min(1).optional(),
    /** The server's host key fingerprint as `ssh-keygen -lf` prints it: `SHA256:<base64>`. */
    hostKeySha256: z
      .string()
      .regex(
        /^SHA256:[A-Za-z0-9+/]{43}$/,
        'sftp.hostKeySha256 must be the host key fingerprint, SHA256:<43 base64 characters> (ssh-keygen -lf)',
      ),
    /** The import folder on the server (absolute). */
    remoteDir: z.string().regex(/^\//, 'sftp.remoteDir must be an absolute path on the server, e.g. /ludus/import'),
    timeoutMs: z.number().int().min(1000).default(20_000),
  })
  .refine((s) => s.password !== undefined || s.privateKeyFile !== undefined, {
    message: 'set sftp.password or sftp.privateKeyFile',
    path: ['password'],
  });

export const ludusConfigSchema = z
  .object({
    /** The folder LUDUS imports from (a share mounted here). Relative paths resolve against the working directory (like the platform's `dataDir`). */
    dropDir: z.string().trim().min(1, 'dropDir must not be empty').optional(),
    /** Create `dropDir` at start-up when it is missing (otherwise start-up is refused). */
    createDropDir: z.boolean().default(false),
    /** Write to an SFTP server instead of a folder. */
    sftp: ludusSftpSchema.optional(),
  })
  .superRefine((c, ctx) => {
    if ((c.dropDir === undefined) === (c.sftp === undefined))
      ctx.addIssue({ code: 'custom', path: ['dropDir'], message: messages.oneMode });
  });

export type LudusConfig = z.infer<typeof ludusConfigSchema>;
export type LudusConfigInput = z.input<typeof ludusConfigSchema>;
