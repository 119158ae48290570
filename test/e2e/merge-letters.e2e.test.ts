/**
 * Merge letters end to end over HTTP (issue 14): a merged PDF of three letters is split into one
 * document per letter holding only its own pages, with `redactCpr` no CPR digits are left in any
 * byte, a shipment sends each recipient its own document, and the leak guard holds a letter that
 * carries another person's CPR number — at preview, at creation and in the send worker.
 */
import { randomUUID } from 'node:crypto';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LetterView, ShipmentPreview, ShipmentView } from '@brevdue/shared/api';
import type { PdfEngine } from '../../platform/src/pdf-engine/index.ts';
import { findCprInPdf } from '../fixtures/pdf/cpr-in-pdf.ts';
import { inflateBombPdf } from '../fixtures/pdf/raw-pdf.ts';
import { pdfText } from '../../platform/test/pdf-text.ts';
import { type TestPlatform, startTestPlatform, uploadPdf, waitFor } from '../support/platform.ts';

const CPR_A = '0101904321'; // digital in the sandbox
const CPR_B = '0101701111'; // not registered in the sandbox: print
const CVR = '29189846';
const CPR_C = '0303904321'; // digital in the sandbox
const STRANGER = '2412851234'; // a CPR number that belongs to no recipient

/** A merged PDF: a cover page, a 2-page letter to A, a 1-page letter to B (with its address block where a window envelope shows it), a 1-page letter to a company. */
async function mergedPdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const letters = [
    { word: 'Forside', id: undefined, pages: 1 },
    { word: 'Anemone', id: `CPR: ${CPR_A.slice(0, 6)}-${CPR_A.slice(6)}`, pages: 2 },
    { word: 'Bellis', id: `CPR-nr. ${CPR_B}`, pages: 1 },
    { word: 'Crocus', id: `CVR ${CVR}`, pages: 1 },
  ];
  for (const l of letters) {
    for (let p = 0; p < l.pages; p++) {
      const page = doc.addPage([595, 842]);
      page.drawText(`${l.word} side ${p + 1}`, { x: 50, y: 800, size: 11, font });
      if (l.id && p === 0) page.drawText(l.id, { x: 50, y: 780, size: 11, font });
      if (l.word === 'Bellis')
        ['Bente Bellis', 'Blomstervej 2', '8000 Aarhus C'].forEach((a, i) => page.drawText(a, { x: 57, y: 690 - 14 * i, size: 10, font }));
      page.drawText(`Kære modtager, dette er brevet ${l.word}.`, { x: 50, y: 740, size: 11, font });
    }
  }
  return Buffer.from(await doc.save());
}

/** A one-page letter to `owner` that also names a stranger's CPR number. */
async function leakyPdf(owner: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595, 842]);
  page.drawText(`CPR: ${owner}`, { x: 50, y: 780, size: 11, font });
  page.drawText(`Vedr. jeres barn ${STRANGER.slice(0, 6)}-${STRANGER.slice(6)}`, { x: 50, y: 740, size: 11, font });
  return Buffer.from(await doc.save());
}

interface Split {
  id: string;
  status: string;
  progress: { pages: number; of: number };
  letters: Array<{ recipient: { idType: string; id: string } | null; pages: number[]; document: string }>;
  unassignedPages: number[];
}

/** A message as the sandbox simulator lists it. */
interface SimMessage {
  reference?: string;
  documents: Array<{ role: string; sha256: string }>;
}
const simMessages = async (): Promise<SimMessage[]> =>
  ((await (await fetch(`${p.sandbox!.url}/messages`)).json()) as { messages: SimMessage[] }).messages;

let p: TestPlatform;
let merged: string;

async function split(documentId: string, body: object): Promise<Split> {
  const res = await p.api(`/v1/documents/${documentId}/split`, { method: 'POST', body: JSON.stringify(body) });
  expect([200, 202]).toContain(res.status);
  const first = (await res.json()) as Split;
  // A running split answers the same shape on GET until it is done.
  return waitFor(async () => {
    const s = (await (await p.api(`/v1/splits/${first.id}`)).json()) as Split;
    expect(s.status).not.toBe('failed');
    return s.status === 'done' ? s : undefined;
  }, `split ${first.id}`);
}

const content = async (documentId: string) => Buffer.from(await (await p.api(`/v1/documents/${documentId}/content`)).arrayBuffer());

beforeAll(async () => {
  // Uploads allow streams up to 128 MB inflated (the default is 64 MB), so the split's own
  // inflate limit can be tested on a stored document.
  p = await startTestPlatform({ config: { documents: { limits: { maxInflatedMb: 128 } } } });
  merged = await uploadPdf(p, await mergedPdf(), 'Skolebreve.pdf');
});
afterAll(async () => p?.close());

describe('splitting a merged PDF', () => {
  it('cuts three letters by identifier, each its own document with only its own pages; the cover page is reported', async () => {
    const s = await split(merged, { by: 'identifier' });
    expect(s.unassignedPages).toEqual([1]);
    expect(s.progress).toEqual({ pages: 5, of: 5 });
    expect(s.letters.map((l) => [l.recipient, l.pages])).toEqual([
      [{ idType: 'CPR', id: CPR_A }, [2, 3]],
      // The name in the letter's address block, beside the number.
      [{ idType: 'CPR', id: CPR_B, name: 'Bente Bellis' }, [4]],
      [{ idType: 'CVR', id: CVR }, [5]],
    ]);
    const words = ['Anemone', 'Bellis', 'Crocus'];
    for (const [i, l] of s.letters.entries()) {
      const meta = (await (await p.api(`/v1/documents/${l.document}`)).json()) as { pages: number; source: string; filename: string };
      expect(meta).toMatchObject({ pages: l.pages.length, source: 'split', filename: `Skolebreve-brev-00${i + 1}.pdf` });
      const text = await pdfText(await content(l.document));
      expect(text).toContain(words[i]);
      for (const other of ['Forside', ...words.filter((w) => w !== words[i])]) expect(text).not.toContain(other);
    }
  });

  it('with redactCpr leaves no CPR digit sequence in any byte of any letter, inflated streams included; the CVR stays', async () => {
    const s = await split(merged, { by: 'identifier', redactCpr: true });
    expect(s.letters).toHaveLength(3);
    for (const l of s.letters) {
      const bytes = await content(l.document);
      expect(await findCprInPdf(bytes, [CPR_A, CPR_B])).toEqual([]);
      expect(await pdfText(bytes)).toMatch(/Kære modtager/);
    }
    expect(await pdfText(await content(s.letters[2]!.document))).toContain(CVR);
  });

  it('cuts every N pages with `by: pages`', async () => {
    const s = await split(merged, { by: 'pages', pagesPerLetter: 2 });
    expect(s.letters.map((l) => l.pages)).toEqual([[1, 2], [3, 4], [5]]);
    // Each letter is named after the first identifier on its pages.
    expect(s.letters.map((l) => l.recipient?.id ?? null)).toEqual([CPR_A, CPR_B, CVR]);
  });

  it('refuses a hostile PDF with a clear 4xx, an unknown document with 404, and a bad option naming it', async () => {
    // 100 KB that inflate to 100 MB: the upload takes it (its limit is raised above), the split does not.
    const bomb = await uploadPdf(p, inflateBombPdf(), 'bombe.pdf');
    const res = await p.api(`/v1/documents/${bomb}/split`, { method: 'POST', body: JSON.stringify({ by: 'identifier' }) });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'pdf_limit_inflated',
      message: expect.stringMatching(/pakkes ud til mere end 64 MB/),
    });
    expect(
      (await p.api(`/v1/documents/${randomUUID()}/split`, { method: 'POST', body: JSON.stringify({ by: 'identifier' }) })).status,
    ).toBe(404);
    const bad = await p.api(`/v1/documents/${merged}/split`, { method: 'POST', body: JSON.stringify({ by: 'pages', pagesPerLetter: 0 }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { field: string } }).error.field).toBe('pagesPerLetter');
  });

  it('answers 202 while a long split runs, with its progress visible, and the letters once done', async () => {
    // The engine held at a gate after reading two of five pages: a long merge run, without the wait.
    const rt = p.runtime as { pdf: PdfEngine };
    const engine = rt.pdf;
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    rt.pdf = {
      ...engine,
      split: async (src, options, onProgress) => {
        onProgress?.({ phase: 'read', pages: 2, of: 5 });
        await gate;
        return engine.split(src, options, onProgress);
      },
    };
    try {
      const res = await p.api(`/v1/documents/${merged}/split`, { method: 'POST', body: JSON.stringify({ by: 'identifier' }) });
      expect(res.status).toBe(202);
      const running = (await res.json()) as Split;
      expect(res.headers.get('location')).toBe(`/v1/splits/${running.id}`);
      expect(running).toMatchObject({ status: 'running', letters: [], progress: { pages: 1, of: 5 } });
      expect(await (await p.api(`/v1/splits/${running.id}`)).json()).toMatchObject({ status: 'running', progress: { pages: 1, of: 5 } });
      open();
      const done = await waitFor(async () => {
        const s = (await (await p.api(`/v1/splits/${running.id}`)).json()) as Split;
        return s.status === 'done' ? s : undefined;
      }, 'the split to finish');
      expect(done).toMatchObject({ progress: { pages: 5, of: 5 }, unassignedPages: [1] });
      expect(done.letters).toHaveLength(3);
    } finally {
      open();
      rt.pdf = engine;
    }
  });

  it('answers a split whose process stopped as failed, never running forever', async () => {
    const doc = await p.runtime.db.selectFrom('documents').selectAll().where('id', '=', merged).executeTakeFirstOrThrow();
    const row = await p.runtime.db
      .insertInto('splits')
      .values({
        organisation_id: doc.organisation_id,
        document_id: doc.id,
        options: JSON.stringify({ by: 'identifier' }),
        heartbeat_at: new Date(Date.now() - 120_000),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const s = (await (await p.api(`/v1/splits/${row.id}`, { headers: { 'accept-language': 'en' } })).json()) as Split & {
      error: { code: string; message: string };
    };
    expect(s.status).toBe('failed');
    expect(s.error).toMatchObject({ code: 'split_interrupted', message: expect.stringMatching(/interrupted/) });
  });
});

describe('sending merge letters', () => {
  it('sends each recipient its own document; the leak guard holds the letter carrying another CPR number', async () => {
    const s = await split(merged, { by: 'identifier', redactCpr: true });
    const leaky = await uploadPdf(p, await leakyPdf(CPR_C), 'Forkert brev.pdf');
    const recipients = [
      ...s.letters.map((l) => ({ ...l.recipient!, document: l.document })),
      // A letter to C carrying a stranger's CPR number besides C's own: held, never sent.
      { idType: 'CPR', id: CPR_C, document: leaky },
    ];
    const body = JSON.stringify({ subject: 'Skolebrev', recipients });

    const preview = (await (await p.api('/v1/shipments/preview', { method: 'POST', body })).json()) as ShipmentPreview;
    expect(preview.recipients.map((r) => r.documents?.map((d) => d.id))).toEqual(recipients.map((r) => [r.document]));
    expect(preview.recipients.map((r) => r.hold?.kind ?? null)).toEqual([null, null, null, 'leak_guard']);
    expect(preview.recipients[3]!.hold).toMatchObject({
      pages: [1],
      reason: expect.stringMatching(/Forkert brev\.pdf indeholder et CPR-nummer, der ikke er modtagerens \(side 1\)/),
    });
    const english = (await (
      await p.api('/v1/shipments/preview', { method: 'POST', body, headers: { 'accept-language': 'en' } })
    ).json()) as ShipmentPreview;
    expect(english.recipients[3]!.hold?.reason).toMatch(/^Held: Forkert brev\.pdf carries a CPR number other than the recipient's/);
    expect(JSON.stringify(preview)).not.toContain(STRANGER);

    const res = await p.api('/v1/shipments', { method: 'POST', body, headers: { 'idempotency-key': randomUUID() } });
    expect(res.status).toBe(201);
    const created = (await res.json()) as ShipmentView;
    // Letters by recipient, as answers show them (CPR masked).
    const letterOf = (id: string): LetterView =>
      created.letters.find((l) => l.recipient.id === (id.length === 10 ? `${id.slice(0, 6)}-XXXX` : id))!;
    expect([CPR_A, CPR_B, CVR, CPR_C].map((id) => letterOf(id).status)).toEqual(['queued', 'queued', 'queued', 'held']);
    const heldLetter = letterOf(CPR_C);
    expect(heldLetter).toMatchObject({ hold: 'leak_guard', reason: expect.stringMatching(/^Holdt tilbage/) });

    await waitFor(async () => {
      const sh = (await (await p.api(`/v1/shipments/${created.id}`)).json()) as ShipmentView;
      return sh.letters.filter((l) => l.status.startsWith('delivered')).length === 3 ? sh : undefined;
    }, 'the three clean letters to be delivered');
    const sim = await simMessages();
    for (const l of s.letters) {
      const doc = (await (await p.api(`/v1/documents/${l.document}`)).json()) as { sha256: string };
      const msg = sim.find((m) => m.reference === letterOf(l.recipient!.id).id);
      expect(msg?.documents.map((d) => [d.role, d.sha256])).toEqual([['main', doc.sha256]]);
    }
    expect(sim.find((m) => m.reference === heldLetter.id)).toBeUndefined();
    const row = await p.runtime.db
      .selectFrom('letters')
      .select(['status', 'hold'])
      .where('id', '=', heldLetter.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'held', hold: 'leak_guard' });
    expect(p.logs.join('\n')).not.toContain(STRANGER);
  });

  it('holds a letter in the send worker too, and releasing the batch run does not send it', async () => {
    const clean = (await split(merged, { by: 'identifier', redactCpr: true })).letters[0]!;
    const leaky = await uploadPdf(p, await leakyPdf(CPR_A), 'Forkert brev.pdf');
    const res = await p.api('/v1/shipments', {
      method: 'POST',
      body: JSON.stringify({ subject: 'Skolebrev', review: true, recipients: [{ idType: 'CPR', id: CPR_A, document: clean.document }] }),
    });
    const created = (await res.json()) as ShipmentView;
    const letterId = created.letters[0]!.id;
    expect(created.letters[0]!.status).toBe('held');
    // The document changes after the check at creation (as if another process wrote it): only the worker can catch it.
    await p.runtime.db
      .updateTable('letters')
      .set({ own_documents: JSON.stringify({ document: leaky, attachments: [] }) })
      .where('id', '=', letterId)
      .execute();
    expect((await p.api(`/v1/shipments/${created.id}/release`, { method: 'POST' })).status).toBe(200);
    const held = await waitFor(async () => {
      const l = (await (await p.api(`/v1/letters/${letterId}`)).json()) as LetterView;
      return l.status === 'held' && l.reason ? l : undefined;
    }, 'the worker to hold the letter');
    expect(held.reason).toMatch(/Forkert brev\.pdf/);
    expect((await simMessages()).find((m) => m.reference === letterId)).toBeUndefined();
  });

  it('names the recipient whose document is missing', async () => {
    const s = await split(merged, { by: 'identifier' });
    const res = await p.api('/v1/shipments/preview', {
      method: 'POST',
      body: JSON.stringify({
        subject: 'Skolebrev',
        recipients: [
          { idType: 'CPR', id: CPR_A, document: s.letters[0]!.document },
          { idType: 'CVR', id: CVR },
        ],
      }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { field: string } }).error.field).toBe('recipients[1].document');
  });
});
