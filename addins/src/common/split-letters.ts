/**
 * @module
 * Splitting a merged PDF from the panes: start the split, poll it while it runs (the platform
 * answers 202 for anything that takes over two seconds), and the small formatting the letter
 * list needs.
 */
import type { SplitRequestInput, SplitView } from '@brevdue/shared/api';
import type { BrevdueApi } from './api-client.ts';
import { mergeText } from './messages.ts';
import { displayId } from './preview-list.ts';

/** One letter of a finished split. */
export type SplitLetter = SplitView['letters'][number];

/** How often a running split is asked for its progress. */
const POLL_MS = 500;

/**
 * Splits `documentId` and resolves with the finished split; `onProgress` sees every answer while
 * it runs. Rejects with the platform's reason when the split fails, or when `signal` aborts.
 */
export async function runSplit(
  api: BrevdueApi,
  documentId: string,
  request: SplitRequestInput,
  onProgress: (s: SplitView) => void,
  signal?: AbortSignal,
): Promise<SplitView> {
  let s = await api.split(documentId, request);
  while (s.status === 'running') {
    onProgress(s);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, POLL_MS);
      signal?.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
    });
    s = await api.getSplit(s.id);
  }
  if (s.status === 'failed') throw new Error(s.error?.message ?? mergeText.splitFailed);
  onProgress(s);
  return s;
}

/** `[1, 2, 3, 5]` → `1–3, 5`. */
export function pageRanges(pages: readonly number[]): string {
  const out: string[] = [];
  for (let i = 0; i < pages.length; i++) {
    const start = pages[i]!;
    while (i + 1 < pages.length && pages[i + 1] === pages[i]! + 1) i++;
    out.push(start === pages[i] ? String(start) : `${start}–${pages[i]}`);
  }
  return out.join(', ');
}

/** Who a letter is to, as the list shows it: CPR masked, name when found; `brev 3` without a recipient. */
export function letterLabel(letter: SplitLetter, index: number): string {
  const r = letter.recipient;
  if (!r) return mergeText.letterWithoutRecipient(index + 1);
  return `${r.idType} ${displayId(r.idType, r.id)}${r.name ? ` · ${r.name}` : ''}`;
}
