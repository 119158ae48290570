/// <reference types="office-js" />
/**
 * @module
 * Outlook keeps the token in the mailbox's roaming settings, so it follows the user to every
 * Outlook they use.
 */
import type { KeyValueStore } from '../common/token-provider.ts';

/** A {@link KeyValueStore} over `Office.context.roamingSettings`. */
export function roamingSettingsStore(settings: Office.RoamingSettings): KeyValueStore {
  const save = () =>
    new Promise<void>((resolve, reject) =>
      settings.saveAsync((r) => (r.status === Office.AsyncResultStatus.Succeeded ? resolve() : reject(new Error(r.error.message)))),
    );
  return {
    get: (key) => (settings.get(key) as string | undefined) ?? null,
    set: async (key, value) => {
      settings.set(key, value);
      await save();
    },
    remove: async (key) => {
      settings.remove(key);
      await save();
    },
  };
}
