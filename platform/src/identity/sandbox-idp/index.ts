/**
 * @module
 * The sandbox's OpenID provider (`oidc-provider`), its demo users, and a sign-in over plain HTTP
 * for tests and scripts. Loaded only in sandbox mode.
 */
export { DEMO_GROUP_MAPPING, DEMO_GROUPS, DEMO_TENANT_ID, DEMO_USERS, type SandboxUser } from './demo-users.ts';
export {
  followSandboxSignIn,
  SandboxCookieJar,
  sandboxSignIn,
  SandboxSignInError,
  type SandboxSignInOptions,
  type SandboxSignInResult,
} from './sandbox-sign-in.ts';
export {
  startSandboxIdp,
  type SandboxClient,
  type SandboxIdp,
  type SandboxIdpOptions,
  type SandboxSignInEvent,
} from './start-sandbox-idp.ts';
