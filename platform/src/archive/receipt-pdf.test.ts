import { describe, expect, it } from 'vitest';
import { pdfText } from '../../test/pdf-text.ts';
import { formatReceiptTime, type ReceiptData, renderReceiptPdf } from './receipt-pdf.ts';

const data = (name: string, filename = 'brev.pdf'): ReceiptData => ({
  organisation: { name: 'Demo Kommune', cvr: '29189846' },
  senderName: 'Søren Sender',
  recipient: { idType: 'CPR', id: '0101904321', name },
  subject: 'Indkaldelse til møde',
  channel: 'digital',
  provider: 'sandbox',
  providerMessageId: 'p-1',
  messageId: 'm-1',
  letterId: 'l-1',
  status: 'delivered_digital',
  statusReason: null,
  createdAt: new Date('2026-12-01T10:00:00Z'),
  submittedAt: new Date('2026-12-01T10:00:01Z'),
  deliveredAt: new Date('2026-12-01T10:00:02Z'),
  documents: [{ role: 'main', filename, sha256: 'a'.repeat(64), bytes: 1234 }],
  issuedAt: new Date('2026-12-01T10:00:03Z'),
  language: 'da',
});

describe('renderReceiptPdf', () => {
  it('prints every name as written: Polish, Vietnamese, Greek and Cyrillic as well as Danish', async () => {
    for (const name of ['Łukasz Wójcik-Żółć', 'Nguyễn Thị Hương', 'Γιώργος Παπαδόπουλος', 'Наталья Иванова', 'Søren Ærø Åberg']) {
      const text = await pdfText(await renderReceiptPdf(data(name, `${name}.pdf`)));
      expect(text).toContain(name);
      expect(text).not.toContain('?');
    }
  });

  it('is written in the one language the organisation chose: Danish, English or Norwegian bokmål, statuses and channels included', async () => {
    const inLanguage = async (language: ReceiptData['language']) => pdfText(await renderReceiptPdf({ ...data('Jens Hansen'), language }));
    // What each receipt says; `mark` is its language's alone and must not appear in another.
    const languages = {
      da: {
        mark: ['Afsendelseskvittering', 'Modtager', 'dansk tid'],
        also: ['2026-12-01 11:00:00 (dansk tid)', 'Leveret digitalt (delivered_digital)', 'Digital post (digital)'],
      },
      en: {
        mark: ['Dispatch receipt', 'Recipient', 'Danish time'],
        also: ['2026-12-01 11:00:00 (Danish time)', 'Delivered digitally (delivered_digital)'],
      },
      nb: {
        mark: ['Forsendelseskvittering', 'Mottaker', 'norsk tid'],
        also: ['2026-12-01 11:00:00 (norsk tid)', 'Levert digitalt (delivered_digital)'],
      },
    };
    for (const [language, { mark, also }] of Object.entries(languages)) {
      const text = await inLanguage(language as ReceiptData['language']);
      for (const w of [...mark, ...also]) expect(text).toContain(w);
      for (const [other, o] of Object.entries(languages)) if (other !== language) for (const w of o.mark) expect(text).not.toContain(w);
    }
  });

  it('shows the CPR number masked, never whole', async () => {
    const text = await pdfText(await renderReceiptPdf(data('Jens Hansen')));
    expect(text).toContain('010190-XXXX');
    expect(text).not.toContain('0101904321');
  });

  it('gives times in Danish time across the changes to and from summer time, as Intl does', () => {
    const at = (iso: string) => formatReceiptTime(new Date(iso)).split(' (')[0];
    expect(at('2026-03-29T00:59:59Z')).toBe('2026-03-29 01:59:59');
    expect(at('2026-03-29T01:00:00Z')).toBe('2026-03-29 03:00:00');
    expect(at('2026-10-25T00:59:59Z')).toBe('2026-10-25 02:59:59');
    expect(at('2026-10-25T01:00:00Z')).toBe('2026-10-25 02:00:00');
    expect(formatReceiptTime(new Date('2026-07-01T10:00:00.250Z'))).toBe('2026-07-01 12:00:00 (dansk tid) / 2026-07-01T10:00:00.250Z');
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 3_600_000 * 5 + 61_000)
      expect(at(new Date(t).toISOString())).toBe(new Date(t).toLocaleString('sv-SE', { timeZone: 'Europe/Copenhagen' }));
  });
});
