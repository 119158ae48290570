/**
 * @module
 * What every section reads: the texts in the chosen language, the API, who is signed in, and
 * navigation. One React context so sections take no props they only pass on.
 */
import { createContext, useContext } from 'react';
import type { Language } from '../common/messages.ts';
import type { ConsoleApi } from './console-api.ts';
import type { ConsoleMessages } from './console-messages.ts';

export interface ConsoleContext {
  lang: Language;
  t: ConsoleMessages;
  /** Locale for dates and numbers. */
  locale: string;
  api: ConsoleApi;
  roles: readonly string[];
  navigate: (to: string) => void;
}

export const ConsoleCtx = createContext<ConsoleContext | null>(null);

/** The console's context; only inside the signed-in console. */
export function useConsole(): ConsoleContext {
  const c = useContext(ConsoleCtx);
  if (!c) throw new Error('useConsole outside the console');
  return c;
}
