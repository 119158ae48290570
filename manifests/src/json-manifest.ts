/**
 * @module
 * The unified (JSON) manifest, for Outlook: Microsoft 365's newer format, deployable from the
 * Teams/Microsoft 365 admin centre. Word support of the unified manifest is still a preview,
 * so Word ships the XML manifest only. The icons (`color.png`, `outline.png`) are written beside it.
 */
import { ADDIN_IDS, apiResource, describeHost, type ManifestOptions } from './manifest-options.ts';

/** The schema the manifest declares; `@microsoft/app-manifest` ships a local copy, so validation is offline. */
export const UNIFIED_SCHEMA = 'https://developer.microsoft.com/json-schemas/teams/v1.24/MicrosoftTeams.schema.json';

/** Version in the unified format: three parts. */
function threePart(v: string | undefined): string {
  return (v ?? '1.0.0').split('.').slice(0, 3).join('.');
}

/**
 * The unified manifest for the Outlook add-in.
 * @example JSON.stringify(buildUnifiedManifest({ url: 'https://brevdue.kommune.dk' }), null, 2)
 */
export function buildUnifiedManifest(o: ManifestOptions): Record<string, unknown> {
  const d = describeHost('outlook');
  const icons = [16, 32, 80].map((size) => ({ size, url: `${o.url}/addins/assets/icon-${size}.png` }));
  const button = (id: string) => ({
    id,
    type: 'button',
    label: 'Send som digital post',
    icons,
    supertip: { title: 'Send som digital post', description: d.tooltipDa },
    actionId: 'openBrevdue',
  });
  return {
    $schema: UNIFIED_SCHEMA,
    id: ADDIN_IDS.outlook,
    manifestVersion: '1.24',
    version: threePart(o.version),
    name: { short: 'Brevdue', full: d.nameDa },
    description: { short: d.descriptionDa, full: `${d.descriptionDa} ${d.descriptionEn}` },
    developer: {
      name: o.providerName ?? 'Brevdue',
      websiteUrl: o.url,
      privacyUrl: o.supportUrl ?? `${o.url}/docs`,
      termsOfUseUrl: o.supportUrl ?? `${o.url}/docs`,
    },
    icons: { outline: 'outline.png', color: 'color.png' },
    accentColor: '#0F6CBD',
    localizationInfo: { defaultLanguageTag: 'da-dk', additionalLanguages: [] },
    authorization: { permissions: { resourceSpecific: [{ name: 'MailboxItem.ReadWrite.User', type: 'Delegated' }] } },
    validDomains: [new URL(o.url).host],
    ...(o.entraApp ? { webApplicationInfo: { id: o.entraApp.clientId, resource: apiResource(o.entraApp) } } : {}),
    extensions: [
      {
        // The same lower minimum as the XML manifest: attachments (Mailbox 1.8) are checked at run time.
        requirements: { scopes: ['mail'], capabilities: [{ name: 'Mailbox', minVersion: '1.3' }] },
        runtimes: [
          {
            requirements: { capabilities: [{ name: 'Mailbox', minVersion: '1.3' }] },
            id: 'TaskPaneRuntime',
            type: 'general',
            code: { page: `${o.url}/addins/outlook/taskpane.html` },
            lifetime: 'short',
            actions: [{ id: 'openBrevdue', type: 'openPage', pinnable: false, view: 'dashboard' }],
          },
        ],
        ribbons: [
          {
            contexts: ['mailRead', 'mailCompose'],
            tabs: [
              { builtInTabId: 'TabDefault', groups: [{ id: 'brevdueGroup', label: 'Brevdue', icons, controls: [button('brevdueOpen')] }] },
            ],
          },
        ],
      },
    ],
  };
}
