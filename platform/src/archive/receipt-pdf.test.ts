import { describe, expect, it } from 'vitest';
import { pdfText } from '../../test/pdf-text.ts';
import { type ReceiptData, renderReceiptPdf } from './receipt-pdf.ts';

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
});

describe('renderReceiptPdf', () => {
  it('prints every name as written: Polish, Vietnamese, Greek and Cyrillic as well as Danish', async () => {
    for (const name of ['Łukasz Wójcik-Żółć', 'Nguyễn Thị Hương', 'Γιώργος Παπαδόπουλος', 'Наталья Иванова', 'Søren Ærø Åberg']) {
      const text = await pdfText(await renderReceiptPdf(data(name, `${name}.pdf`)));
      expect(text).toContain(name);
      expect(text).not.toContain('?');
    }
  });

  it('shows the CPR number masked, never whole', async () => {
    const text = await pdfText(await renderReceiptPdf(data('Jens Hansen')));
    expect(text).toContain('010190-XXXX');
    expect(text).not.toContain('0101904321');
  });
});
