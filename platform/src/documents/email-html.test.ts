import { describe, expect, it } from 'vitest';
import { buildEmailPage, normaliseCid } from './email-html.ts';

const base = {
  subject: 'Møde på rådhuset',
  from: { name: 'Åse Ørsted', email: 'aase@kommune.dk' },
  to: [{ name: 'Jens', email: 'jens@example.dk' }],
  date: new Date('2026-11-24T09:00:00Z'),
  attachmentNames: ['bilag.pdf'],
};

describe('buildEmailPage', () => {
  it('puts a header block first, declares UTF-8 and drops the mail client charset, scripts and frames', () => {
    const html =
      '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"><base href="http://evil.example/"></head>' +
      '<body onload="x()"><p>Kære Jens</p><script>document.write("ondt")</script><iframe src="http://evil.example"></iframe></body></html>';
    const { html: out } = buildEmailPage({ ...base, html, images: new Map() });
    expect(out).toMatch(/^<html><head><meta charset="utf-8">/);
    expect(out).not.toMatch(/iso-8859-1|<script|<iframe|<base|onload/);
    expect(out.indexOf('brevdue-header')).toBeLessThan(out.indexOf('Kære Jens'));
    expect(out).toContain('Møde på rådhuset');
    expect(out).toContain('Åse Ørsted &lt;aase@kommune.dk&gt;');
    expect(out).toContain('24. november 2026');
    expect(out).toContain('bilag.pdf');
  });

  it('escapes header values instead of interpreting them', () => {
    const { html: out } = buildEmailPage({ ...base, subject: '<img src=x onerror=alert(1)>', html: '<p>x</p>', images: new Map() });
    expect(out).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('resolves cid: images in src, background and style, and reports the missing ones', () => {
    const images = new Map([['image001.png@01d', 'data:image/png;base64,AAAA']]);
    const html =
      '<p><img src="cid:image001.png@01D"><img src="cid:nope@x"></p><table background="cid:image001.png@01D"><tr><td style="background: url(cid:image001.png@01D)">x</td></tr></table>';
    const { html: out, missingImages } = buildEmailPage({ ...base, html, images });
    expect(out.match(/data:image\/png;base64,AAAA/g)).toHaveLength(3);
    expect(out).not.toContain('cid:image001');
    expect(missingImages).toEqual(['nope@x']);
  });

  it('normalises Content-IDs from headers and URLs alike', () => {
    expect(normaliseCid('<Image001.PNG@01D>')).toBe('image001.png@01d');
    expect(normaliseCid('cid:image%20001@x')).toBe('image 001@x');
  });
});
