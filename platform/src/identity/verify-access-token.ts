/**
 * @module
 * Verifies the OpenID provider's access tokens for Brevdue's API (Entra ID, or the sandbox's
 * provider) with `jose` against the issuer's JWKS: signature, `iss`, `aud`, `exp`/`nbf` with a
 * small clock tolerance, and `tid` in the allowed tenants. Failures are typed `IdentityError`s
 * whose messages and details never echo the token.
 */
import { createRemoteJWKSet, decodeJwt, errors, jwtVerify, type JWTPayload } from 'jose';
import { IdentityError } from './identity-error.ts';

/** The claims Brevdue reads from an access token; Entra's names, which the sandbox mirrors. */
export interface AccessTokenClaims extends JWTPayload {
  sub: string;
  iss: string;
  /** Entra: the person's stable object id. */
  oid?: string;
  /** Entra: the tenant id. */
  tid?: string;
  preferred_username?: string;
  name?: string;
  /** App-role values assigned to the user. */
  roles?: string[];
  /** Group object ids. */
  groups?: string[];
  /** Delegated scopes (Entra, space-separated). */
  scp?: string;
  /** Delegated scopes (RFC 9068, space-separated). */
  scope?: string;
}

export interface AccessTokenVerifierOptions {
  /** Expected `iss`; `{tenantid}` in it stands for the token's `tid` (Entra multi-tenant). */
  issuer: string;
  /** Accepted `aud` value(s). */
  audience: string | readonly string[];
  /** Accepted `tid` values; absent → `tid` is not checked. */
  allowedTenants?: readonly string[];
  /** Seconds of clock skew accepted on `exp`/`nbf` (default 30). */
  clockToleranceSeconds?: number;
  /** The JWKS address; absent → `jwks_uri` from the issuer's discovery document. */
  jwksUri?: string;
  /** Signature algorithms accepted (default RS256, PS256, ES256: what Entra and the sandbox sign with). */
  algorithms?: string[];
}

/** Verifies bearer tokens for one configured issuer; keys are fetched once and cached. */
export interface AccessTokenVerifier {
  /**
   * Verifies one bearer token.
   * @throws IdentityError with code token_malformed, token_expired, token_not_yet_valid, bad_signature,
   * unknown_issuer, wrong_audience, tenant_not_allowed, claim_missing or jwks_unavailable.
   */
  verify(token: string, opts?: { currentDate?: Date }): Promise<AccessTokenClaims>;
}

const TENANT = '{tenantid}';

/**
 * Creates a verifier for the issuer's access tokens; nothing is fetched until the first token.
 * @example
 * const verifier = createAccessTokenVerifier({ issuer: identity.issuer, audience: identity.audience,
 *   allowedTenants: identity.allowedTenants, clockToleranceSeconds: identity.clockToleranceSeconds });
 * const claims = await verifier.verify(bearer); // then mapClaims(claims, identity.claimMapping)
 */
export function createAccessTokenVerifier(opts: AccessTokenVerifierOptions): AccessTokenVerifier {
  const multiTenant = opts.issuer.includes(TENANT);
  const allowed = opts.allowedTenants ? new Set(opts.allowedTenants) : undefined;
  const audience = typeof opts.audience === 'string' ? [opts.audience] : [...opts.audience];
  const algorithms = opts.algorithms ?? ['RS256', 'PS256', 'ES256'];
  let jwks: Promise<ReturnType<typeof createRemoteJWKSet>> | undefined;

  // Multi-tenant Entra publishes one discovery document for all tenants under "organizations".
  const discoveryIssuer = multiTenant ? opts.issuer.replace(TENANT, 'organizations') : opts.issuer;
  const keySet = () => {
    jwks ??= (async () => {
      const uri = opts.jwksUri ?? (await discoverJwksUri(discoveryIssuer));
      // jose keeps the keys for cacheMaxAge and refetches (at most every cooldownDuration) when a
      // token names a kid it does not know: key rollover at the provider needs no restart.
      return createRemoteJWKSet(new URL(uri), { cacheMaxAge: 10 * 60_000, cooldownDuration: 30_000, timeoutDuration: 5_000 });
    })().catch((e: unknown) => {
      jwks = undefined; // try discovery again with the next token
      throw e;
    });
    return jwks;
  };

  return {
    async verify(token, verifyOpts = {}) {
      let unverified: JWTPayload;
      try {
        unverified = decodeJwt(token);
      } catch {
        throw new IdentityError('token_malformed', 'not a compact JWS with a JSON payload');
      }
      // Checks on the unverified payload only ever refuse; acceptance needs the signature below.
      // They spare a JWKS fetch for tokens of strangers and give a precise reason.
      const tid = typeof unverified.tid === 'string' ? unverified.tid : undefined;
      if (allowed && (!tid || !allowed.has(tid)))
        throw new IdentityError('tenant_not_allowed', `tid ${tid ?? '(none)'} is not in allowedTenants`);
      const expectedIssuer = multiTenant ? opts.issuer.replace(TENANT, tid ?? '') : opts.issuer;
      if (unverified.iss !== expectedIssuer) {
        const v1 = typeof unverified.iss === 'string' && unverified.iss.startsWith('https://sts.windows.net/');
        const hint = v1 ? ' (an Entra v1 token: set accessTokenAcceptedVersion to 2 in the app manifest)' : '';
        throw new IdentityError('unknown_issuer', `iss ${String(unverified.iss)} is not ${expectedIssuer}${hint}`);
      }

      const check = async () =>
        jwtVerify(token, await keySet(), {
          issuer: expectedIssuer,
          audience,
          algorithms,
          clockTolerance: opts.clockToleranceSeconds ?? 30,
          ...(verifyOpts.currentDate ? { currentDate: verifyOpts.currentDate } : {}),
        });
      let payload: JWTPayload;
      try {
        payload = (
          await check().catch(async (e: unknown) => {
            // Once more on a fetch failure: a kept-alive connection the provider had closed fails
            // the first GET, and a GET may be repeated.
            if (classify(e).code !== 'jwks_unavailable') throw e;
            return check();
          })
        ).payload;
      } catch (e) {
        throw classify(e);
      }
      // jose checks iat only against a maximum age; a token issued in the future means clocks
      // disagree more than the tolerance (Entra's tokens carry nbf for this, oidc-provider's do not).
      const now = (verifyOpts.currentDate ?? new Date()).getTime() / 1000;
      if (typeof payload.iat === 'number' && payload.iat > now + (opts.clockToleranceSeconds ?? 30)) {
        throw new IdentityError('token_not_yet_valid', `iat ${payload.iat} is in the future`);
      }
      if (typeof payload.sub !== 'string' || !payload.sub) throw new IdentityError('claim_missing', 'no sub in the access token');
      // An ID token (or an app-only token) of the same app registration can carry the API's
      // audience too; only a delegated access token carries scopes.
      if (typeof payload.scp !== 'string' && typeof payload.scope !== 'string') {
        throw new IdentityError('wrong_audience', 'no scp/scope claim: an ID token or app-only token, not a delegated access token');
      }
      return payload as AccessTokenClaims;
    },
  };
}

async function discoverJwksUri(issuer: string): Promise<string> {
  const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  let res: Response;
  try {
    const get = () => fetch(url, { signal: AbortSignal.timeout(5_000), headers: { accept: 'application/json' } });
    // Once more on a network failure: a kept-alive connection the provider had closed fails the first GET.
    res = await get().catch(get);
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new IdentityError(
      'jwks_unavailable',
      `discovery ${url}: ${(e as Error).message} (${cause?.code ?? cause?.message ?? 'no cause'})`,
    );
  }
  if (!res.ok) throw new IdentityError('jwks_unavailable', `discovery ${url}: HTTP ${res.status}`);
  const doc = (await res.json().catch(() => ({}))) as { jwks_uri?: unknown };
  if (typeof doc.jwks_uri !== 'string') throw new IdentityError('jwks_unavailable', `discovery ${url}: no jwks_uri`);
  return doc.jwks_uri;
}

function classify(e: unknown): IdentityError {
  if (e instanceof IdentityError) return e;
  if (e instanceof errors.JWTExpired) return new IdentityError('token_expired', `exp ${String(e.payload.exp)}`);
  if (e instanceof errors.JWTClaimValidationFailed) {
    if (e.claim === 'aud') return new IdentityError('wrong_audience', `aud ${JSON.stringify(e.payload.aud)}`);
    if (e.claim === 'iss') return new IdentityError('unknown_issuer', `iss ${String(e.payload.iss)}`);
    if (e.claim === 'nbf' || e.claim === 'iat') return new IdentityError('token_not_yet_valid', `${e.claim} ${String(e.payload[e.claim])}`);
    return new IdentityError('token_malformed', `claim ${e.claim}: ${e.reason}`);
  }
  if (e instanceof errors.JWSSignatureVerificationFailed || e instanceof errors.JWKSNoMatchingKey) {
    return new IdentityError('bad_signature', e.code);
  }
  if (e instanceof errors.JOSEAlgNotAllowed || e instanceof errors.JWSInvalid || e instanceof errors.JWTInvalid) {
    return new IdentityError('token_malformed', e.code);
  }
  // JWKS fetch failures: timeouts, HTTP errors, network errors, an unparsable key set.
  return new IdentityError('jwks_unavailable', e instanceof Error ? e.message : String(e));
}
