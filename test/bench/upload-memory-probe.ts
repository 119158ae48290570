/**
 * @module
 * Child process of the document benchmark: uploads one large PDF from disk through the routes
 * (streamed request body → blob store → pdf.js check → row) and prints its own peak memory
 * growth as JSON. A separate process, so nothing the parent allocated counts.
 * Usage: node --import tsx upload-memory-probe.ts <databaseUrl> <pdfPath>
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createDocumentTestApp } from '../../platform/test/document-test-app.ts';
import { makeTextPdf } from '../../platform/test/document-fixtures.ts';

const [dbUrl, pdfPath] = process.argv.slice(2);
if (!dbUrl || !pdfPath) throw new Error('usage: upload-memory-probe.ts <databaseUrl> <pdfPath>');
const t = await createDocumentTestApp(dbUrl);
const post = (body: BodyInit, length: number) =>
  t.app.request('/v1/documents', {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/pdf', 'content-length': String(length) },
    duplex: 'half',
  } as RequestInit);

// Warm up: load pdf.js, the pool and the route code before measuring.
const small = await makeTextPdf([['Opvarmning']]);
await post(new Uint8Array(small), small.length);

const bytes = (await stat(pdfPath)).size;
let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 5);
const before = process.memoryUsage().rss;
const started = process.hrtime.bigint();
const res = await post(Readable.toWeb(createReadStream(pdfPath, { highWaterMark: 1024 * 1024 })) as unknown as ReadableStream, bytes);
const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);
const status = res.status;
await res.arrayBuffer();
await t.close();
process.stdout.write(JSON.stringify({ status, bytes, seconds: elapsed, rssBefore: before, peakRss }) + '\n');
