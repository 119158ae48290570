/**
 * @module
 * Benchmark: Digipost messages built (message XML + multipart body), signed (SHA-256 of the whole
 * body + RSA-SHA256) and validated against api_v8.xsd + datatypes.xsd, per second, for a 1-page
 * letter and a 30 MB letter, with the peak resident memory of each run; plus the validation alone
 * and the size of the message XML (the documents travel as separate multipart parts, so it stays
 * small whatever the letter's size). Printed by `npm run bench`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { LetterDocument, OutgoingLetter } from '@brevdue/shared/sdk';
import { generateTestCertificate, readPkcs12 } from './certificate.ts';
import { digipostConfigSchema } from './config.ts';
import { buildMessage } from './message-xml.ts';
import { digipostSendBody } from './multipart.ts';
import { signedHeaders } from './signing.ts';
import { validateDigipostXml } from './xsd-validator.ts';

type Figure = { name: string; value: number; unit: string; note?: string };

const config = digipostConfigSchema.parse({ brokerId: '1000', certificatePath: '/dev/null' });
const address = { name: 'Ola Nordmann', lines: ['Prinsensveien 123'], postalCode: '0460', city: 'Oslo', country: 'NO' };
const key = readPkcs12(generateTestCertificate({ commonName: 'bench', passphrase: '' }).pkcs12, '').privateKey;
const url = new URL('https://api.digipost.no/messages');
// @brevdue/shared/testing pulls in vitest, which cannot load outside a test run: build letters here.
const MINIMAL_PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n', 'latin1');
const memoryDocument = (body: Buffer, filename: string): LetterDocument => ({
  id: randomUUID(),
  filename,
  mediaType: 'application/pdf',
  bytes: body.length,
  sha256: '',
  read: async () => body,
  stream: () => Readable.from([body]),
});
const makeTestLetter = (o: Partial<OutgoingLetter>): OutgoingLetter => {
  const id = randomUUID();
  return {
    letterId: id,
    messageId: id,
    shipmentId: randomUUID(),
    channel: 'digital',
    subject: 'Inkassovarsel',
    recipient: { idType: 'FNR', id: '15058510170' },
    sender: { organisationId: 'o', name: 'KK2' },
    attachments: [],
    actions: [],
    options: { replyAllowed: false },
    printFallback: true,
    createdAt: new Date(),
    ...o,
  };
};

const letterWith = (document: Buffer) =>
  makeTestLetter({
    recipient: { idType: 'FNR', id: '15058510170', address },
    sender: { organisationId: 'o', name: 'KK2', returnAddress: address },
    mainDocument: memoryDocument(document, 'krav.pdf'),
    actions: [{ code: 'BETALING', label: 'Betal', amount: 1250.5, dueDate: '2026-12-15', account: '12345678903', kid: '1234567890128' }],
  });

async function one(document: Buffer): Promise<number> {
  const built = buildMessage(letterWith(document), config);
  const check = validateDigipostXml(built.xml);
  if (!check.valid) throw new Error(check.errors.join('; '));
  const body = digipostSendBody(
    built.xml,
    await Promise.all(built.documents.map(async (d) => ({ uuid: d.uuid, fileType: d.fileType, content: await d.document.read() }))),
  );
  const h = signedHeaders({ method: 'POST', url, body: body.body, userId: '1000', key, now: new Date() });
  return body.body.length + (h['X-Digipost-Signature']?.length ?? 0);
}

async function run(name: string, document: Buffer, count: number, concurrency: number): Promise<Figure[]> {
  global.gc?.();
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const start = process.hrtime.bigint();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        next++;
        await one(document);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  return [
    {
      name: `digipost: messages built+signed+validated/s (${name})`,
      value: Math.round((count / seconds) * 10) / 10,
      unit: 'msg/s',
      note: `${count} messages, ${concurrency} at a time`,
    },
    {
      name: `digipost: peak RSS (${name})`,
      value: Math.round(peak / 1024 / 1024),
      unit: 'MB',
      note: 'with libxml2-wasm loaded through tsx: ≈ 140 MB more than when imported before tsx',
    },
  ];
}

/** The XSD validation alone, on the calling thread, for one built message. */
function validationOnly(document: Buffer, count: number): Figure[] {
  const xml = buildMessage(letterWith(document), config).xml;
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) if (!validateDigipostXml(xml).valid) throw new Error('the bench message does not validate');
  const micros = Number(process.hrtime.bigint() - start) / 1e3 / count;
  return [
    { name: 'digipost: XSD validation of one message', value: Math.round(micros), unit: 'µs', note: `${count} runs, calling thread` },
    {
      name: 'digipost: message XML size (30 MB letter)',
      value: Buffer.byteLength(xml),
      unit: 'bytes',
      note: 'documents are separate multipart parts',
    },
  ];
}

/** Runs the Digipost benchmark (about 10 s on two cores). */
export default async function bench(): Promise<Figure[]> {
  await one(MINIMAL_PDF); // warm-up: schema compile, JIT
  const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(30 * 1024 * 1024)]);
  return [...(await run('1 page', MINIMAL_PDF, 640, 64)), ...(await run('30 MB', big, 12, 2)), ...validationOnly(big, 2000)];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const f of await bench()) console.log(`${f.name}: ${f.value} ${f.unit}${f.note ? ` (${f.note})` : ''}`);
}
