/**
 * @module
 * Security headers of the pages the platform serves (hono/secure-headers): a Content-Security-
 * Policy that lets a page load only its own scripts, `Referrer-Policy: no-referrer`,
 * `X-Content-Type-Options: nosniff`, and framing rules — pages may not be framed at all, except
 * the task panes, which Office frames from its own hosts.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

/** Office.js, which the task panes must load from Microsoft's CDN. */
const OFFICE_JS = 'https://appsforoffice.microsoft.com';

/**
 * The hosts that frame a task pane: Office on the web, Outlook on the web and the new Outlook for
 * Windows (outlook.office.com, outlook.live.com). Classic Outlook and Office on Windows and Mac
 * host the pane in a web view of its own, not a frame, so no ancestor rule touches them.
 */
export const OFFICE_FRAME_ANCESTORS = [
  'https://*.officeapps.live.com',
  'https://*.office.com',
  'https://*.office365.com',
  'https://*.microsoft.com',
  'https://outlook.live.com',
] as const;

// Fluent UI (Griffel) and Swagger UI write styles at run time: inline styles stay allowed, scripts do not.
const COMMON = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
};

// Not set here: HSTS belongs to whoever terminates TLS (often a proxy in front of us).
const SHARED = { referrerPolicy: 'no-referrer', xContentTypeOptions: true, strictTransportSecurity: false } as const;

/**
 * Headers of a page that must never be framed (`/send`, `/docs`, the sign-in pages).
 * @example app.use('/send', pageSecurityHeaders());
 */
export function pageSecurityHeaders(): MiddlewareHandler {
  return secureHeaders({
    ...SHARED,
    contentSecurityPolicy: { ...COMMON, frameAncestors: ["'none'"] },
    xFrameOptions: 'DENY',
  });
}

/**
 * Headers of the task panes and their assets: framed by Office's hosts, Office.js from Microsoft's
 * CDN, and calls to the identity provider the panes sign in with (MSAL).
 * @param connectOrigins origins the pane may call besides its own (read per request: the sandbox's provider picks its port at start)
 * @example app.use('/addins/*', taskPaneSecurityHeaders(() => [issuerOrigin]));
 */
export function taskPaneSecurityHeaders(connectOrigins: () => readonly string[] = () => []): MiddlewareHandler {
  const others = (_c: Context) => connectOrigins().join(' ');
  return secureHeaders({
    ...SHARED,
    contentSecurityPolicy: {
      ...COMMON,
      scriptSrc: ["'self'", OFFICE_JS],
      connectSrc: ["'self'", others],
      frameAncestors: ["'self'", ...OFFICE_FRAME_ANCESTORS],
    },
    // X-Frame-Options cannot name several hosts; frame-ancestors above rules instead.
    xFrameOptions: false,
    // Office's dialog API and MSAL's pop-ups talk to the pane through window.opener, and Office
    // loads the add-in's icons from its own origin.
    crossOriginOpenerPolicy: false,
    crossOriginResourcePolicy: false,
  });
}
