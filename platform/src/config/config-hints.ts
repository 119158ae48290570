/**
 * @module
 * Hints that make a config error actionable: where broken JSON breaks (line and column), and
 * which known key a misspelt one was probably meant to be.
 */

/** "line 3, column 12" for a JSON.parse error that gives a position, else undefined. */
export function jsonErrorPlace(text: string, error: Error): string | undefined {
  const m = /position (\d+)/.exec(error.message);
  if (!m) return undefined;
  const before = text.slice(0, Number(m[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}

/** The known key closest to `key` (at most two edits away), for "did you mean". */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  let best: { k: string; d: number } | undefined;
  for (const k of known) {
    const d = editDistance(key.toLowerCase(), k.toLowerCase());
    if (d <= 2 && (!best || d < best.d)) best = { k, d };
  }
  return best?.k;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}
