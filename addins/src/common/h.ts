/**
 * @module
 * `h` = `React.createElement`. The repo's shared tsconfig has no `jsx` option, so the panes
 * build their trees with calls instead of JSX; `h(Button, { onClick }, 'Send')` reads close enough.
 */
import { createElement } from 'react';

export const h = createElement;

/**
 * `data-*` attributes for a props object: `h(Input, { value, ...data({ testid: 'subject' }) })`.
 * (Object literals would reject hyphenated keys that JSX accepts; spreading sidesteps that.)
 */
export function data(attrs: Record<string, string>): object {
  return Object.fromEntries(Object.entries(attrs).map(([k, v]) => [`data-${k}`, v]));
}
