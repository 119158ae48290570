/**
 * @module
 * Figures for `npm run bench`: MeMo messages (KombiPostAfsend bodies) built and validated against
 * the schema per second, for a one-page letter and a 30 MB letter (digital, and with the print job
 * of `Automatisk Valg`, which carries the document twice), with peak memory; and what the schema
 * validation alone costs per message.
 */
import { randomUUID } from 'node:crypto';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { LetterDocument, OutgoingLetter } from '@brevdue/shared/sdk';
import { buildKombiRequest } from './kombi-request.ts';
import { schemaValidator, validateAgainstSchemaAsync } from './xsd-validator.ts';

type Figure = { name: string; value: number; unit: string; note?: string };

const PAGE = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  'latin1',
);
const MEMO = { version: '1.2' as const, cvr: '29189846', caseSystem: 'Brevdue' };
const PRINT = { envelope: 'C5' as const, userName: 'Brevdue' };

function doc(body: Buffer): LetterDocument {
  return {
    id: randomUUID(),
    filename: 'brev.pdf',
    mediaType: 'application/pdf',
    bytes: body.length,
    sha256: createHash('sha256').update(body).digest('hex'),
    read: async () => body,
    stream: () => Readable.from([body]),
  };
}

function letter(body: Buffer, withPrint: boolean): OutgoingLetter {
  const id = randomUUID();
  return {
    letterId: id,
    messageId: id,
    shipmentId: randomUUID(),
    channel: 'digital',
    subject: 'Indkaldelse til møde',
    recipient: {
      idType: 'CPR',
      id: '0101904321',
      name: 'Jens Hansen',
      ...(withPrint ? { address: { name: 'Jens Hansen', lines: ['Testvej 1'], postalCode: '8000', city: 'Aarhus C', country: 'DK' } } : {}),
    },
    sender: { organisationId: randomUUID(), name: 'Testkommune', cvr: '29189846' },
    mainDocument: doc(body),
    attachments: [],
    actions: [{ code: 'SELVBETJENING', label: 'Svar', url: 'https://example.dk/svar' }],
    options: { replyAllowed: false },
    printFallback: withPrint,
    createdAt: new Date(),
  };
}

/** Samples memory every 10 ms; validation is synchronous, so WebAssembly's high-water mark shows up as RSS afterwards. */
function memoryPeaks() {
  let rss = 0;
  let external = 0;
  const sample = () => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    external = Math.max(external, m.arrayBuffers);
  };
  sample();
  const timer = setInterval(sample, 10);
  return { stop: () => (clearInterval(timer), sample(), { rss, external }) };
}

/** Longest time a 5 ms timer fired late: how long the event loop was blocked at a stretch. */
function loopStalls() {
  let last = performance.now();
  let max = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    max = Math.max(max, now - last - 5);
    last = now;
  }, 5);
  return { stop: () => (clearInterval(timer), max) };
}

async function measure(name: string, body: Buffer, runs: number, withPrint = false, inFlight = 1): Promise<Figure[]> {
  const peaks = memoryPeaks();
  const stalls = loopStalls();
  let validateMs = 0;
  const t0 = performance.now();
  const one = async () => {
    const req = await buildKombiRequest(letter(body, withPrint), MEMO, PRINT);
    // The validation inside buildKombiRequest again, timed on its own (same compiled schema, same
    // thread choice: here for a one-page letter, a worker thread for 30 MB).
    const tv = performance.now();
    if (!(await validateAgainstSchemaAsync(req.body, withPrint ? 'kombi-print-1.2' : 'kombi-1.2')).valid)
      throw new Error('bench message does not validate');
    validateMs += performance.now() - tv;
  };
  for (let i = 0; i < runs; i += inFlight) {
    await Promise.all(Array.from({ length: Math.min(inFlight, runs - i) }, one));
    // Building resolves through microtasks only; let timers (the samplers, a server's I/O) run.
    await new Promise((resolve) => setImmediate(resolve));
  }
  const seconds = (performance.now() - t0) / 1000 - validateMs / 1000;
  const stallMs = stalls.stop();
  const { rss, external } = peaks.stop();
  const label = `${name}${inFlight > 1 ? `, ${inFlight} in flight` : ''}`;
  const rate = {
    name: `sf1601: MeMo built + validated, ${label}`,
    value: Number((runs / seconds).toFixed(2)),
    unit: 'messages/s',
    note: `${runs} runs, libxml2-wasm validation of the whole kombi_request (schema compiled once)`,
  };
  if (inFlight > 1) return [rate];
  return [
    rate,
    {
      name: `sf1601: schema validation alone, ${name}`,
      value: Number((validateMs / runs).toFixed(3)),
      unit: 'ms/message',
      note: 'parse + validate + free (+ copy to the worker thread for ≥ 1 MB), part of the figure above',
    },
    {
      name: `sf1601: longest event-loop stall, ${name}`,
      value: Math.round(stallMs),
      unit: 'ms',
      note: 'longest stretch the event loop was blocked while building and validating (validation of ≥ 1 MB runs on a worker thread)',
    },
    {
      name: `sf1601: peak RSS, ${name}`,
      value: Math.round(rss / 1048576),
      unit: 'MiB',
      note: 'process.memoryUsage().rss, includes the WebAssembly heap (it keeps its high-water mark)',
    },
    {
      name: `sf1601: peak array buffers, ${name}`,
      value: Math.round(external / 1048576),
      unit: 'MiB',
      note: 'process.memoryUsage().arrayBuffers: Buffers + WebAssembly memory',
    },
  ];
}

export default async function bench(): Promise<Figure[]> {
  const t = performance.now();
  schemaValidator('kombi-1.2');
  schemaValidator('kombi-print-1.2');
  const compileMs = performance.now() - t;
  // Start the worker threads outside the figures (each compiles its schema, like the first big letter would).
  const tw = performance.now();
  await validateAgainstSchemaAsync(Buffer.alloc(2 * 1024 * 1024, 0x20), 'kombi-1.2');
  await validateAgainstSchemaAsync(Buffer.alloc(2 * 1024 * 1024, 0x20), 'kombi-print-1.2');
  const workersMs = performance.now() - tw;
  return [
    { name: 'sf1601: schema compile, kombi 1.2 + kombi-print 1.2', value: Math.round(compileMs), unit: 'ms', note: 'once per process' },
    {
      name: 'sf1601: worker threads started (2 kinds)',
      value: Math.round(workersMs),
      unit: 'ms',
      note: 'once per process, on the first message ≥ 1 MB of each kind',
    },
    ...(await measure('1-page letter', PAGE, 2000)),
    ...(await measure('1-page letter', PAGE, 2048, false, 64)),
    ...(await measure('30 MB letter', Buffer.alloc(30 * 1024 * 1024, 0x41), 5)),
    ...(await measure('30 MB letter + print job', Buffer.alloc(30 * 1024 * 1024, 0x41), 3, true)),
  ];
}
