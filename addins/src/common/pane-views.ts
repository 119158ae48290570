/**
 * @module
 * The two views of a signed-in pane: send a letter, and "Mine forsendelser". The send form stays
 * mounted while the list is shown, so nothing typed is lost by a look at the list.
 */
import { Tab, TabList } from '@fluentui/react-components';
import { useState, type ReactNode } from 'react';
import type { BrevdueApi } from './api-client.ts';
import { data, h } from './h.ts';
import { messages } from './messages.ts';
import { MyShipments } from './my-shipments.ts';
import { useStyles } from './styles.ts';

type View = 'send' | 'mine';

/** `renderSend(showMine)`: the host's send view; `showMine` switches to the list (the status screen links there). */
export function PaneViews(props: { api: BrevdueApi; onUnauthorized: () => void; renderSend: (showMine: () => void) => ReactNode }) {
  const s = useStyles();
  const [view, setView] = useState<View>('send');
  // The list is read afresh each time it is opened.
  const [visit, setVisit] = useState(0);
  const show = (v: View) => {
    if (v === 'mine') setVisit((n) => n + 1);
    setView(v);
  };
  return h(
    'div',
    { className: s.section },
    h(
      TabList,
      {
        className: s.tabs,
        size: 'small',
        selectedValue: view,
        'aria-label': messages.views,
        onTabSelect: (_e, d) => show(d.value as View),
      },
      h(Tab, { value: 'send', ...data({ testid: 'tab-send' }) }, messages.tabSend),
      h(Tab, { value: 'mine', ...data({ testid: 'tab-mine' }) }, messages.tabMine),
    ),
    h(
      'div',
      { hidden: view !== 'send' },
      props.renderSend(() => show('mine')),
    ),
    view === 'mine' ? h(MyShipments, { key: visit, api: props.api, onUnauthorized: props.onUnauthorized }) : null,
  );
}
