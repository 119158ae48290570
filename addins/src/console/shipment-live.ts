/**
 * @module
 * A released batch run's letters, kept current from the shipment's server-sent events (a
 * ticket opens the stream, as the task panes do), with a slow re-read that covers a stream
 * that could not open or missed events while reconnecting.
 */
import { isFinalStatus } from '@brevdue/shared';
import type { LetterView, ShipmentView } from '@brevdue/shared/api';
import { useEffect, useState } from 'react';
import { followShipment } from '../common/follow-shipment.ts';
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
    // An event carries the status but not its label in words: re-read once a burst of events settles.
    let settle: ReturnType<typeof setTimeout> | undefined;
    const stop = followShipment(api.api, id, {
      letters: setLetters,
      lost: setLost,
      event: () => {
        clearTimeout(settle);
        settle = setTimeout(
          () =>
            void api.shipment(id).then(
              (sh) => setLetters(sh.letters),
              () => {},
            ),
          300,
        );
      },
    });
    return () => {
      clearTimeout(settle);
      stop();
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
