/**
 * @module
 * Arkiv: the archive's pages under `/console/arkiv` – search (the section's own URL), a case
 * (`/sag/<id>`), exports (`/eksport`), retention (`/kassation`), insight (`/indsigt`) and settings
 * (`/indstillinger`) – each its own URL so it can be bookmarked, with links between them. Pages
 * and actions a role may not use are not shown (and the API refuses them anyway).
 */
import { Link } from '@fluentui/react-components';
import { h } from '../common/h.ts';
import { ArchiveCasePage } from './archive-case.ts';
import { ARCHIVE_PATHS, type ArchivePage } from './archive-common.ts';
import { ArchiveExportsPage } from './archive-exports.ts';
import { ArchiveInsightPage } from './archive-insight.ts';
import { ArchiveRetentionPage } from './archive-retention.ts';
import { useMay } from './archive-roles.ts';
import { ArchiveSearchPage } from './archive-search.ts';
import { ArchiveSettingsPage } from './archive-settings.ts';
import { useConsole } from './console-context.ts';
import { linkClick } from './console-router.ts';
import { useConsoleStyles } from './console-styles.ts';

/** The page a path under `/console/arkiv` names (undefined: none). */
export function archivePageOf(pathname: string): { page: ArchivePage } | { caseId: string } | undefined {
  const rest = pathname.replace(/^\/console\/arkiv\/?/, '').replace(/\/$/, '');
  const kase = /^sag\/([0-9a-f-]{36})$/.exec(rest);
  if (kase) return { caseId: kase[1]! };
  const page = (Object.keys(ARCHIVE_PATHS) as ArchivePage[]).find((p) => ARCHIVE_PATHS[p] === `/console/arkiv${rest ? `/${rest}` : ''}`);
  return page ? { page } : undefined;
}

function ArchiveNav(props: { current: ArchivePage | undefined }) {
  const { t, navigate } = useConsole();
  const s = useConsoleStyles();
  const may = useMay();
  const pages: ArchivePage[] = [
    'search',
    'exports',
    'retention',
    ...(may('insight') ? (['insight'] as const) : []),
    ...(may('settingsRead') ? (['settings'] as const) : []),
  ];
  return h(
    'nav',
    { 'aria-label': t.archive.pagesLabel, className: s.actions },
    pages.map((p) =>
      h(
        Link,
        {
          key: p,
          href: ARCHIVE_PATHS[p],
          onClick: linkClick(navigate, ARCHIVE_PATHS[p]),
          ...(p === props.current ? { 'aria-current': 'page', style: { fontWeight: 600, textDecoration: 'underline' } } : {}),
        },
        t.archive.pages[p],
      ),
    ),
  );
}

export function ArchiveSection() {
  const { t } = useConsole();
  const s = useConsoleStyles();
  const may = useMay();
  // The shell re-renders on every navigation, so the location read here is current.
  const at = archivePageOf(location.pathname);
  const notAllowed = h('p', { role: 'status' }, t.notAllowed);
  const body = !at
    ? h('p', { role: 'status' }, t.notFound)
    : 'caseId' in at
      ? h(ArchiveCasePage, { key: at.caseId, caseId: at.caseId })
      : {
          search: () => h(ArchiveSearchPage),
          exports: () => h(ArchiveExportsPage),
          retention: () => h(ArchiveRetentionPage),
          insight: () => (may('insight') ? h(ArchiveInsightPage) : notAllowed),
          settings: () => (may('settingsRead') ? h(ArchiveSettingsPage) : notAllowed),
        }[at.page]();
  return h('div', { className: s.form }, h(ArchiveNav, { current: at && 'page' in at ? at.page : undefined }), body);
}
