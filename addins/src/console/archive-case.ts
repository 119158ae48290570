/**
 * @module
 * A case's page (`/console/arkiv/sag/<id>`): the party (masked), its legal hold, every letter
 * sent and every post received in the case – paged on the server – with their documents, the
 * provider's receipt and the receipt PDF to download (each download is audited by the API);
 * and for the archive roles: legal hold on the case and on each record, export to a target
 * with its status, and insight.
 */
import { Button, Link, MessageBar, MessageBarBody, Spinner, TableCell, TableRow, Text } from '@fluentui/react-components';
import { useState } from 'react';
import type { ArchiveDocument, ArchiveRecord } from '@brevdue/shared/api';
import { data, h } from '../common/h.ts';
import { saveBlob, useArchiveApi } from './archive-api.ts';
import { ARCHIVE_PATHS, LoadError, Outcome, Pager, partyLabel, safeText, useAction, useWhen } from './archive-common.ts';
import { CaseExports } from './archive-export-list.ts';
import { LegalHoldForm } from './archive-hold.ts';
import { RecordHoldBadge, RecordHoldButton } from './archive-record-hold.ts';
import { useMay } from './archive-roles.ts';
import { useConsole } from './console-context.ts';
import { linkClick } from './console-router.ts';
import { useConsoleStyles } from './console-styles.ts';
import { DataTable } from './data-table.ts';
import { useLoad } from './use-load.ts';

/** Records per page of a case. */
export const CASE_PAGE_SIZE = 20;

/** A document to download: its kind as the link's text, its file name in the accessible name and tooltip. */
function DocumentLink(props: { doc: ArchiveDocument; testId?: string; label?: string; text?: string }) {
  const { t } = useConsole();
  const a = t.archive;
  const what = a.roles[props.doc.role] ?? props.doc.role;
  const name = safeText(props.doc.filename);
  if (!props.doc.href) return h(Text, { size: 200 }, a.deleted(what));
  return h(
    Link,
    {
      href: props.doc.href,
      download: name,
      title: name,
      'aria-label': props.label ?? a.download(what, name),
      ...(props.testId ? data({ testid: props.testId }) : {}),
    },
    props.text ?? what,
  );
}

/** The case's records; with `holdDone`, a button per record to place or lift its own hold. */
function RecordsTable(props: { records: ArchiveRecord[]; holdDone?: (text: string) => void }) {
  const { t } = useConsole();
  const a = t.archive;
  const s = useConsoleStyles();
  const when = useWhen();
  const holdDone = props.holdDone;
  return h(
    DataTable,
    {
      label: a.recordsLabel,
      testId: 'case-records',
      columns: holdDone
        ? [
            [a.colDate, '11%'],
            [a.colDirection, '8%'],
            [a.colSubject, '16%'],
            [a.colChannel, '8%'],
            [a.colStatus, '9%'],
            [a.colProvider, '11%'],
            [a.colDocuments, '12%'],
            [a.colReceipt, '12%'],
            [a.colHold, '13%'],
          ]
        : [
            [a.colDate, '12%'],
            [a.colDirection, '9%'],
            [a.colSubject, '19%'],
            [a.colChannel, '9%'],
            [a.colStatus, '10%'],
            [a.colProvider, '13%'],
            [a.colDocuments, '15%'],
            [a.colReceipt, '13%'],
          ],
    },
    props.records.map((r) => {
      const others = r.documents.filter((d) => d.role !== 'receipt');
      return h(
        TableRow,
        { key: r.id, ...data({ record: r.id, direction: r.direction, hold: r.recordHold ? 'record' : r.legalHold ? 'case' : 'none' }) },
        h(TableCell, null, when(r.occurredAt)),
        h(TableCell, null, a.directions[r.direction] ?? r.direction),
        h(TableCell, null, safeText(r.subject), r.legalHold ? h('div', null, h(RecordHoldBadge, { record: r })) : null),
        h(TableCell, null, r.channel ? (t.channels[r.channel] ?? r.channel) : ''),
        h(TableCell, null, r.status ? (a.statuses[r.status] ?? r.status) : ''),
        h(
          TableCell,
          null,
          r.provider ?? '',
          // The reference in full is long; its start tells records apart, the tooltip gives the rest.
          r.providerMessageId ? h('div', { className: s.mono, title: r.providerMessageId }, r.providerMessageId.slice(0, 13)) : null,
        ),
        h(
          TableCell,
          null,
          h(
            'ul',
            { style: { margin: 0, paddingLeft: '1em' } },
            others.map((d) => h('li', { key: d.id }, h(DocumentLink, { doc: d }))),
          ),
        ),
        h(
          TableCell,
          null,
          r.receipt
            ? h(DocumentLink, {
                doc: r.receipt,
                testId: 'receipt-link',
                label: a.downloadReceiptFor(safeText(r.subject), when(r.occurredAt)),
                text: a.downloadReceipt,
              })
            : a.noReceipt,
        ),
        holdDone ? h(TableCell, null, h(RecordHoldButton, { record: r, done: holdDone })) : null,
      );
    }),
  );
}

function InsightForCase(props: { caseId: string }) {
  const { t } = useConsole();
  const a = t.archive;
  const archive = useArchiveApi();
  const action = useAction();
  return h(
    'div',
    null,
    h(
      Button,
      {
        disabled: action.busy,
        onClick: () =>
          void action.run(async () => {
            const zip = await archive.insight({ caseId: props.caseId });
            saveBlob(zip.blob, zip.filename);
            return a.insightDone;
          }),
        ...data({ testid: 'case-insight' }),
      },
      action.busy ? a.insightFetching : a.insightCase,
    ),
    h(Outcome, { outcome: action.outcome, testId: 'case-insight-result' }),
  );
}

export function ArchiveCasePage(props: { caseId: string }) {
  const { t, navigate } = useConsole();
  const a = t.archive;
  const s = useConsoleStyles();
  const may = useMay();
  const archive = useArchiveApi();
  const when = useWhen();
  const [page, setPage] = useState(1);
  const [held, setHeld] = useState<string>();
  const kase = useLoad(() => archive.case(props.caseId, page, CASE_PAGE_SIZE), [archive, props.caseId, page]);
  const back = h(Link, { href: ARCHIVE_PATHS.search, onClick: linkClick(navigate, ARCHIVE_PATHS.search) }, a.backToSearch);
  if (kase.error)
    return h('div', { className: s.form }, back, h(LoadError, { error: kase.error, retry: kase.reload, testId: 'case-error' }));
  const c = kase.value;
  if (!c) return h(Spinner, { label: t.loading });
  const pages = Math.max(1, Math.ceil(c.total / c.pageSize));
  const party = partyLabel(c.party);
  return h(
    'div',
    { className: s.form },
    back,
    h(Text, { as: 'h2', size: 600, weight: 'semibold', ...data({ testid: 'case-title' }) }, a.caseTitle(party)),
    h(
      'dl',
      { className: s.facts, 'aria-label': a.caseFacts },
      h('dt', null, a.colParty),
      h('dd', null, party),
      h('dt', null, a.created),
      h('dd', null, when(c.createdAt)),
      h('dt', null, a.lastActivity),
      h('dd', null, when(c.lastActivityAt)),
      h('dt', null, a.legalHold),
      h('dd', { ...data({ testid: 'case-hold' }) }, c.legalHold ? a.onHold : a.notOnHold),
    ),
    may('insight') ? h(InsightForCase, { caseId: c.id }) : null,
    h(
      'section',
      { 'aria-labelledby': 'records-heading', className: s.form },
      h(Text, { as: 'h3', id: 'records-heading', size: 400, weight: 'semibold' }, a.records),
      held
        ? h(MessageBar, { intent: 'success' }, h(MessageBarBody, { role: 'status', ...data({ testid: 'record-hold-result' }) }, held))
        : null,
      h(RecordsTable, {
        records: c.records,
        ...(may('recordHold')
          ? {
              holdDone: (text: string) => {
                setHeld(text);
                kase.reload();
              },
            }
          : {}),
      }),
      h(Pager, { page, pages, busy: kase.loading, label: a.recordsPage(page, pages, c.total), go: setPage, testId: 'case-page' }),
    ),
    may('legalHold') ? h(LegalHoldForm, { caseId: c.id, onHold: c.legalHold, onChanged: () => kase.reload() }) : null,
    h(CaseExports, { caseId: c.id, mayExport: may('exportWrite') }),
  );
}
