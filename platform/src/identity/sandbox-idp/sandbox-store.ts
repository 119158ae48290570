/**
 * @module
 * The sandbox provider's storage (sessions, grants, codes, refresh tokens): in memory while it
 * runs, written to a file under the data dir when it stops and read back when it starts, so a
 * restart of `brevdue start` keeps staff signed in. One process serves the sandbox provider, so
 * no database is needed; Entra ID keeps this state itself in production.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Adapter, AdapterFactory, AdapterPayload } from 'oidc-provider';

interface Entry {
  payload: AdapterPayload;
  /** Epoch milliseconds; absent → no expiry. */
  expiresAt?: number;
}

/** All models' entries, keyed `<model>:<id>`, with the indexes oidc-provider looks up by. */
export class SandboxStore {
  private readonly entries = new Map<string, Entry>();

  /** Reads a file written by `save`; a missing or unreadable file starts empty (everyone signs in again). */
  static load(file: string): SandboxStore {
    const store = new SandboxStore();
    try {
      const saved = JSON.parse(readFileSync(file, 'utf8')) as [string, Entry][];
      const now = Date.now();
      for (const [key, entry] of saved) if (!entry.expiresAt || entry.expiresAt > now) store.entries.set(key, entry);
    } catch {
      // Nothing saved yet, or a file from an older version: sessions are cheap to make again.
    }
    return store;
  }

  /** Writes the live entries to `file` (atomically, mode 0600: the file holds session secrets). */
  save(file: string): void {
    const now = Date.now();
    const live = [...this.entries].filter(([, e]) => !e.expiresAt || e.expiresAt > now);
    writeFileSync(`${file}.tmp`, JSON.stringify(live), { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
  }

  /** The adapter factory for oidc-provider's `adapter` option. */
  adapter(): AdapterFactory {
    return (model) => this.modelAdapter(model);
  }

  private get(key: string): AdapterPayload | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt && entry.expiresAt <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.payload;
  }

  private modelAdapter(model: string): Adapter {
    const key = (id: string) => `${model}:${id}`;
    const findBy = (field: 'uid' | 'userCode', value: string) => {
      for (const [k, e] of this.entries) if (k.startsWith(`${model}:`) && e.payload[field] === value) return this.get(k);
      return undefined;
    };
    return {
      upsert: async (id, payload, expiresIn) => {
        this.entries.set(key(id), { payload, ...(expiresIn ? { expiresAt: Date.now() + expiresIn * 1000 } : {}) });
      },
      find: async (id) => this.get(key(id)),
      findByUid: async (uid) => findBy('uid', uid),
      findByUserCode: async (code) => findBy('userCode', code),
      consume: async (id) => {
        const entry = this.entries.get(key(id));
        if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
      },
      destroy: async (id) => {
        this.entries.delete(key(id));
      },
      revokeByGrantId: async (grantId) => {
        for (const [k, e] of this.entries) if (e.payload.grantId === grantId) this.entries.delete(k);
      },
    };
  }
}
