/**
 * @module
 * What a task pane page shows when it is opened outside Word or Outlook (a link followed in a
 * browser, Office.js not loaded, or another host): where it works, and the way to send from the
 * browser instead (/send).
 */
import { FluentProvider, Link, Text, webLightTheme } from '@fluentui/react-components';
import { createRoot } from 'react-dom/client';
import { data, h } from './h.ts';
import { messages } from './messages.ts';
import { useStyles } from './styles.ts';

function OutsideOffice(props: { host: string }) {
  const s = useStyles();
  return h(
    'main',
    { className: s.root, ...data({ testid: 'outside-office' }) },
    h(
      'header',
      { className: s.header },
      h(
        'div',
        { className: s.brand },
        h('img', { src: '/addins/assets/icon-32.png', width: 24, height: 24, alt: '' }),
        h(Text, { as: 'h1', weight: 'semibold', size: 500 }, messages.appTitle),
      ),
    ),
    h(Text, { as: 'h2', weight: 'semibold', size: 400 }, messages.outsideOfficeTitle(props.host)),
    h(Text, { as: 'p' }, messages.outsideOfficeHelp(props.host)),
    h(Link, { href: '/send', ...data({ testid: 'go-to-send' }) }, messages.goToSend),
  );
}

/** Renders the "open it from Word/Outlook" page into `#root`. */
export function mountOutsideOffice(host: 'Word' | 'Outlook'): void {
  const el = document.getElementById('root');
  if (!el) throw new Error('#root missing from the page');
  createRoot(el).render(h(FluentProvider, { theme: webLightTheme, style: { minHeight: '100vh' } }, h(OutsideOffice, { host })));
}

/**
 * Office.js as the page has it: undefined when the script did not load (the page opened in a
 * browser without Microsoft's CDN, or blocked).
 */
export function officeOrUndefined(): typeof Office | undefined {
  return (globalThis as { Office?: typeof Office }).Office;
}
