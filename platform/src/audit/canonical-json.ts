/**
 * @module
 * JSON with object keys sorted at every level. The audit hash is computed over it because
 * PostgreSQL `jsonb` does not keep key order: the hash of a row read back must equal the hash
 * computed when it was written.
 */

/** Returns `value` as JSON text with sorted keys; `undefined` members are dropped like JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = sortKeys(v);
    }
    return out;
  }
  return value;
}
