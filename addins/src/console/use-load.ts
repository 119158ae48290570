/**
 * @module
 * Loads data for a section: the value, whether it is loading, the error message, and a reload.
 * A newer load wins over an older one still under way, so a quick change of filters never shows
 * stale rows.
 */
import { useCallback, useEffect, useRef, useState } from 'react';

export interface Loaded<T> {
  value: T | undefined;
  loading: boolean;
  error: string | undefined;
  reload: () => void;
}

/** Runs `load` now and whenever `deps` change. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [value, setValue] = useState<T>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string>();
  const seq = useRef(0);
  // The caller names what the load depends on.
  const run = useCallback(load, deps);
  const reload = useCallback(() => {
    const mine = ++seq.current;
    setLoading(true);
    setError(undefined);
    run().then(
      (v) => {
        if (mine !== seq.current) return;
        setValue(v);
        setLoading(false);
      },
      (e: unknown) => {
        if (mine !== seq.current) return;
        setError((e as Error).message);
        setLoading(false);
      },
    );
  }, [run]);
  useEffect(reload, [reload]);
  return { value, loading, error, reload };
}
