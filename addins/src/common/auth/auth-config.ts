/**
 * @module
 * The platform's public sign-in settings (`GET /auth/config`) and the MSAL configuration made
 * from them. Entra ID is MSAL's own protocol; any other issuer (the sandbox's OpenID provider, a
 * customer's IdP) is a generic OpenID provider: `protocolMode: 'OIDC'` and the issuer's host in
 * `knownAuthorities`, so MSAL trusts its discovery document instead of asking Microsoft.
 */
import type { Configuration } from '@azure/msal-browser';

/** `GET /auth/config`: what a public client needs to sign staff in. */
export interface AuthConfig {
  issuer: string;
  /** The public SPA client of the panes. */
  clientId: string;
  /** Scopes to ask for, the API's scope among them (e.g. `api://brevdue/access_as_user`). */
  scopes: string[];
  /** The sandbox's own OpenID provider (not Entra ID): no Nested App Authentication there. */
  sandbox: boolean;
}

/**
 * Reads `/auth/config`; null when the platform has no `identity` configured (404), so the panes
 * offer the API token only.
 * @throws Error naming the field when the answer is not an AuthConfig, or the status when the platform failed.
 */
export async function fetchAuthConfig(baseUrl: string): Promise<AuthConfig | null> {
  const res = await fetch(`${baseUrl}/auth/config`, { headers: { accept: 'application/json' } });
  if (res.status === 404) return null;
  if (!res.ok) throw new Error(`GET /auth/config answered HTTP ${res.status}`);
  const body = (await res.json()) as Partial<AuthConfig>;
  for (const field of ['issuer', 'clientId'] as const)
    if (typeof body[field] !== 'string' || !body[field])
      throw new Error(`/auth/config: "${field}" is missing; set identity.${field} in the config`);
  if (!Array.isArray(body.scopes) || !body.scopes.every((s) => typeof s === 'string'))
    throw new Error('/auth/config: "scopes" must be a list of scopes including the API scope (identity.apiScope)');
  return { issuer: body.issuer!, clientId: body.clientId!, scopes: body.scopes, sandbox: body.sandbox === true };
}

const ENTRA_HOSTS = /^login\.(microsoftonline\.(com|us)|partner\.microsoftonline\.cn)$/;

/** Whether the issuer is Entra ID (`https://login.microsoftonline.com/<tenant>/v2.0`). */
export function isEntraIssuer(issuer: string): boolean {
  return ENTRA_HOSTS.test(new URL(issuer).hostname);
}

/**
 * The MSAL configuration for the issuer; `redirectUri` is the page the provider returns to.
 * @example const pca = await createStandardPublicClientApplication(msalConfiguration(config, `${origin}/addins/web/sign-in-dialog.html`));
 * @throws Error when the issuer is not an https URL (MSAL refuses other authorities).
 */
export function msalConfiguration(config: AuthConfig, redirectUri: string): Configuration {
  const url = new URL(config.issuer);
  if (url.protocol !== 'https:')
    throw new Error(`identity.issuer must be an https URL for the task panes' sign-in (MSAL refuses ${url.protocol})`);
  const entra = isEntraIssuer(config.issuer);
  return {
    auth: {
      clientId: config.clientId,
      // Entra's authority is the issuer without the version segment; MSAL adds it back.
      authority: entra ? config.issuer.replace(/\/v2\.0\/?$/, '') : config.issuer,
      ...(entra ? {} : { knownAuthorities: [url.host], protocolMode: 'OIDC' as const }),
      redirectUri,
      // The dialog page is its own landing page: no second navigation after the redirect.
      navigateToLoginRequestUrl: false,
    },
    // Session storage: tokens die with the pane or dialog, and Office on the web partitions it anyway.
    cache: { cacheLocation: 'sessionStorage' },
  };
}
