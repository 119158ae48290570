/**
 * @module
 * The print-sftp plugin's config as IT writes it under `plugins[].config`: the vendor's SFTP
 * server (host key pinned, key or password login, drop and return folders) and the vendor
 * profile, inline or as the path of a JSON file.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { vendorProfileSchema, type VendorProfile } from './vendor-profile.ts';

export const sftpSchema = z
  .object({
    host: z.string().min(1, "sftp.host is the vendor's SFTP host name"),
    port: z.number().int().min(1).max(65535).default(22),
    username: z.string().min(1, 'sftp.username is required'),
    /** Password login; prefer `privateKeyFile`. Put secrets in the environment: "password": "${PRINT_SFTP_PASSWORD}". */
    password: z.string().min(1).optional(),
    /** Path of an OpenSSH private key file. */
    privateKeyFile: z.string().min(1).optional(),
    passphrase: z.string().optional(),
    /** The vendor's host key fingerprint as `ssh-keygen -lf` prints it: `SHA256:<43 base64 characters>`. */
    hostKeySha256: z
      .string()
      .regex(
        /^SHA256:[A-Za-z0-9+/]{43}$/,
        "sftp.hostKeySha256 must be the vendor's host key fingerprint, SHA256:<43 base64 characters> (ssh-keygen -lf)",
      ),
    /** Where batches are dropped (absolute path on the server). */
    dropDir: z.string().regex(/^\//, 'sftp.dropDir must be an absolute path on the server, e.g. /in'),
    /** Where the vendor puts return files. */
    returnDir: z.string().regex(/^\//, 'sftp.returnDir must be an absolute path on the server, e.g. /out'),
    timeoutMs: z.number().int().min(1000).max(300_000).default(20_000),
  })
  .strict()
  .refine((s) => s.password !== undefined || s.privateKeyFile !== undefined, {
    message: 'set sftp.privateKeyFile (an OpenSSH key) or sftp.password',
    path: ['privateKeyFile'],
  });

/** A profile with the folder its relative paths (the XSD) resolve against. */
export type LoadedProfile = VendorProfile & { readonly baseDir: string };

/** Reads a profile object or file, reporting problems at `profile.<field>`. */
const profileField = z.union([z.string().min(1), z.record(z.string(), z.unknown())]).transform((v, ctx): LoadedProfile => {
  let raw: unknown = v;
  let baseDir = process.cwd();
  if (typeof v === 'string') {
    const file = resolve(v);
    baseDir = dirname(file);
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      ctx.addIssue({
        code: 'custom',
        message: `the vendor profile file ${file} cannot be read as JSON (${(e as Error).message.slice(0, 120)}); fix the path or the file`,
      });
      return z.NEVER;
    }
  }
  const parsed = vendorProfileSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      ctx.addIssue({ code: 'custom', path: issue.path as (string | number)[], message: issue.message });
    return z.NEVER;
  }
  return { ...parsed.data, baseDir };
});

export const printSftpConfigSchema = z
  .object({
    sftp: sftpSchema,
    /** The vendor profile: a JSON object, or the path of a JSON file (relative to the working directory). */
    profile: profileField,
    /** Language of texts shown to people (reasons, warnings): Danish by default. */
    language: z.enum(['da', 'en']).default('da'),
    /** How often (seconds) the plugin checks whether a batch is due (full, waited long enough, a drop time passed). */
    checkIntervalSeconds: z.number().int().min(1).max(3600).default(30),
  })
  .strict();

export type PrintSftpConfig = z.infer<typeof printSftpConfigSchema>;
export type PrintSftpConfigInput = z.input<typeof printSftpConfigSchema>;
