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
