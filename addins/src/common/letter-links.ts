/**
 * @module
 * A letter's proofs as links: the provider's receipt (`GET /v1/letters/{id}/receipt`, byte for
 * byte) and its own archive record (the record's receipt PDF from the archive, found by the
 * letter's id). On /send the record is a plain link (the session cookie is the credential); in the
 * panes each is fetched when clicked with the pane's bearer token (no plain link could carry it)
 * and saved as a file. What is not there yet is said in place.
 */
import { Link, Text } from '@fluentui/react-components';
import type { ArchiveRecord, LetterView } from '@brevdue/shared/api';
import { useState } from 'react';
import { ApiError, type BrevdueApi } from './api-client.ts';
import type { ArchiveLookup } from './archive-records.ts';
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

/** The document that proves a record: the platform's receipt PDF, else the first one still kept. */
function proofOf(record: ArchiveRecord | undefined): { href: string; filename: string } | undefined {
  const doc = record?.receipt?.href ? record.receipt : record?.documents.find((d) => d.href);
  return doc?.href ? { href: doc.href, filename: doc.filename } : undefined;
}

/** Receipt and archive record links of one letter; `archive` holds the records of its list's letters. */
export function LetterLinks(props: { api: BrevdueApi; letter: LetterView; archive: ArchiveLookup; who: string }) {
  const s = useStyles();
  const { api, letter, archive } = props;
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
  const record = archive.recordOf(letter);
  const proof = proofOf(record);
  const archiveProps = {
    'aria-label': messages.archiveRecordOf(props.who),
    ...data({ testid: 'archive-link', ...(record ? { record: record.id } : {}) }),
  };
  const direct = proof && api.fileUrl(proof.href);
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
    direct
      ? h(Link, { href: direct, download: proof.filename, ...archiveProps }, messages.archiveRecord)
      : h(
          Link,
          {
            as: 'button',
            disabled: busy,
            ...archiveProps,
            onClick: fetchThen(async () => {
              // Not found with the list (not archived then): ask again now.
              const found = proof ?? proofOf(await archive.refresh(letter));
              if (!found) return setNote(messages.notArchivedYet);
              save(await api.file(found.href), found.filename);
            }),
          },
          messages.archiveRecord,
        ),
    busy ? h(Text, { size: 200, className: s.muted }, messages.fetching) : null,
    note ? h(Text, { size: 200, role: 'status', ...data({ testid: 'link-note' }) }, note) : null,
  );
}
