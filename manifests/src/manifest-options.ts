/**
 * @module
 * What the manifests share: the platform URL, stable add-in ids, names and descriptions
 * (Danish by default, English as an override).
 */

export type Host = 'word' | 'outlook';

export interface ManifestOptions {
  /** The platform's public https URL, without a trailing slash. */
  url: string;
  /** Four-part version, e.g. 1.0.0.0 (Office caches by version: bump it when the manifest changes). */
  version?: string;
  providerName?: string;
  supportUrl?: string;
  /** The Entra app registration the panes sign in with; absent → the manifests name none (API tokens only). */
  entraApp?: EntraApp;
}

/** The app registration (see manifests/README.md): its client id and the API's delegated scope. */
export interface EntraApp {
  /** Application (client) id, a GUID. */
  clientId: string;
  /** The API scope, e.g. `api://<client id>/access_as_user`. */
  apiScope: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Checks the app registration options.
 * @throws Error naming --client-id or --api-scope and the fix
 */
export function checkEntraApp(app: EntraApp): EntraApp {
  if (!GUID.test(app.clientId))
    throw new Error(
      `--client-id skal være app-registreringens klient-id (GUID) / ` +
        `must be the app registration's client id (a GUID): got ${app.clientId}`,
    );
  if (!/^api:\/\/.+\/[^/]+$/.test(app.apiScope))
    throw new Error(
      `--api-scope skal være api://<klient-id>/access_as_user / must be api://<client id>/access_as_user: got ${app.apiScope}`,
    );
  return app;
}

/** The API's resource (Application ID URI): the scope without its last segment. */
export function apiResource(app: EntraApp): string {
  return app.apiScope.slice(0, app.apiScope.lastIndexOf('/'));
}

/** Stable ids: Office identifies an add-in by this GUID across versions. */
export const ADDIN_IDS: Record<Host, string> = {
  word: '7d3f0c2e-5b1a-4c8e-9f61-2a4b8d0e6c13',
  outlook: 'c41e9a57-0d2b-4f7a-8e36-91b5d2f0a8e4',
};

/** Names and texts for one host. */
export function describeHost(host: Host) {
  const what = host === 'word' ? { da: 'dokumentet', en: 'the document' } : { da: 'e-mailen', en: 'the e-mail' };
  return {
    nameDa: host === 'word' ? 'Brevdue til Word' : 'Brevdue til Outlook',
    nameEn: host === 'word' ? 'Brevdue for Word' : 'Brevdue for Outlook',
    descriptionDa: `Send ${what.da} som digital post til borgere og virksomheder.`,
    descriptionEn: `Send ${what.en} as digital post to citizens and companies.`,
    tooltipDa: `Send ${what.da} som digital post (Digital Post / e-Boks, med print som reserve).`,
    tooltipEn: `Send ${what.en} as digital post (Digital Post / e-Boks, print as fallback).`,
  };
}

/**
 * Checks and normalises the URL: https (also for localhost: see office-addin-dev-certs), no trailing slash.
 * @throws Error naming the option and the fix
 */
export function normaliseUrl(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new Error(
      `--url "${raw}" er ikke en URL / is not a URL: give the platform's public address, e.g. --url https://brevdue.kommune.dk`,
    );
  }
  if (u.protocol !== 'https:') {
    throw new Error(`--url skal være https / must be https (Office loads add-ins only over https): got ${raw}`);
  }
  return u.toString().replace(/\/+$/, '');
}
