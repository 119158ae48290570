/**
 * @module
 * `/docs`: a browsable API reference (Swagger UI) whose assets are served from the installed
 * `swagger-ui-dist` package — no CDN.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, normalize } from 'node:path';
import { Hono } from 'hono';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.html': 'text/html; charset=utf-8',
};

export function apiDocs(): Hono {
  const dir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  const app = new Hono();
  app.get('/', (c) =>
    c.html(`<!doctype html><html lang="da"><head><meta charset="utf-8"><title>Brevdue API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head><body><div id="ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script></body></html>`),
  );
  app.get('/init.js', (c) =>
    c.body(`window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#ui' });`, 200, { 'content-type': 'text/javascript' }),
  );
  app.get('/assets/:file', async (c) => {
    const file = normalize(c.req.param('file'));
    if (file.includes('/') || file.startsWith('.')) return c.notFound();
    try {
      const body = await readFile(join(dir, file));
      const ext = file.slice(file.lastIndexOf('.'));
      return c.body(new Uint8Array(body), 200, {
        'content-type': TYPES[ext] ?? 'application/octet-stream',
        'cache-control': 'public, max-age=3600',
      });
    } catch {
      return c.notFound();
    }
  });
  return app;
}
