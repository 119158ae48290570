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
import { schemaValidator } from './xsd-validator.ts';

type Figure = { name: string; value: number; unit: string; note?: string };

const PAGE = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n', 'latin1');
const MEMO = { version: '1.2' as const, cvr: '29189846', caseSystem: 'Brevdue' };
const PRINT = { envelope: 'C5' as const, userName: 'Brevdue' };

function doc(body: Buffer): LetterDocument {
  return { id: randomUUID(), filename: 'brev.pdf', mediaType: 'application/pdf', bytes: body.length, sha256: createHash('sha256').update(body).digest('hex'), read: async () => body, stream: () => Readable.from([body]) };
}

function letter(body: Buffer, withPrint: boolean): OutgoingLetter {
  const id = randomUUID();
  return {
    letterId: id, messageId: id, shipmentId: randomUUID(), channel: 'digital', subject: 'Indkaldelse til møde',
    recipient: { idType: 'CPR', id: '0101904321', name: 'Jens Hansen', ...(withPrint ? { address: { name: 'Jens Hansen', lines: ['Testvej 1'], postalCode: '8000', city: 'Aarhus C', country: 'DK' } } : {}) },
    sender: { organisationId: randomUUID(), name: 'Testkommune', cvr: '29189846' },
    mainDocument: doc(body), attachments: [], actions: [{ code: 'SELVBETJENING', label: 'Svar', url: 'https://example.dk/svar' }],
    options: { replyAllowed: false }, printFallback: withPrint, createdAt: new Date(),
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

async function measure(name: string, body: Buffer, runs: number, withPrint = false): Promise<Figure[]> {
  const peaks = memoryPeaks();
  let validateMs = 0;
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) {
    const req = await buildKombiRequest(letter(body, withPrint), MEMO, PRINT);
    // The validation inside buildKombiRequest again, timed on its own (same compiled schema).
    const tv = performance.now();
    if (!schemaValidator(withPrint ? 'kombi-print-1.2' : 'kombi-1.2').validate(req.body).valid) throw new Error('bench message does not validate');
    validateMs += performance.now() - tv;
  }
  const seconds = (performance.now() - t0) / 1000 - validateMs / 1000;
  const { rss, external } = peaks.stop();
  return [
    { name: `sf1601: MeMo built + validated, ${name}`, value: Number((runs / seconds).toFixed(2)), unit: 'messages/s', note: `${runs} runs, one thread, libxml2-wasm validation of the whole kombi_request (schema compiled once)` },
    { name: `sf1601: schema validation alone, ${name}`, value: Number((validateMs / runs).toFixed(3)), unit: 'ms/message', note: 'parse + validate + free, part of the figure above' },
    { name: `sf1601: peak RSS, ${name}`, value: Math.round(rss / 1048576), unit: 'MiB', note: 'process.memoryUsage().rss, includes the WebAssembly heap (it keeps its high-water mark)' },
    { name: `sf1601: peak array buffers, ${name}`, value: Math.round(external / 1048576), unit: 'MiB', note: 'process.memoryUsage().arrayBuffers: Buffers + WebAssembly memory' },
  ];
}

export default async function bench(): Promise<Figure[]> {
  const t = performance.now();
  schemaValidator('kombi-1.2');
  schemaValidator('kombi-print-1.2');
  const compileMs = performance.now() - t;
  return [
    { name: 'sf1601: schema compile, kombi 1.2 + kombi-print 1.2', value: Math.round(compileMs), unit: 'ms', note: 'once per process' },
    ...(await measure('1-page letter', PAGE, 2000)),
    ...(await measure('30 MB letter', Buffer.alloc(30 * 1024 * 1024, 0x41), 5)),
    ...(await measure('30 MB letter + print job', Buffer.alloc(30 * 1024 * 1024, 0x41), 3, true)),
  ];
}
