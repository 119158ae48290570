/**
 * @module
 * A stand-in for Office.js, served in the browser tests instead of the CDN script. It behaves
 * like the real host where the panes touch it: Word hands out the document through
 * `getFileAsync` in slices (recording each call in `window.__officeLog`), Outlook hands out a
 * message with its body and attachments. The test puts the data in `window.__officeStub` first.
 *
 * Sign-in: `displayDialogAsync` opens a real window and `messageParent` in it reaches the pane's
 * handler only from a page on the pane's origin, as Office allows; closing the window is event
 * 12006. With `naa`, `NestedAppAuth 1.1` is supported and `window.nestedAppAuthBridge` speaks
 * MSAL's bridge protocol (JSON request/response envelopes) as Office's host does, handing out the
 * tokens the test obtained from a real identity provider: silently only after one interactive
 * request, as a host without a signed-in account would.
 */

interface StubConfig {
  host: 'Word' | 'Outlook';
  /** Office's display language (`Office.context.displayLanguage`), e.g. "en-US"; Danish by default. */
  displayLanguage?: string;
  /** Word: the document as base64, how many slices to hand it out in, its URL and title. */
  word?: { base64: string; slices: number; url: string; title: string; pdf: boolean };
  /** Outlook: the message. */
  outlook?: {
    subject: string;
    from: { displayName: string; emailAddress: string };
    to: Array<{ displayName: string; emailAddress: string }>;
    date: string;
    html: string;
    attachments: Array<{ id: string; name: string; contentType: string; isInline: boolean; contentId?: string; base64: string }>;
    mailbox18: boolean;
  };
  /** Nested App Authentication: absent → `NestedAppAuth` unsupported and no bridge. */
  naa?: {
    /** The client id the host's broker accepts requests for (the app registration's). */
    clientId: string;
    /** Scope the broker must be asked for (the API's), as Entra would refuse others for this app. */
    scope: string;
    /** What the broker hands out after the interactive request. */
    token: { accessToken: string; idToken: string; expiresIn: number };
    account: { homeAccountId: string; environment: string; tenantId: string; username: string; localAccountId: string; name: string };
  };
}

declare global {
  interface Window {
    __officeStub: StubConfig;
    __officeLog: string[];
  }
}

const cfg = window.__officeStub;
const log: string[] = (window.__officeLog = []);
const ok = (value: unknown) => ({ status: 'succeeded', value });
const later = (fn: () => void) => setTimeout(fn, 0); // Office calls back asynchronously

function bytes(b64: string): number[] {
  const s = atob(b64);
  const out = new Array<number>(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

const settings = new Map<string, unknown>();

/** Office's dialog API: a real window; its messages count only from the pane's own origin. */
function displayDialogAsync(url: string, options: { height?: number; width?: number }, cb: (r: unknown) => void) {
  log.push(`dialog ${new URL(url, location.href).pathname}`);
  const fail = (code: number, message: string) => later(() => cb({ status: 'failed', error: { code, message } }));
  // 12004: Office opens only pages of the add-in's domain (AppDomains aside) in its dialog.
  if (new URL(url, location.href).origin !== location.origin) return fail(12004, 'The domain of the URL is not trusted');
  const win = window.open(url, 'office-dialog', `popup,width=${(options.width ?? 30) * 10},height=${(options.height ?? 60) * 10}`);
  if (!win) return fail(12011, 'The dialog was blocked by the browser');
  const handlers = new Map<string, Array<(arg: unknown) => void>>();
  const emit = (type: string, arg: unknown) => handlers.get(type)?.forEach((h) => h(arg));
  let closedByPane = false;
  const onMessage = (e: MessageEvent) => {
    const message = (e.data as { __officeDialogMessage?: unknown } | null)?.__officeDialogMessage;
    if (e.source !== win || typeof message !== 'string') return;
    if (e.origin !== location.origin) return void log.push(`dialog message from ${e.origin} dropped`);
    emit('dialogMessageReceived', { message, origin: e.origin });
  };
  window.addEventListener('message', onMessage);
  const watch = setInterval(() => {
    if (!win.closed) return;
    clearInterval(watch);
    window.removeEventListener('message', onMessage);
    if (!closedByPane) emit('dialogEventReceived', { error: 12006 });
  }, 100);
  const dialog = {
    addEventHandler: (type: string, h: (arg: unknown) => void) => void handlers.set(type, [...(handlers.get(type) ?? []), h]),
    close: () => {
      closedByPane = true;
      log.push('dialog closed');
      win.close();
    },
  };
  later(() => cb(ok(dialog)));
}

/** `messageParent` inside the dialog: the pane's stub checks where it came from. */
function messageParent(message: string) {
  window.opener?.postMessage({ __officeDialogMessage: message }, '*');
}

/** The host's side of MSAL's Nested App Authentication bridge. */
function naaBridge(naa: NonNullable<StubConfig['naa']>) {
  const listeners: Array<(r: string) => void> = [];
  let interacted = false;
  const answer = (body: object) =>
    later(() => listeners.forEach((l) => l(JSON.stringify({ messageType: 'NestedAppAuthResponse', ...body }))));
  return {
    addEventListener: (_type: string, l: (r: string) => void) => void listeners.push(l),
    removeEventListener: (_type: string, l: (r: string) => void) => void listeners.splice(listeners.indexOf(l), 1),
    postMessage(text: string) {
      const req = JSON.parse(text) as {
        messageType: string;
        method: string;
        requestId: string;
        tokenParams?: { clientId: string; scope: string };
      };
      log.push(`naa ${req.method}`);
      if (req.messageType !== 'NestedAppAuthRequest') return;
      const { requestId } = req;
      if (req.method === 'GetInitContext')
        return answer({
          requestId,
          success: true,
          initContext: { sdkName: 'office-stub', sdkVersion: '1.0.0', capabilities: { queryAccount: false } },
        });
      const p = req.tokenParams;
      if (!p || p.clientId !== naa.clientId || !p.scope.split(' ').includes(naa.scope))
        return answer({
          requestId,
          success: false,
          error: { status: 'PersistentError', code: 'invalid_request', description: 'unknown client or scope' },
        });
      if (req.method === 'GetToken' && !interacted)
        return answer({
          requestId,
          success: false,
          error: { status: 'UserInteractionRequired', code: 'interaction_required', description: 'sign in first' },
        });
      interacted = true;
      const token = {
        access_token: naa.token.accessToken,
        id_token: naa.token.idToken,
        expires_in: naa.token.expiresIn,
        scope: p.scope,
        properties: null,
      };
      return answer({ requestId, success: true, token, account: naa.account });
    },
  };
}
if (cfg.naa) Object.assign(window, { nestedAppAuthBridge: naaBridge(cfg.naa) });
const office = {
  HostType: { Word: 'Word', Outlook: 'Outlook' },
  FileType: { Pdf: 'pdf', Compressed: 'compressed' },
  AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
  CoercionType: { Html: 'html', Text: 'text' },
  EventType: { DialogMessageReceived: 'dialogMessageReceived', DialogEventReceived: 'dialogEventReceived' },
  onReady(cb?: (info: { host: string; platform: string }) => void) {
    const info = { host: cfg.host, platform: 'PC' };
    return new Promise((resolve) => later(() => (cb?.(info), resolve(info))));
  },
  context: {
    displayLanguage: cfg.displayLanguage ?? 'da-DK',
    partitionKey: undefined as string | undefined,
    requirements: {
      isSetSupported(name: string, v?: string) {
        if (name === 'PdfFile') return cfg.word?.pdf ?? false;
        if (name === 'NestedAppAuth') return cfg.naa !== undefined && Number(v ?? '1.1') <= 1.1;
        if (name === 'DialogApi') return Number(v ?? '1') <= 1.2;
        if (name === 'WordApi') return cfg.host === 'Word' && Number(v ?? '1') <= 1.3;
        if (name === 'Mailbox') return cfg.host === 'Outlook' && (cfg.outlook!.mailbox18 || Number(v ?? '1') < 1.8);
        return false;
      },
    },
    ui: { displayDialogAsync, messageParent },
    document: {
      url: cfg.word?.url,
      getFileAsync(type: string, options: { sliceSize: number }, cb: (r: unknown) => void) {
        log.push(`open ${type} ${options.sliceSize}`);
        const all = bytes(cfg.word!.base64);
        const step = Math.ceil(all.length / cfg.word!.slices);
        later(() =>
          cb(
            ok({
              size: all.length,
              sliceCount: cfg.word!.slices,
              getSliceAsync(i: number, scb: (r: unknown) => void) {
                log.push(`slice ${i}`);
                later(() => scb(ok({ index: i, size: step, data: all.slice(i * step, (i + 1) * step) })));
              },
              closeAsync(ccb?: (r: unknown) => void) {
                log.push('close');
                later(() => ccb?.(ok(undefined)));
              },
            }),
          ),
        );
      },
    },
    roamingSettings: {
      get: (k: string) => settings.get(k),
      set: (k: string, v: unknown) => void settings.set(k, v),
      remove: (k: string) => void settings.delete(k),
      saveAsync: (cb?: (r: unknown) => void) => later(() => cb?.(ok(undefined))),
    },
    mailbox: undefined as unknown,
  },
};

if (cfg.host === 'Outlook') {
  const m = cfg.outlook!;
  office.context.mailbox = {
    userProfile: { displayName: m.from.displayName, emailAddress: m.from.emailAddress },
    item: {
      itemType: 'message',
      subject: m.subject,
      from: m.from,
      to: m.to,
      cc: [],
      dateTimeCreated: new Date(m.date),
      body: { getAsync: (_t: string, cb: (r: unknown) => void) => later(() => cb(ok(m.html))) },
      attachments: m.attachments.map(({ base64: _b, ...a }) => ({ ...a, attachmentType: 'file', size: atob(_b).length })),
      ...(m.mailbox18
        ? {
            getAttachmentContentAsync(id: string, cb: (r: unknown) => void) {
              log.push(`attachment ${id}`);
              const a = m.attachments.find((x) => x.id === id)!;
              later(() => cb(ok({ format: 'base64', content: a.base64 })));
            },
          }
        : {}),
    },
  };
}

const word = {
  run<T>(batch: (ctx: unknown) => Promise<T>): Promise<T> {
    const properties = { title: '', load: () => properties };
    const ctx = { document: { properties }, sync: async () => void (properties.title = cfg.word?.title ?? '') };
    return batch(ctx);
  },
};

Object.assign(window, { Office: office, ...(cfg.host === 'Word' ? { Word: word } : {}) });
export {};
