/**
 * @module
 * The console's client-side routing: each section is a real URL under `/console/` (the platform
 * serves the same page for all of them), links change it with the History API so the page is
 * not reloaded, and Back/Forward work.
 */
import { useCallback, useEffect, useState, type MouseEvent } from 'react';

/** The current location (path and query) and a way to go elsewhere without a reload. */
export function useLocation(): { pathname: string; search: string; navigate: (to: string) => void } {
  const read = () => ({ pathname: location.pathname, search: location.search });
  const [loc, setLoc] = useState(read);
  useEffect(() => {
    const onPop = () => setLoc(read());
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback((to: string) => {
    history.pushState(null, '', to);
    setLoc(read());
    // Focus the new page's heading so a screen reader announces where the user is.
    requestAnimationFrame(() => document.getElementById('section-heading')?.focus());
  }, []);
  return { ...loc, navigate };
}

/**
 * A click handler for an in-console link: a plain click navigates in place; a click with a
 * modifier (new tab, new window) is left to the browser.
 */
export function linkClick(navigate: (to: string) => void, to: string) {
  return (e: MouseEvent) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
}

/** Replaces the query string of the current URL (filters a user may bookmark), without a new history entry. */
export function replaceQuery(query: string): void {
  history.replaceState(null, '', `${location.pathname}${query ? `?${query}` : ''}`);
}
