/**
 * @module
 * Keeps a shipment's letters current: its server-sent events (a short-lived ticket opens the
 * stream), a re-read when the stream opens (events sent before it are read then), and a slow
 * re-read every 10 s that covers a stream that could not open. Used by the panes' status list
 * and the console's release progress.
 */
import type { LetterChangeEvent, LetterView } from '@brevdue/shared/api';
import type { BrevdueApi } from './api-client.ts';

export interface ShipmentListener {
  /** New letters: a whole re-read, or one event applied to what is shown. */
  letters(update: (shown: LetterView[]) => LetterView[]): void;
  /** Whether the stream is lost (EventSource reconnects by itself meanwhile). */
  lost(lost: boolean): void;
  /** After each event (the console re-reads once a burst settles, for the status words). */
  event?(): void;
}

/** The letters with one change applied. */
export function applyLetterEvent(letters: LetterView[], e: LetterChangeEvent): LetterView[] {
  return letters.map((l) =>
    l.id === e.letterId ? { ...l, status: e.status, channel: e.channel ?? l.channel, reason: e.reason ?? null } : l,
  );
}

/**
 * Follows shipment `id` until the returned function is called.
 * @example useEffect(() => followShipment(api, id, { letters: setLetters, lost: setLost }), [api, id]);
 */
export function followShipment(api: Pick<BrevdueApi, 'eventsUrl' | 'shipment'>, id: string, on: ShipmentListener): () => void {
  let es: EventSource | undefined;
  let live = true;
  const reread = () =>
    void api
      .shipment(id)
      .then((sh) => live && on.letters(() => sh.letters))
      .catch(() => {});
  const poll = setInterval(reread, 10_000);
  const open = (): void =>
    void api.eventsUrl(id).then(connect, () => {
      on.lost(true);
      if (live) setTimeout(open, 2000);
    });
  const connect = (url: string) => {
    if (!live) return;
    es = new EventSource(url);
    es.addEventListener('letter', (m) => {
      on.lost(false);
      on.letters((ls) => applyLetterEvent(ls, JSON.parse((m as MessageEvent<string>).data) as LetterChangeEvent));
      on.event?.();
    });
    es.onerror = () => on.lost(true);
    es.onopen = () => {
      on.lost(false);
      reread();
    };
  };
  open();
  return () => {
    live = false;
    clearInterval(poll);
    es?.close();
  };
}
