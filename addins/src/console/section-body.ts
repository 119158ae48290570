/**
 * @module
 * Which page a section shows, and what a wrong URL or a section the role may not use gets instead.
 */
import { Link, Text } from '@fluentui/react-components';
import { h } from '../common/h.ts';
import { ArchiveSection } from './archive-section.ts';
import { AuditLogSection } from './audit-log-section.ts';
import { useConsole } from './console-context.ts';
import { linkClick } from './console-router.ts';
import { sectionPath, type Section, type SectionId } from './console-sections.ts';
import { FailedLettersSection } from './failed-letters-section.ts';
import { InboxSection } from './inbox-section.ts';
import { OverviewSection } from './overview-section.ts';
import { ReviewSection } from './review-section.ts';
import { SettingsSection } from './settings-section.ts';
import { StatisticsSection } from './statistics-section.ts';
import { UsersSection } from './users-section.ts';

const PAGES: Record<SectionId, () => ReturnType<typeof h>> = {
  oversigt: () => h(OverviewSection),
  godkendelse: () => h(ReviewSection),
  fejl: () => h(FailedLettersSection),
  modtaget: () => h(InboxSection),
  arkiv: () => h(ArchiveSection),
  revisionslog: () => h(AuditLogSection),
  statistik: () => h(StatisticsSection),
  brugere: () => h(UsersSection),
  indstillinger: () => h(SettingsSection),
};

function BackToOverview(props: { text: string }) {
  const { t, navigate } = useConsole();
  return h(
    'div',
    null,
    h(Text, { as: 'p', role: 'status' }, props.text),
    h(Link, { href: sectionPath('oversigt'), onClick: linkClick(navigate, sectionPath('oversigt')) }, t.toOverview),
  );
}

/** The page of `section` (undefined: an unknown URL). */
export function SectionBody(props: { section: Section | undefined; allowed: boolean }) {
  const { t } = useConsole();
  if (!props.section) return h(BackToOverview, { text: t.notFound });
  if (!props.allowed) return h(BackToOverview, { text: t.notAllowed });
  return PAGES[props.section.id]();
}
