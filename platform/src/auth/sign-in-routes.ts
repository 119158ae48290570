/**
 * @module
 * Sign-in for the web pages (`/send`, `/console`) and the configuration the task panes sign in
 * with: `/auth/config`, `/auth/sign-in` → the provider → `/auth/callback` (a session cookie),
 * `/auth/sign-out`. The authorization code flow with PKCE runs on the server (`openid-client`),
 * so no token ever reaches page script. Sign-ins and failed sign-ins are audited.
 */
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Runtime } from '../app/runtime-types.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { IdentityError, mapClaims } from '../identity/index.ts';
import { AUTH_MESSAGES } from './auth-messages.ts';
import { sourceAddressOf } from './authenticate.ts';
import { provisionUser } from './users.ts';
import { SESSION_COOKIE, SESSION_HOURS, createWebSession, endWebSession } from './web-sessions.ts';

const page = (title: string, body: string) =>
  `<!doctype html><html lang="da"><head><meta charset="utf-8"><title>${title}</title>` +
  `<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem}</style></head>` +
  `<body><h1>${title}</h1>${body}</body></html>`;

/** The sign-in routes, mounted at `/auth` before authentication. */
export function signInRoutes(rt: Runtime, organisationId: () => Promise<string>): Hono {
  const app = new Hono();
  const secure = (rt.config.publicUrl ?? '').startsWith('https:');
  const source = (c: Context) => sourceAddressOf(c, rt.config.trustProxy);

  app.get('/config', (c) => {
    const id = rt.identity;
    if (!id) return c.json({ error: { code: 'not_configured', message: AUTH_MESSAGES.signInNotConfigured } }, 404);
    return c.json({
      issuer: id.config.issuer,
      clientId: id.spaClientId,
      scopes: ['openid', 'profile', ...(id.config.apiScope ? [id.config.apiScope] : [])],
      sandbox: id.sandbox,
    });
  });

  app.get('/sign-in', async (c) => {
    const web = rt.identity?.webSignIn;
    if (!web) return c.html(page('Log ind', `<p>${AUTH_MESSAGES.signInNotConfigured}</p>`), 404);
    const { url, cookie } = await web.start({ returnTo: c.req.query('returnTo') });
    setCookie(c, cookie.name, cookie.value, cookie.options);
    return c.redirect(url.href, 302);
  });

  app.get('/callback', async (c) => {
    const id = rt.identity;
    const web = id?.webSignIn;
    if (!id || !web) return c.html(page('Log ind', `<p>${AUTH_MESSAGES.signInNotConfigured}</p>`), 404);
    const org = await organisationId();
    try {
      const result = await web.finish(c.req.url, getCookie(c, web.cookieName));
      setCookie(c, web.clearCookie.name, '', web.clearCookie.options);
      const claims = await id.verifier.verify(result.accessToken);
      const who = mapClaims(claims, id.config.claimMapping);
      const user = await provisionUser(rt.db, org, {
        issuer: id.config.issuer,
        subject: who.subject,
        upn: who.upn,
        name: who.name,
        roles: who.roles,
        teams: who.teams,
      });
      if (user.disabled || user.roles.length === 0)
        throw new IdentityError(user.disabled ? 'sign_in_failed' : 'no_role', user.disabled ? 'disabled user' : undefined);
      const secret = await createWebSession(rt.db, { userId: user.id, organisationId: user.organisation_id, idToken: result.idToken });
      await writeAudit(rt.db, {
        organisationId: user.organisation_id,
        actor: `user:${user.id}`,
        action: 'auth.sign-in',
        subjectType: 'user',
        subjectId: user.id,
        sourceAddress: source(c),
      });
      setCookie(c, SESSION_COOKIE, secret, { httpOnly: true, sameSite: 'Lax', secure, path: '/', maxAge: SESSION_HOURS * 3600 });
      return c.redirect(result.returnTo, 302);
    } catch (e) {
      const reason = e instanceof IdentityError ? e.code : 'error';
      rt.logger.warn({ reason, source: source(c) }, 'sign-in failed');
      await writeAudit(rt.db, {
        organisationId: org,
        actor: 'anonymous',
        action: 'auth.sign-in.failed',
        details: { reason },
        sourceAddress: source(c),
      });
      await rt.signInThrottle?.fail(source(c) ?? 'unknown');
      const message = e instanceof IdentityError ? e.message : 'Log ind mislykkedes.';
      return c.html(page('Log ind mislykkedes', `<p>${message}</p><p><a href="/auth/sign-in">Prøv igen</a></p>`), 400);
    }
  });

  app.post('/sign-out', async (c) => {
    const secret = getCookie(c, SESSION_COOKIE);
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure });
    const ended = secret ? await endWebSession(rt.db, secret) : undefined;
    if (ended) {
      await writeAudit(rt.db, {
        organisationId: ended.organisation_id,
        actor: `user:${ended.user_id}`,
        action: 'auth.sign-out',
        subjectType: 'user',
        subjectId: ended.user_id,
        sourceAddress: source(c),
      });
    }
    const web = rt.identity?.webSignIn;
    const to = web
      ? await web.signOutUrl(ended?.id_token ? { idToken: ended.id_token } : {})
      : new URL('/', rt.config.publicUrl ?? `http://127.0.0.1:${rt.config.port}`);
    return c.redirect(to.href, 303);
  });
  return app;
}
