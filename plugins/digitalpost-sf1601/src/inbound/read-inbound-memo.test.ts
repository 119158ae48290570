/** Reading MeMo safely: entities and character references decoded, a DOCTYPE refused before any parser, versions checked. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InboundRejection } from './inbound-rejection.ts';
import { readInboundMemo } from './read-inbound-memo.ts';

const minimal = readFileSync(
  fileURLToPath(new URL('../../test-data/memo-samples/python-serviceplatformen-v1.2/MeMo_Minimum_Example.xml', import.meta.url)),
  'utf8',
).replace(
  /<memo:recipientID>2211771212<\/memo:recipientID>\s*<memo:idType>CPR/,
  '<memo:recipientID>29189846</memo:recipientID><memo:idType>CVR',
);
const code = async (xml: string) =>
  readInboundMemo(Buffer.from(xml), '29189846').then(
    () => 'ok',
    (e: unknown) => (e instanceof InboundRejection ? e.code : String(e)),
  );

describe('readInboundMemo', () => {
  it('decodes the predefined entities and character references in text', async () => {
    const m = await readInboundMemo(
      Buffer.from(minimal.replace('>Pladsanvisning</memo:label>', '>Svar &amp; sp&#248;rgsm&#xE5;l</memo:label>')),
      '29189846',
    );
    expect(m.subject).toBe('Svar & spørgsmål');
    expect(m.providerMessageId).toBe('8c2ea15d-61fb-4ba9-9366-42f8b194c114');
  });
  it('refuses a DOCTYPE, an unknown version, a non-MeMo body and a schema error', async () => {
    expect(await code(minimal.replace('<memo:Message', '<!DOCTYPE memo:Message><memo:Message'))).toBe('DTD_NOT_ALLOWED');
    expect(await code(minimal.replace('memoVersion="1.2"', 'memoVersion="2.0"'))).toBe('MEMO_VERSION');
    expect(await code('<kombi_request/>')).toBe('NOT_MEMO');
    expect(await code(minimal.replace('<memo:messageType>DIGITALPOST</memo:messageType>', ''))).toBe('SCHEMA_VALIDATION');
  });
});

describe('sampleInboundMemo', () => {
  it('is valid MeMo 1.2; as a reply it names the letter answered; routing data is read', async () => {
    const { sampleInboundMemo } = await import('./sample-inbound-memo.ts');
    const letter = '1b4e28ba-2fa1-41d2-883f-0016d3cca427';
    const m = await readInboundMemo(
      Buffer.from(
        sampleInboundMemo({
          cvr: '29189846',
          replyToMessageUuid: letter,
          caseId: 'SAG-1',
          kle: '28.12.08',
          contactPointId: 'cp-1',
          subject: 'Svar & tak',
        }),
      ),
      '29189846',
    );
    expect(m).toMatchObject({
      subject: 'Svar & tak',
      replyTo: { messageUuid: letter, caseId: 'SAG-1' },
      routing: { kle: '28.12.08', contactPointId: 'cp-1', caseId: 'SAG-1' },
    });
    expect(m.documents[0]!.content.subarray(0, 5).toString()).toBe('%PDF-');
  });
});
