/**
 * @module
 * A letter's proofs as links: the provider's receipt (`GET /v1/letters/{id}/receipt`, byte for
 * byte) and its archive record (the record's receipt PDF from the archive). Each is fetched when
 * clicked, with the pane's credentials (a bearer token no plain link could carry), and saved as a
 * file; what is not there yet is said in place.
 */
import { Link, Text } from '@fluentui/react-components';
import type { LetterView } from '@brevdue/shared/api';
import { useState } from 'react';
import { ApiError, type BrevdueApi } from './api-client.ts';
import { data, h } from './h.ts';
import { messages } from './messages.ts';
import { useStyles } from './styles.ts';

/** Statuses after which the provider has answered (a receipt may exist). */
const SENT = new Set(['submitted', 'delivered_digital', 'delivered_print', 'delivered_sms', 'failed']);

/** Saves `blob` as `filename` (a click on a temporary download link). */
function save(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

const EXT: Record<string, string> = { 'application/xml': 'xml', 'text/xml': 'xml', 'application/json': 'json', 'application/pdf': 'pdf' };

/** The archive record of `letter` (a letter of the shipment `subject`, sent from `since`), or undefined while it is not archived. */
async function archiveReceipt(
  api: BrevdueApi,
  letter: LetterView,
  subject: string,
): Promise<{ href: string; filename: string } | undefined> {
  const since = new Date(new Date(letter.createdAt).getTime() - 60_000).toISOString();
  const page = await api.archiveRecords(subject, since);
  const record = page.items.find((r) => r.letterId === letter.id);
  const doc = record?.receipt ?? record?.documents.find((d) => d.href);
  return doc?.href ? { href: doc.href, filename: doc.filename } : undefined;
}

/** Receipt and archive record links of one letter. `subject`: its shipment's subject (the archive is searched by it). */
export function LetterLinks(props: { api: BrevdueApi; letter: LetterView; subject: string; who: string }) {
  const s = useStyles();
  const { api, letter } = props;
  const [note, setNote] = useState<string>();
  const [busy, setBusy] = useState(false);
  if (!SENT.has(letter.status)) return h(Text, { size: 200, className: s.muted }, messages.noReceiptYet);
  const fetchThen = (fn: () => Promise<void>) => () => {
    setBusy(true);
    setNote(undefined);
    fn()
      .catch((e: unknown) => setNote(e instanceof ApiError && e.status === 404 ? messages.notThereYet : (e as Error).message))
      .finally(() => setBusy(false));
  };
  return h(
    'div',
    { className: s.linkRow },
    h(
      Link,
      {
        as: 'button',
        disabled: busy,
        'aria-label': messages.receiptOf(props.who),
        onClick: fetchThen(async () => {
          const blob = await api.file(`/v1/letters/${encodeURIComponent(letter.id)}/receipt`);
          save(blob, `${messages.receiptFilename(letter.id.slice(0, 8))}.${EXT[blob.type.split(';')[0] ?? ''] ?? 'txt'}`);
        }),
        ...data({ testid: 'receipt-link' }),
      },
      messages.receipt,
    ),
    h(
      Link,
      {
        as: 'button',
        disabled: busy,
        'aria-label': messages.archiveRecordOf(props.who),
        onClick: fetchThen(async () => {
          const found = await archiveReceipt(api, letter, props.subject);
          if (!found) return setNote(messages.notArchivedYet);
          save(await api.file(found.href), found.filename);
        }),
        ...data({ testid: 'archive-link' }),
      },
      messages.archiveRecord,
    ),
    busy ? h(Text, { size: 200, className: s.muted }, messages.fetching) : null,
    note ? h(Text, { size: 200, role: 'status', ...data({ testid: 'link-note' }) }, note) : null,
  );
}
