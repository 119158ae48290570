/**
 * @module
 * The `identity` section of the platform config: which OpenID provider staff sign in with (Entra
 * ID first, any standard provider), the API audience tokens must carry, allowed tenants, how app
 * roles and groups map to Brevdue roles and teams, and the sandbox's own provider. Secrets come
 * from the environment. A bad value throws `IdentityConfigError` naming the field and the fix.
 */
import { z } from 'zod';

/** Brevdue's roles, least to most powerful in what they may change. */
export const BREVDUE_ROLES = ['sender', 'teamlead', 'archivist', 'auditor', 'admin'] as const;
export type BrevdueRole = (typeof BREVDUE_ROLES)[number];

/**
 * App-role values mapped to Brevdue roles by default: create app roles with these values in the
 * Entra app registration and assign users or groups to them.
 */
export const DEFAULT_APP_ROLES: Readonly<Record<string, BrevdueRole>> = {
  'Brevdue.Sender': 'sender',
  'Brevdue.TeamLead': 'teamlead',
  'Brevdue.Archivist': 'archivist',
  'Brevdue.Auditor': 'auditor',
  'Brevdue.Admin': 'admin',
};

/** The trial password of the sandbox's test users when none is configured (documented in README). */
export const DEFAULT_SANDBOX_PASSWORD = 'brevdue-demo';

const teamSlug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,40}$/, 'a team is lower-case letters, digits and dashes, e.g. "borgerservice"');

export const claimMappingSchema = z.object({
  /** The claim holding app roles (Entra: `roles`). */
  roleClaim: z.string().min(1).default('roles'),
  /** The claim holding group ids (Entra: `groups`, object ids unless the app emits names). */
  groupClaim: z.string().min(1).default('groups'),
  /** App-role value → Brevdue role. */
  appRoles: z.record(z.string().min(1), z.enum(BREVDUE_ROLES)).default({ ...DEFAULT_APP_ROLES }),
  /** Group id → the roles and teams its members get. */
  groups: z
    .record(z.string().min(1), z.object({ roles: z.array(z.enum(BREVDUE_ROLES)).default([]), teams: z.array(teamSlug).default([]) }))
    .default({}),
});
export type ClaimMapping = z.infer<typeof claimMappingSchema>;

const url = z.string().refine((v) => URL.canParse(v), 'must be an absolute URL, e.g. "https://login.microsoftonline.com/<tenant>/v2.0"');

export const identityConfigSchema = z
  .object({
    /**
     * The provider's issuer as its discovery document states it. Entra ID single-tenant:
     * `https://login.microsoftonline.com/<tenant id>/v2.0`; multi-tenant:
     * `https://login.microsoftonline.com/{tenantid}/v2.0` with `allowedTenants`.
     */
    issuer: url,
    /** The app registration's client (application) id, used by the web sign-in. */
    clientId: z.string().min(1, "give the app registration's client id"),
    /** Secret of the web sign-in's confidential client; from `BREVDUE_OIDC_CLIENT_SECRET`. */
    clientSecret: z.string().min(1).optional(),
    /** What access tokens for Brevdue's API carry in `aud` (Entra v2: the client id; or `api://…`). */
    audience: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
    /** The scope clients ask for to get a token for the API, e.g. `api://<client id>/access_as_user`. */
    apiScope: z.string().min(1).optional(),
    /** Scopes the web sign-in asks for besides `apiScope`. */
    scopes: z.array(z.string().min(1)).default(['openid', 'profile', 'email']),
    /** Tenant ids (`tid`) whose tokens are accepted; absent → any tenant the issuer vouches for. */
    allowedTenants: z.array(z.string().min(1)).min(1, 'list at least one tenant id, or leave allowedTenants out').optional(),
    /** Clock skew accepted on `exp`/`nbf`, in seconds. */
    clockToleranceSeconds: z.number().int().min(0).max(300).default(30),
    claimMapping: claimMappingSchema.prefault({}),
    /** The sandbox's own OpenID provider, started inside `brevdue start`. */
    sandboxIdp: z
      .object({
        enabled: z.boolean().default(false),
        /** Port of the sandbox provider; the issuer's port when absent. */
        port: z.number().int().min(0).max(65535).optional(),
        /** One password for all test users; from `BREVDUE_SANDBOX_PASSWORD`. */
        password: z.string().min(8, 'the sandbox password needs at least 8 characters').default(DEFAULT_SANDBOX_PASSWORD),
      })
      .prefault({}),
  })
  .superRefine((c, ctx) => {
    const issuer = URL.parse(c.issuer.replace('{tenantid}', 'tenant'));
    const local = issuer !== null && ['localhost', '127.0.0.1', '[::1]'].includes(issuer.hostname);
    if (issuer && issuer.protocol !== 'https:' && !(issuer.protocol === 'http:' && local)) {
      ctx.addIssue({
        code: 'custom',
        path: ['issuer'],
        message: 'must use https (plain http only for localhost, e.g. the sandbox provider)',
      });
    }
    if (c.issuer.includes('{tenantid}') && !c.allowedTenants) {
      ctx.addIssue({
        code: 'custom',
        path: ['allowedTenants'],
        message: 'a multi-tenant issuer ({tenantid}) needs allowedTenants listing the tenant ids to accept',
      });
    }
    if (c.sandboxIdp.enabled && !local) {
      ctx.addIssue({
        code: 'custom',
        path: ['issuer'],
        message: 'with sandboxIdp.enabled the issuer must be the local sandbox, e.g. "http://localhost:4011"',
      });
    }
  });
export type IdentityConfig = z.infer<typeof identityConfigSchema>;
export type IdentityConfigInput = z.input<typeof identityConfigSchema>;

/** A bad `identity` section; the message names each wrong field as `identity.<field>: <fix>`. */
export class IdentityConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IdentityConfigError';
  }
}

/**
 * Validates the config's `identity` section, with `BREVDUE_OIDC_CLIENT_SECRET` and
 * `BREVDUE_SANDBOX_PASSWORD` from the environment winning over the file.
 * @example
 * const identity = parseIdentityConfig(rawConfig.identity, process.env);
 * @throws IdentityConfigError naming each wrong field, e.g. `identity.issuer: must use https …`.
 */
export function parseIdentityConfig(raw: unknown, env: NodeJS.ProcessEnv = process.env): IdentityConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new IdentityConfigError('identity: must be an object with at least issuer, clientId and audience');
  }
  const input: Record<string, unknown> = { ...raw };
  if (env.BREVDUE_OIDC_CLIENT_SECRET) input.clientSecret = env.BREVDUE_OIDC_CLIENT_SECRET;
  if (env.BREVDUE_SANDBOX_PASSWORD) {
    const sandbox = typeof input.sandboxIdp === 'object' && input.sandboxIdp !== null ? input.sandboxIdp : {};
    input.sandboxIdp = { ...sandbox, password: env.BREVDUE_SANDBOX_PASSWORD };
  }
  const parsed = identityConfigSchema.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `identity.${i.path.map(String).join('.') || '(section)'}: ${i.message}`);
    throw new IdentityConfigError(`invalid identity configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
