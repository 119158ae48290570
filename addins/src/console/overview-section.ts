/**
 * @module
 * Oversigt: what needs attention now, as counts from the list endpoints (the server's totals
 * where the list has them), each linking to the section where it is worked off. A role sees
 * only the counts of work it may do.
 */
import { Card, CardHeader, Link, Spinner, Text } from '@fluentui/react-components';
import { h } from '../common/h.ts';
import { SHIPMENTS_MAX } from './console-api.ts';
import { useConsole } from './console-context.ts';
import { linkClick } from './console-router.ts';
import { SECTIONS, mayUse, sectionPath, type SectionId } from './console-sections.ts';
import { useConsoleStyles } from './console-styles.ts';
import { useLoad } from './use-load.ts';

/** A count, and whether it is exact (false: at least this many). */
interface Count {
  n: number;
  exact: boolean;
}

/** One count: what it is, where it is worked off, and how it is fetched. */
interface Tile {
  key: string;
  label: (t: ReturnType<typeof useConsole>['t']) => string;
  section: SectionId;
  count: (api: ReturnType<typeof useConsole>['api']) => Promise<Count>;
}

const TILES: Tile[] = [
  {
    key: 'held',
    label: (t) => t.heldRuns,
    section: 'godkendelse',
    count: async (api) => {
      const n = (await api.heldShipments()).length;
      return { n, exact: n < SHIPMENTS_MAX };
    },
  },
  {
    key: 'failed',
    label: (t) => t.failedLetters,
    section: 'fejl',
    count: (api) => api.failedCount(),
  },
  // Distributing received post is the team leads' and admins' work (POST /v1/inbox/{id}/assign).
  {
    key: 'unassigned',
    label: (t) => t.unassignedPost,
    section: 'modtaget',
    count: async (api) => ({ n: await api.unassignedCount(), exact: true }),
  },
];

const DISTRIBUTORS = ['teamlead', 'admin'];

function CountTile(props: { tile: Tile }) {
  const { t, api, navigate, locale } = useConsole();
  const s = useConsoleStyles();
  const { value, loading, error } = useLoad(() => props.tile.count(api), [api, props.tile]);
  const label = props.tile.label(t);
  const shown = value === undefined ? '' : value.exact ? value.n.toLocaleString(locale) : t.atLeast(value.n);
  const to = sectionPath(props.tile.section);
  return h(
    Card,
    { 'aria-labelledby': `tile-${props.tile.key}`, ...{ 'data-testid': `tile-${props.tile.key}` } },
    h(CardHeader, { header: h(Text, { id: `tile-${props.tile.key}`, weight: 'semibold' }, label) }),
    loading
      ? h(Spinner, { size: 'small', label: t.loading })
      : error
        ? h(Text, { role: 'alert' }, t.loadFailed(error))
        : h(Text, { className: s.count, ...{ 'data-testid': `count-${props.tile.key}` } }, shown),
    h(Link, { href: to, onClick: linkClick(navigate, to) }, t.open(t.sections[props.tile.section])),
  );
}

export function OverviewSection() {
  const { t, roles } = useConsole();
  const s = useConsoleStyles();
  const tiles = TILES.filter((tile) => {
    const section = SECTIONS.find((x) => x.id === tile.section)!;
    return mayUse(section, roles) && (tile.key !== 'unassigned' || roles.some((r) => DISTRIBUTORS.includes(r)));
  });
  return h(
    'div',
    { className: s.form },
    h(Text, { as: 'p', className: s.muted }, t.overviewIntro),
    tiles.length === 0
      ? h(Text, { as: 'p' }, t.nothingForRole)
      : h(
          'div',
          { className: s.cards },
          tiles.map((tile) => h(CountTile, { key: tile.key, tile })),
        ),
  );
}
