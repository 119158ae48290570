/**
 * @module
 * Figures for `npm run bench`: MeMo messages (KombiPostAfsend bodies) built and validated against
 * the schema per second, for a one-page letter and a 30 MB letter, with peak memory.
 */
import { randomUUID } from 'node:crypto';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { LetterDocument, OutgoingLetter } from '@brevdue/shared/sdk';
import { buildKombiRequest } from './kombi-request.ts';

const PAGE = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n', 'latin1');

function doc(body: Buffer): LetterDocument {
  return { id: randomUUID(), filename: 'brev.pdf', mediaType: 'application/pdf', bytes: body.length, sha256: createHash('sha256').update(body).digest('hex'), read: async () => body, stream: () => Readable.from([body]) };
}

function letter(body: Buffer): OutgoingLetter {
  const id = randomUUID();
  return {
    letterId: id, messageId: id, shipmentId: randomUUID(), channel: 'digital', subject: 'Indkaldelse til møde',
    recipient: { idType: 'CPR', id: '0101904321', name: 'Jens Hansen' },
    sender: { organisationId: randomUUID(), name: 'Testkommune', cvr: '29189846' },
    mainDocument: doc(body), attachments: [], actions: [{ code: 'SELVBETJENING', label: 'Svar', url: 'https://example.dk/svar' }],
    options: { replyAllowed: false }, printFallback: false, createdAt: new Date(),
  };
}

async function measure(name: string, body: Buffer, runs: number, inFlight = 1) {
  const settings = { version: '1.2' as const, cvr: '29189846', caseSystem: 'Brevdue' };
  let peakRss = process.memoryUsage().rss;
  let peakHeap = process.memoryUsage().heapUsed;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 10);
  const t0 = performance.now();
  // Validation runs in a worker thread per message, so several in flight use several cores.
  for (let i = 0; i < runs; i += inFlight) {
    await Promise.all(Array.from({ length: Math.min(inFlight, runs - i) }, () => buildKombiRequest(letter(body), settings, { envelope: 'C5', userName: 'Brevdue' })));
  }
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(timer);
  return [
    { name: `sf1601: MeMo built + validated, ${name}${inFlight > 1 ? `, ${inFlight} in flight` : ''}`, value: Number((runs / seconds).toFixed(2)), unit: 'messages/s', note: `${runs} runs, libxml2 (xmllint-wasm) validation of the whole kombi_request` },
    { name: `sf1601: peak RSS, ${name}`, value: Math.round(peakRss / 1048576), unit: 'MiB', note: 'process.memoryUsage().rss (includes the validator worker)' },
    { name: `sf1601: peak heap, ${name}`, value: Math.round(peakHeap / 1048576), unit: 'MiB' },
  ];
}

export default async function bench(): Promise<Array<{ name: string; value: number; unit: string; note?: string }>> {
  return [
    ...(await measure('1-page letter', PAGE, 20)),
    ...(await measure('1-page letter', PAGE, 40, 4)).slice(0, 1),
    ...(await measure('30 MB letter', Buffer.alloc(30 * 1024 * 1024, 0x41), 3)),
  ];
}
