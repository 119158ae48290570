/**
 * @module
 * The sandbox provider's pages: the sign-in form and the sign-out question, small and plain, in
 * Danish with a switch to English. No script: the pages must work with the provider's defaults.
 */
import { PAGE_TEXT, type Locale } from '../messages.ts';

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

const STYLE = `body{font-family:system-ui,sans-serif;background:#f4f6f8;margin:0;display:flex;justify-content:center}
main{background:#fff;margin-top:10vh;padding:2rem;border-radius:8px;box-shadow:0 1px 4px #0002;width:min(22rem,90vw)}
label{display:block;margin-top:1rem;font-size:.9rem}input{width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem}
button{margin-top:1.5rem;padding:.6rem 1rem;font-size:1rem;background:#0f5c8c;color:#fff;border:0;border-radius:4px;cursor:pointer}
button.secondary{background:#eee;color:#222;margin-left:.5rem}.error{color:#a4262c;margin-top:1rem}.lang{float:right;font-size:.85rem}
p{color:#444;font-size:.9rem}`;

function page(locale: Locale, title: string, body: string): string {
  return `<!DOCTYPE html><html lang="${locale}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

/** The sign-in form of interaction `uid`; `error` is shown above the fields. */
export function renderLoginPage(opts: { uid: string; locale: Locale; username?: string; error?: string; hint?: string }): string {
  const t = PAGE_TEXT[opts.locale];
  const other: Locale = opts.locale === 'da' ? 'en' : 'da';
  const uid = encodeURIComponent(opts.uid);
  const hint = opts.hint ? `<p>${escapeHtml(opts.hint)}</p>` : '';
  return page(
    opts.locale,
    t.loginTitle,
    `<a class="lang" href="/interaction/${uid}?lang=${other}">${t.switchLanguage}</a>
<h1>${escapeHtml(t.loginTitle)}</h1><p>${escapeHtml(t.loginIntro)}</p>${hint}
${opts.error ? `<div class="error" role="alert">${escapeHtml(opts.error)}</div>` : ''}
<form method="post" action="/interaction/${uid}/login" autocomplete="off">
<input type="hidden" name="lang" value="${opts.locale}">
<label for="username">${escapeHtml(t.username)}</label>
<input id="username" name="username" type="email" required autofocus value="${escapeHtml(opts.username ?? '')}">
<label for="password">${escapeHtml(t.password)}</label>
<input id="password" name="password" type="password" required>
<button type="submit">${escapeHtml(t.signIn)}</button>
</form>`,
  );
}

/** The sign-out question around the provider's own form (`form` comes from oidc-provider). */
export function renderLogoutPage(locale: Locale, form: string): string {
  const t = PAGE_TEXT[locale];
  return page(
    locale,
    t.logoutTitle,
    `<h1>${escapeHtml(t.logoutTitle)}</h1>${form}
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">${escapeHtml(t.logoutYes)}</button>
<button class="secondary" type="submit" form="op.logoutForm">${escapeHtml(t.logoutNo)}</button>`,
  );
}

/** The page after sign-out when the client gave no address to return to. */
export function renderLoggedOutPage(locale: Locale): string {
  const t = PAGE_TEXT[locale];
  return page(locale, t.loggedOut, `<h1>${escapeHtml(t.loggedOut)}</h1>`);
}

/** The page for an expired or unknown sign-in attempt. */
export function renderErrorPage(locale: Locale, message: string): string {
  return page(locale, PAGE_TEXT[locale].loginTitle, `<div class="error" role="alert">${escapeHtml(message)}</div>`);
}
