/**
 * @module
 * The XML add-in-only manifests for Word (TaskPaneApp) and Outlook (MailApp) from one template:
 * the common head (id, names, icons, domains) is shared; each host adds its own form and ribbon
 * button. Built with xmlbuilder2, never by string concatenation. Element order follows the XSD
 * sequence (a misordered manifest is refused by Office and by our XSD test).
 */
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import { ADDIN_IDS, apiResource, describeHost, type EntraApp, type Host, type ManifestOptions } from './manifest-options.ts';

const NS = {
  app: 'http://schemas.microsoft.com/office/appforoffice/1.1',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
  bt: 'http://schemas.microsoft.com/office/officeappbasictypes/1.0',
  taskpane: 'http://schemas.microsoft.com/office/taskpaneappversionoverrides',
  mail: 'http://schemas.microsoft.com/office/mailappversionoverrides',
};

/** Lowest Mailbox set the Outlook add-in loads on (Exchange 2013+); 1.8 is checked at run time. */
export const OUTLOOK_MIN_MAILBOX = '1.1';

/** The ribbon button that opens the pane, inside `parent` (an ExtensionPoint). */
function ribbonButton(parent: XMLBuilder, tabId: string, groupId: string, groupIcon: boolean): void {
  const group = parent.ele('OfficeTab', { id: tabId }).ele('Group', { id: groupId });
  group.ele('Label', { resid: 'Group.Label' });
  // Word's (task pane) schema wants an icon on the group; Outlook's has none.
  if (groupIcon) {
    const gi = group.ele('Icon');
    for (const size of [16, 32, 80]) gi.ele('bt:Image', { size: String(size), resid: `Icon.${size}` });
  }
  const btn = group.ele('Control', { 'xsi:type': 'Button', id: `${groupId}.Open` });
  btn.ele('Label', { resid: 'Button.Label' });
  const tip = btn.ele('Supertip');
  tip.ele('Title', { resid: 'Button.Label' });
  tip.ele('Description', { resid: 'Button.Tooltip' });
  const icon = btn.ele('Icon');
  for (const size of [16, 32, 80]) icon.ele('bt:Image', { size: String(size), resid: `Icon.${size}` });
  btn.ele('Action', { 'xsi:type': 'ShowTaskpane' }).ele('SourceLocation', { resid: 'Taskpane.Url' });
}

function resources(vo: XMLBuilder, o: ManifestOptions, host: Host): void {
  const d = describeHost(host);
  const r = vo.ele('Resources');
  const images = r.ele('bt:Images');
  for (const size of [16, 32, 80]) images.ele('bt:Image', { id: `Icon.${size}`, DefaultValue: `${o.url}/addins/assets/icon-${size}.png` });
  r.ele('bt:Urls').ele('bt:Url', { id: 'Taskpane.Url', DefaultValue: `${o.url}/addins/${host}/taskpane.html` });
  const short = r.ele('bt:ShortStrings');
  short.ele('bt:String', { id: 'Group.Label', DefaultValue: 'Brevdue' });
  short
    .ele('bt:String', { id: 'Button.Label', DefaultValue: 'Send som digital post' })
    .ele('bt:Override', { Locale: 'en-US', Value: 'Send as digital post' });
  r.ele('bt:LongStrings')
    .ele('bt:String', { id: 'Button.Tooltip', DefaultValue: d.tooltipDa })
    .ele('bt:Override', { Locale: 'en-US', Value: d.tooltipEn });
}

/**
 * The app registration, last child of VersionOverrides as the schema wants. Nested App
 * Authentication itself needs only the registration's brk-multihub redirect; Office's SSO and
 * admin consent read this element.
 */
function webApplicationInfo(vo: XMLBuilder, app: EntraApp): void {
  const w = vo.ele('WebApplicationInfo');
  w.ele('Id').txt(app.clientId);
  w.ele('Resource').txt(apiResource(app));
  const scopes = w.ele('Scopes');
  for (const scope of ['openid', 'profile']) scopes.ele('Scope').txt(scope);
}

/**
 * The XML manifest for one host, as a string.
 * @example buildXmlManifest('word', { url: 'https://brevdue.kommune.dk' })
 */
export function buildXmlManifest(host: Host, o: ManifestOptions): string {
  const d = describeHost(host);
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele(NS.app, 'OfficeApp', {
    'xmlns:xsi': NS.xsi,
    'xmlns:bt': NS.bt,
    'xsi:type': host === 'word' ? 'TaskPaneApp' : 'MailApp',
  });
  root.ele('Id').txt(ADDIN_IDS[host]);
  root.ele('Version').txt(o.version ?? '1.0.0.0');
  root.ele('ProviderName').txt(o.providerName ?? 'Brevdue');
  root.ele('DefaultLocale').txt('da-DK');
  root.ele('DisplayName', { DefaultValue: d.nameDa }).ele('Override', { Locale: 'en-US', Value: d.nameEn });
  root.ele('Description', { DefaultValue: d.descriptionDa }).ele('Override', { Locale: 'en-US', Value: d.descriptionEn });
  root.ele('IconUrl', { DefaultValue: `${o.url}/addins/assets/icon-32.png` });
  root.ele('HighResolutionIconUrl', { DefaultValue: `${o.url}/addins/assets/icon-80.png` });
  root.ele('SupportUrl', { DefaultValue: o.supportUrl ?? `${o.url}/docs` });
  root.ele('AppDomains').ele('AppDomain').txt(new URL(o.url).origin);
  const pane = `${o.url}/addins/${host}/taskpane.html`;

  if (host === 'word') {
    root.ele('Hosts').ele('Host', { Name: 'Document' });
    root.ele('DefaultSettings').ele('SourceLocation', { DefaultValue: pane });
    // getFileAsync needs document read access; ReadWriteDocument is what Word's templates ask.
    root.ele('Permissions').txt('ReadWriteDocument');
    const vo = root.ele(NS.taskpane, 'VersionOverrides', { 'xsi:type': 'VersionOverridesV1_0' });
    const ff = vo.ele('Hosts').ele('Host', { 'xsi:type': 'Document' }).ele('DesktopFormFactor');
    ribbonButton(ff.ele('ExtensionPoint', { 'xsi:type': 'PrimaryCommandSurface' }), 'TabHome', 'Brevdue.Word', true);
    resources(vo, o, host);
    if (o.entraApp) webApplicationInfo(vo, o.entraApp);
  } else {
    root.ele('Hosts').ele('Host', { Name: 'Mailbox' });
    root.ele('Requirements').ele('Sets').ele('Set', { Name: 'Mailbox', MinVersion: OUTLOOK_MIN_MAILBOX });
    const forms = root.ele('FormSettings');
    for (const type of ['ItemRead', 'ItemEdit']) {
      const ds = forms.ele('Form', { 'xsi:type': type }).ele('DesktopSettings');
      ds.ele('SourceLocation', { DefaultValue: pane });
      if (type === 'ItemRead') ds.ele('RequestedHeight').txt('450');
    }
    root.ele('Permissions').txt('ReadWriteItem');
    const rules = root.ele('Rule', { 'xsi:type': 'RuleCollection', Mode: 'Or' });
    rules.ele('Rule', { 'xsi:type': 'ItemIs', ItemType: 'Message', FormType: 'Read' });
    rules.ele('Rule', { 'xsi:type': 'ItemIs', ItemType: 'Message', FormType: 'Edit' });
    root.ele('DisableEntityHighlighting').txt('false');
    const vo = root.ele(NS.mail, 'VersionOverrides', { 'xsi:type': 'VersionOverridesV1_0' });
    vo.ele('Requirements').ele('bt:Sets', { DefaultMinVersion: '1.3' }).ele('bt:Set', { Name: 'Mailbox' });
    const ff = vo.ele('Hosts').ele('Host', { 'xsi:type': 'MailHost' }).ele('DesktopFormFactor');
    ribbonButton(ff.ele('ExtensionPoint', { 'xsi:type': 'MessageReadCommandSurface' }), 'TabDefault', 'Brevdue.Read', false);
    ribbonButton(ff.ele('ExtensionPoint', { 'xsi:type': 'MessageComposeCommandSurface' }), 'TabDefault', 'Brevdue.Compose', false);
    resources(vo, o, host);
    // No WebApplicationInfo here: the Mail 1.0 schema we check against predates it; the unified
    // manifest carries the registration for Outlook, and NAA needs neither.
  }
  return root.end({ prettyPrint: true });
}
