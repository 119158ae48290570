/**
 * @module
 * Serves the Word and Outlook task panes, the /send page, the /console and their assets. The bundles are
 * built by `@brevdue/addins/build` into a folder named after a digest of their sources: at
 * start-up an existing build is reused (a hash check, milliseconds); a missing one is built in
 * the background (a few seconds) while the rest of the platform is already answering, and the
 * first page requests wait for it. Office.js itself is not served: Office requires the copy on
 * Microsoft's CDN, which the pages reference.
 */
import { readFile } from 'node:fs/promises';
import { basename, extname, join, normalize, sep } from 'node:path';
import { Hono, type Context } from 'hono';
import type { Runtime } from '../app/runtime-types.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
};

/** The route of the build's files outside the console: the panes, /send, their chunks, pdf.js's worker and the icons. */
export const ADDIN_FILE_ROUTE = '/addins/:dir{word|outlook|web|chunks|pdf|assets}/:file{[A-Za-z0-9._-]+}';

/** Files the build also wrote as `.br` and `.gz`. */
const COMPRESSED = /\.(js|html)$/;

/**
 * The encoding to answer with: brotli, else gzip, as the request's Accept-Encoding allows
 * (a coding listed with q=0 is refused); none when it names neither.
 */
export function preferredEncoding(accept: string | undefined): 'br' | 'gzip' | undefined {
  if (!accept) return undefined;
  const allowed = new Set<string>();
  for (const part of accept.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    if (name && (q === undefined || Number(q) > 0)) allowed.add(name.trim());
  }
  if (allowed.has('br')) return 'br';
  if (allowed.has('gzip') || allowed.has('*')) return 'gzip';
  return undefined;
}

/** Where the pages come from: `build()` resolves to a folder with word/, outlook/, web/, assets/. */
export interface WebRoutesOptions {
  build?: () => Promise<{ dir: string; built: boolean; ms: number }>;
}

/**
 * The web pages as a Hono sub-app, to mount at `/`.
 * @example app.route('/', webRoutes(rt));
 */
export function webRoutes(rt: Pick<Runtime, 'logger'>, opts: WebRoutesOptions = {}): Hono {
  const build =
    opts.build ??
    (async () => {
      const m = await import('@brevdue/addins/build');
      return m.buildAddins();
    });
  const ready = build().then(
    (b) => {
      rt.logger.info({ dir: b.dir, built: b.built, ms: Math.round(b.ms) }, b.built ? 'task panes built' : 'task panes up to date');
      return b.dir;
    },
    (err: unknown) => {
      rt.logger.error({ err }, 'building the task panes failed');
      throw err;
    },
  );
  // Keep an unhandled rejection from ending the process: requests report the failure.
  ready.catch(() => {});

  const app = new Hono();
  const serve = async (c: Context, rel: string) => {
    let dir: string;
    try {
      dir = await ready;
    } catch (err) {
      return c.text(`Brevdue-siderne kunne ikke bygges / the task panes could not be built: ${(err as Error).message}`, 500);
    }
    const file = normalize(join(dir, rel));
    const type = TYPES[extname(file)];
    if (!file.startsWith(dir + sep) || !type) return c.notFound();
    // The build wrote each page and script compressed beside it (addins/build.ts).
    const encoding = preferredEncoding(c.req.header('accept-encoding'));
    const packed = encoding ? await readFile(`${file}.${encoding === 'br' ? 'br' : 'gz'}`).catch(() => undefined) : undefined;
    const body = packed ?? (await readFile(file).catch(() => undefined));
    if (!body) return c.notFound();
    // Bundles live under a content hash folder but keep stable URLs, so ask browsers to revalidate.
    const headers: Record<string, string> = { 'content-type': type, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' };
    if (packed) headers['content-encoding'] = encoding!;
    if (COMPRESSED.test(file)) headers.vary = 'Accept-Encoding';
    return c.body(body, 200, headers);
  };
  // A person who opens the platform's address lands where staff work (sign-in starts from there).
  app.get('/', (c) => c.redirect('/send', 302));
  app.get('/send', (c) => serve(c, 'web/send.html'));
  app.get(ADDIN_FILE_ROUTE, (c) => serve(c, `${c.req.param('dir')}/${c.req.param('file')}`));

  // The console: one page for every section URL (/console/fejl, ...), routed in the browser. Its
  // files carry an ETag named after the build (a digest of the sources), so a revalidation
  // while the build is unchanged costs a 304 instead of the bundle.
  const serveWithEtag = async (c: Context, rel: string) => {
    const dir = await ready.catch(() => undefined);
    if (!dir) return serve(c, rel);
    // One tag per representation: the brotli, gzip and plain bodies differ.
    const encoding = preferredEncoding(c.req.header('accept-encoding'));
    const etag = `"${basename(dir)}-${rel.replace(/[^A-Za-z0-9._-]/g, '_')}${encoding ? `-${encoding}` : ''}"`;
    if (c.req.header('if-none-match') === etag) return c.body(null, 304, { etag, 'cache-control': 'no-cache' });
    const res = await serve(c, rel);
    if (res.status === 200) res.headers.set('etag', etag);
    return res;
  };
  app.get('/console', (c) => serveWithEtag(c, 'console/console.html'));
  app.get('/console/:section{[a-z-]+}', (c) => serveWithEtag(c, 'console/console.html'));
  // Arkiv's own pages (a case, the exports, retention, insight), so each can be bookmarked.
  app.get('/console/arkiv/:page{eksport|kassation|indsigt|indstillinger}', (c) => serveWithEtag(c, 'console/console.html'));
  app.get('/console/arkiv/sag/:id{[0-9a-f-]{36}}', (c) => serveWithEtag(c, 'console/console.html'));
  app.get('/addins/console/:file{[A-Za-z0-9._-]+}', (c) => serveWithEtag(c, `console/${c.req.param('file')}`));
  return app;
}
