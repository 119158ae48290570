/**
 * @module
 * Sign-in as the running platform has it: the verifier of the provider's access tokens, the
 * server-side web sign-in, and — in the sandbox — the platform's own OpenID provider with its
 * test users. Built once per process from the config's `identity` section.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/schema.ts';
import {
  createAccessTokenVerifier,
  createWebSignIn,
  type AccessTokenVerifier,
  type IdentityConfig,
  type WebSignIn,
} from '../identity/index.ts';
import { platformSecret } from './platform-secrets.ts';

/** The public client the task panes and pages sign in with in the sandbox (PKCE, no secret). */
export const SANDBOX_SPA_CLIENT = 'brevdue-panes';

export interface IdentityRuntime {
  /** The `identity` config with the issuer as running (the sandbox's may take a free port). */
  readonly config: IdentityConfig;
  readonly verifier: AccessTokenVerifier;
  /** The web pages' sign-in; undefined when no client secret is configured. */
  readonly webSignIn: WebSignIn | undefined;
  /** The client id task panes use (Entra: the same app registration; sandbox: its SPA client). */
  readonly spaClientId: string;
  readonly sandbox: boolean;
  close(): Promise<void>;
}

export interface IdentityDeps {
  db: Kysely<Database>;
  logger: Logger;
  dataDir: string;
  publicUrl: string;
  /** Called for every attempt at the sandbox's sign-in form (the audit log). */
  onSandboxSignIn?(e: { ok: boolean; upn: string; reason?: string; sourceAddress: string | undefined }): void;
}

/** Starts what the `identity` section asks for. */
export async function startIdentity(config: IdentityConfig, deps: IdentityDeps): Promise<IdentityRuntime> {
  let identity = config;
  let clientSecret = config.clientSecret;
  let closeSandbox = async () => {};
  if (config.sandboxIdp.enabled) {
    // Loaded only here: a production process never loads oidc-provider.
    const sandbox = await import('../identity/sandbox-idp/index.ts');
    clientSecret = await platformSecret(deps.db, 'sandbox-web-client-secret');
    const base = deps.publicUrl.replace(/\/$/, '');
    const idp = await sandbox.startSandboxIdp({
      issuer: config.sandboxIdp.port === 0 ? undefined : config.issuer,
      port: config.sandboxIdp.port,
      dataDir: deps.dataDir,
      audience: typeof config.audience === 'string' ? config.audience : config.audience[0]!,
      ...(config.apiScope ? { apiScope: config.apiScope } : {}),
      users: sandbox.DEMO_USERS,
      password: config.sandboxIdp.password,
      clients: [
        { clientId: config.clientId, clientSecret, redirectUris: [`${base}/auth/callback`], postLogoutRedirectUris: [`${base}/`] },
        {
          clientId: SANDBOX_SPA_CLIENT,
          applicationType: 'native',
          // Not NAA's brk-multihub:// redirect: nested app auth needs Entra ID's broker, which the sandbox is not
          // (and oidc-provider refuses a custom scheme that is not a reverse domain name).
          redirectUris: [`${base}/auth/dialog`, `${base}/addins/auth-dialog.html`],
        },
      ],
      onSignIn: (e) => deps.onSandboxSignIn?.(e),
    });
    closeSandbox = () => idp.close();
    identity = {
      ...config,
      issuer: idp.issuer,
      apiScope: idp.apiScope,
      // The demo users' groups are the demo organisation's teams.
      claimMapping: { ...config.claimMapping, groups: { ...sandbox.DEMO_GROUP_MAPPING, ...config.claimMapping.groups } },
    };
    deps.logger.info({ issuer: idp.issuer }, 'sandbox sign-in provider started (test users: see README)');
  }
  const verifier = createAccessTokenVerifier({
    issuer: identity.issuer,
    audience: identity.audience,
    ...(identity.allowedTenants ? { allowedTenants: identity.allowedTenants } : {}),
    clockToleranceSeconds: identity.clockToleranceSeconds,
  });
  const base = deps.publicUrl.replace(/\/$/, '');
  const webSignIn = clientSecret
    ? createWebSignIn({
        issuer: identity.issuer,
        clientId: identity.clientId,
        clientSecret,
        redirectUri: `${base}/auth/callback`,
        postLogoutRedirectUri: `${base}/`,
        scopes: [...identity.scopes, ...(identity.apiScope ? [identity.apiScope] : [])],
        cookieSecret: await platformSecret(deps.db, 'sign-in-cookie-key'),
        clockToleranceSeconds: identity.clockToleranceSeconds,
      })
    : undefined;
  return {
    config: identity,
    verifier,
    webSignIn,
    spaClientId: config.sandboxIdp.enabled ? SANDBOX_SPA_CLIENT : identity.clientId,
    sandbox: config.sandboxIdp.enabled,
    close: closeSandbox,
  };
}
