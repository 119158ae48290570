/**
 * @module
 * A stand-in for Office.js, served in the browser tests instead of the CDN script. It behaves
 * like the real host where the panes touch it: Word hands out the document through
 * `getFileAsync` in slices (recording each call in `window.__officeLog`), Outlook hands out a
 * message with its body and attachments. The test puts the data in `window.__officeStub` first.
 */

interface StubConfig {
  host: 'Word' | 'Outlook';
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
const office = {
  HostType: { Word: 'Word', Outlook: 'Outlook' },
  FileType: { Pdf: 'pdf', Compressed: 'compressed' },
  AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
  CoercionType: { Html: 'html', Text: 'text' },
  onReady(cb?: (info: { host: string; platform: string }) => void) {
    const info = { host: cfg.host, platform: 'PC' };
    return new Promise((resolve) => later(() => (cb?.(info), resolve(info))));
  },
  context: {
    partitionKey: undefined as string | undefined,
    requirements: {
      isSetSupported(name: string, v?: string) {
        if (name === 'PdfFile') return cfg.word?.pdf ?? false;
        if (name === 'WordApi') return cfg.host === 'Word' && Number(v ?? '1') <= 1.3;
        if (name === 'Mailbox') return cfg.host === 'Outlook' && (cfg.outlook!.mailbox18 || Number(v ?? '1') < 1.8);
        return false;
      },
    },
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
