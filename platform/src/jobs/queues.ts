/**
 * @module
 * Queue names. Every queue is created at start-up (pg-boss 10 needs queues to exist).
 */
export const QUEUES = {
  /** One job per letter to send. */
  send: 'letter-send',
  /** One job per webhook delivery. */
  webhook: 'webhook-deliver',
  /** One job per letter that reached a final status: archive it with its receipt. */
  archive: 'letter-archive',
} as const;

/**
 * Fair sharing of the send queue: the letters of small shipments go before those of big runs
 * queued earlier, so one organisation's 50,000-letter mailing does not make another's single
 * letter wait for it. Within a priority, oldest first.
 */
export function sendPriority(lettersInShipment: number): number {
  return lettersInShipment <= 10 ? 2 : lettersInShipment <= 1000 ? 1 : 0;
}
