/**
 * @module
 * A released batch run's letters, kept current from the shipment's server-sent events (a
 * ticket opens the stream, as the task panes do), with a slow re-read that covers a stream
 * that could not open or missed events while reconnecting.
 */
import { isFinalStatus } from '@brevdue/shared';
import type { LetterChangeEvent, LetterView, ShipmentView } from '@brevdue/shared/api';
import { useEffect, useState } from 'react';
import { applyLetterEvent } from '../common/letter-status-list.ts';
import type { ConsoleApi } from './console-api.ts';

/** The letters being sent: every letter but those cancelled or held by the leak guard. */
export function sendingLetters(letters: readonly LetterView[]): LetterView[] {
  return letters.filter((l) => l.status !== 'cancelled' && !(l.status === 'held' && l.hold));
}

/**
 * Follows `shipment` while `follow` is true and some letter being sent is not final; answers
 * the letters as they are now and whether the stream is lost.
 */
export function useShipmentLive(
  api: ConsoleApi,
  shipment: ShipmentView | undefined,
  follow: boolean,
): { letters: LetterView[]; lost: boolean } {
  const [letters, setLetters] = useState<LetterView[]>(shipment?.letters ?? []);
  const [lost, setLost] = useState(false);
  useEffect(() => setLetters(shipment?.letters ?? []), [shipment]);
  const id = shipment?.id;
  const done = sendingLetters(letters).every((l) => isFinalStatus(l.status));
  useEffect(() => {
    if (!follow || !id || done) return;
    let es: EventSource | undefined;
    let live = true;
    const catchUp = () =>
      void api
        .shipment(id)
        .then((sh) => live && setLetters(sh.letters))
        .catch(() => {});
    const poll = setInterval(catchUp, 10_000);
    // An event carries the status but not its label in words: re-read once a burst of events settles.
    let settle: ReturnType<typeof setTimeout> | undefined;
    const catchUpSoon = () => {
      clearTimeout(settle);
      settle = setTimeout(catchUp, 300);
    };
    const open = (): void =>
      void api.api.eventsUrl(id).then(connect, () => {
        setLost(true);
        if (live) setTimeout(open, 2000);
      });
    const connect = (url: string) => {
      if (!live) return;
      es = new EventSource(url);
      es.addEventListener('letter', (m) => {
        setLost(false);
        setLetters((ls) => applyLetterEvent(ls, JSON.parse((m as MessageEvent<string>).data) as LetterChangeEvent));
        catchUpSoon();
      });
      es.onerror = () => setLost(true);
      // Events sent before the stream opened are read once it does.
      es.onopen = () => {
        setLost(false);
        catchUp();
      };
    };
    open();
    return () => {
      live = false;
      clearInterval(poll);
      clearTimeout(settle);
      es?.close();
    };
  }, [api, id, follow, done]);
  // The last events' labels: one read once every letter is final (the stream is closed by then).
  useEffect(() => {
    if (!follow || !id || !done) return;
    let live = true;
    api.shipment(id).then(
      (sh) => live && setLetters(sh.letters),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [api, id, follow, done]);
  return { letters, lost };
}
