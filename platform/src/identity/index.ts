/**
 * @module
 * Identity building blocks: the `identity` config section, access-token verification, claim
 * mapping and the server-side web sign-in. The sandbox's own OpenID provider is apart, in
 * `./sandbox-idp/index.ts`: import it dynamically, only when `identity.sandboxIdp.enabled`, so a
 * production process never loads `oidc-provider`.
 */
export { IdentityError, IDENTITY_ERROR_STATUS, type IdentityErrorCode } from './identity-error.ts';
export { mapClaims, type MappedIdentity } from './map-claims.ts';
export { localeOf, type Locale } from './messages.ts';
export {
  BREVDUE_ROLES,
  DEFAULT_APP_ROLES,
  DEFAULT_SANDBOX_PASSWORD,
  IdentityConfigError,
  identityConfigSchema,
  parseIdentityConfig,
  type BrevdueRole,
  type ClaimMapping,
  type IdentityConfig,
  type IdentityConfigInput,
} from './oidc-config.ts';
export { deriveSealKey, openValue, sealValue, type SealKey } from './sealed-value.ts';
export {
  createAccessTokenVerifier,
  type AccessTokenClaims,
  type AccessTokenVerifier,
  type AccessTokenVerifierOptions,
} from './verify-access-token.ts';
export { createWebSignIn, type SignInCookie, type WebSignIn, type WebSignInOptions, type WebSignInResult } from './web-sign-in.ts';
