/**
 * @module
 * Each letter's own archive record, asked for by letter id (`GET /v1/archive/records?letterId=…`):
 * one request for a shipment's letters (up to {@link LETTERS_PER_REQUEST} at a time), not one per
 * letter. The platform answers only the records the caller may see (a sender: their own).
 */
import type { ArchiveRecord, LetterView } from '@brevdue/shared/api';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { BrevdueApi } from './api-client.ts';

/** Letter ids per request: the platform's limit, and a URL well within any server's. */
export const LETTERS_PER_REQUEST = 100;

/** Statuses after which a letter can have been archived (it is filed once final). */
const ARCHIVABLE = new Set(['delivered_digital', 'delivered_print', 'delivered_sms', 'failed', 'cancelled']);

/**
 * The record that is `letter`'s own among `records`: the one in its recipient's case (a copy's
 * letter is filed in its original recipient's case too, with the same documents).
 */
export function ownRecord(letter: LetterView, records: readonly ArchiveRecord[]): ArchiveRecord | undefined {
  const mine = records.filter((r) => r.letterId === letter.id);
  return mine.find((r) => r.party.idType === letter.recipient.idType && r.party.masked === letter.recipient.id) ?? mine[0];
}

/** The archive records of `letterIds`, in as few requests as the limit allows. */
export async function fetchArchiveRecords(api: BrevdueApi, letterIds: readonly string[]): Promise<ArchiveRecord[]> {
  const out: ArchiveRecord[] = [];
  for (let i = 0; i < letterIds.length; i += LETTERS_PER_REQUEST)
    out.push(...(await api.archiveRecordsOf(letterIds.slice(i, i + LETTERS_PER_REQUEST))).items);
  return out;
}

/** What the letter links need of the archive. */
export interface ArchiveLookup {
  /** The letter's own record, once found. */
  recordOf(letter: LetterView): ArchiveRecord | undefined;
  /**
   * Asks again for every letter of the list still without a record, in one request (a letter
   * clicked before its record was there); resolves to `letter`'s record, or undefined.
   */
  refresh(letter: LetterView): Promise<ArchiveRecord | undefined>;
}

/**
 * The archive records of `letters`, fetched together when `ready` (the list is loaded, or every
 * letter has its final status) and again only when the set of archivable letters changes.
 */
export function useArchiveRecords(api: BrevdueApi, letters: readonly LetterView[], ready: boolean): ArchiveLookup {
  const [records, setRecords] = useState<readonly ArchiveRecord[]>([]);
  const current = useRef({ letters, records });
  current.current = { letters, records };
  const ids = letters.filter((l) => ARCHIVABLE.has(l.status)).map((l) => l.id);
  const key = ids.join(',');
  useEffect(() => {
    if (!ready || !key) return;
    let live = true;
    // A failure here only means the links ask again when clicked.
    fetchArchiveRecords(api, key.split(',')).then(
      (found) => live && setRecords(found),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [api, key, ready]);
  const recordOf = useCallback((letter: LetterView) => ownRecord(letter, records), [records]);
  const refresh = useCallback(
    async (letter: LetterView) => {
      const { letters: all, records: known } = current.current;
      const missing = all.filter((l) => l.id === letter.id || (ARCHIVABLE.has(l.status) && !ownRecord(l, known))).map((l) => l.id);
      const found = await fetchArchiveRecords(api, missing);
      setRecords((cur) => [...cur.filter((r) => !missing.includes(r.letterId ?? '')), ...found]);
      return ownRecord(letter, found);
    },
    [api],
  );
  return { recordOf, refresh };
}
