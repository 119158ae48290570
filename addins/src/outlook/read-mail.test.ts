/// <reference types="office-js" />
import { describe, expect, it } from 'vitest';
import { OfficeMockObject } from 'office-addin-mock';
import { readMail, type OutlookOfficeLike } from './read-mail.ts';

const ok = <T>(value: T) => ({ status: 'succeeded', value });
const png = Buffer.from('89504e470d0a1a0a', 'hex').toString('base64');
const pdf = Buffer.from('%PDF-1.7\n%%EOF\n').toString('base64');
const html = '<html><body><p>Kære borger, æøå</p><img src="cid:image001.png@01DA1234.5678"></body></html>';

const attachments = [
  { id: 'a1', name: 'image001.png', contentType: 'image/png', isInline: true, attachmentType: 'file', size: 8 },
  { id: 'a2', name: 'Bilag 1.pdf', contentType: 'application/pdf', isInline: false, attachmentType: 'file', size: 15 },
  { id: 'a3', name: 'Bilag 2.pdf', contentType: 'application/pdf', isInline: false, attachmentType: 'file', size: 15 },
  { id: 'a4', name: 'Sag på OneDrive', contentType: '', isInline: false, attachmentType: 'cloud', size: 0 },
];
const contents: Record<string, string> = { a1: png, a2: pdf, a3: pdf };

function mock(mode: 'read' | 'compose', mailbox18 = true): OutlookOfficeLike {
  const getter = <T>(v: T) => ({ getAsync: (cb: (r: unknown) => void) => cb(ok(v)) });
  const from = { displayName: 'Jobcenter Aarhus', emailAddress: 'jobcenter@aarhus.dk' };
  const to = [{ displayName: 'Borger', emailAddress: 'borger@example.dk' }];
  const item =
    mode === 'read'
      ? { subject: 'Indkaldelse', from, to, cc: [], dateTimeCreated: new Date('2026-11-20T09:00:00Z'), attachments }
      : {
          subject: getter('Indkaldelse'),
          from: getter(from),
          to: getter(to),
          cc: getter([]),
          getAttachmentsAsync: (cb: (r: unknown) => void) => cb(ok(attachments)),
        };
  return new OfficeMockObject({
    host: 'outlook',
    context: {
      mailbox: {
        item: {
          ...item,
          body: { getAsync: (_t: unknown, cb: (r: unknown) => void) => cb(ok(html)) },
          getAttachmentContentAsync: (id: string, cb: (r: unknown) => void) => cb(ok({ format: 'base64', content: contents[id] })),
        },
      },
      requirements: { isSetSupported: (name: string, v?: string) => name === 'Mailbox' && (mailbox18 || Number(v) < 1.8) },
    },
    CoercionType: { Html: 'html' },
    AsyncResultStatus: { Succeeded: 'succeeded' },
  }) as unknown as OutlookOfficeLike;
}

describe('readMail', () => {
  for (const mode of ['read', 'compose'] as const) {
    it(`reads a ${mode}-mode message with its inline image and two file attachments`, async () => {
      const { payload, notices } = await readMail(mock(mode));
      expect(notices).toEqual([]);
      expect(payload.subject).toBe('Indkaldelse');
      expect(payload.from).toEqual({ name: 'Jobcenter Aarhus', email: 'jobcenter@aarhus.dk' });
      expect(payload.to).toEqual([{ name: 'Borger', email: 'borger@example.dk' }]);
      expect(payload.html).toContain('æøå');
      expect(payload.inlineImages).toEqual([{ cid: 'image001.png@01DA1234.5678', contentType: 'image/png', base64: png }]);
      expect(payload.attachments.map((a) => a.filename)).toEqual(['Bilag 1.pdf', 'Bilag 2.pdf']);
      expect(Number.isNaN(Date.parse(payload.date))).toBe(false);
      if (mode === 'read') expect(payload.date).toBe('2026-11-20T09:00:00.000Z');
    });
  }

  it('without Mailbox 1.8 sends the body only and explains why', async () => {
    const { payload, notices } = await readMail(mock('read', false));
    expect(payload.attachments).toEqual([]);
    expect(payload.inlineImages).toEqual([]);
    expect(payload.html).toContain('Kære borger');
    expect(notices.join()).toMatch(/Mailbox 1\.8/);
  });
});
