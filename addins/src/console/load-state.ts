/**
 * @module
 * What a list shows instead of its rows: its load failed (with a retry), is under way, or found
 * nothing. One place, so every section says it the same way.
 */
import { Button, MessageBar, MessageBarBody, Spinner, Text } from '@fluentui/react-components';
import { h } from '../common/h.ts';
import type { ConsoleMessages } from './console-messages.ts';
import type { Loaded } from './use-load.ts';

/**
 * The failure, the spinner or the empty text for `list`; undefined when there are rows to show.
 * @example loadState(t, list, { isEmpty: (v) => v.length === 0, text: a.noTokens }) ?? h(DataTable, …)
 */
export function loadState<T>(
  t: ConsoleMessages,
  list: Loaded<T>,
  empty: { isEmpty: (v: T) => boolean; text: string; role?: 'status' },
  options: { retry?: boolean } = {},
) {
  if (list.error)
    return h(
      MessageBar,
      { intent: 'error' },
      h(MessageBarBody, { role: 'alert' }, t.loadFailed(list.error)),
      options.retry === false ? null : h(Button, { onClick: list.reload }, t.retry),
    );
  if (!list.value) return h(Spinner, { label: t.loading });
  if (empty.isEmpty(list.value)) return h(Text, { as: 'p', ...(empty.role ? { role: empty.role } : {}) }, empty.text);
  return undefined;
}
