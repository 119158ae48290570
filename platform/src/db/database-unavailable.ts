/**
 * @module
 * Tells an error that means "the database cannot be reached right now" (down, restarting, the
 * connection cut) from one about the statement. The API answers the first with 503 and
 * `Retry-After`; the job loops wait and try again. Nothing is lost either way: a request or a
 * batch that failed this way committed nothing.
 */

/** Socket errors of a connection that cannot be made or was cut. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/**
 * PostgreSQL's SQLSTATEs for a server that is going away or not there yet: class 08 (connection
 * exception), 57P01–57P03 (admin/crash shutdown, cannot connect now: starting up or in recovery),
 * 53300 (too many connections, as during a restart's reconnect storm).
 */
const SQLSTATES = new Set(['08000', '08001', '08003', '08004', '08006', '57P01', '57P02', '57P03', '53300']);

/** What `pg` and `pg-pool` say when the socket closed under a client, or none could be opened in time. */
const MESSAGES = [
  /Connection terminated/i,
  /connection error and is not queryable/i,
  /Client was closed and is not queryable/i,
  /timeout exceeded when trying to connect/i,
  /terminating connection due to (administrator|crash|idle)/i,
  /the database system is (starting up|shutting down|in recovery)/i,
];

/**
 * Whether `err` (or its `cause`, or one of an AggregateError's errors) says the database is
 * unreachable.
 * @example
 * try { await db.selectFrom('letters').selectAll().execute(); }
 * catch (e) { if (isDatabaseUnavailable(e)) return retryLater(); throw e; }
 */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 4) return false;
  const e = err as { code?: unknown; syscall?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  if (SOCKET_CODES.has(code) || SQLSTATES.has(code)) return true;
  // The Unix socket of a server that shut down cleanly is gone: connect() says ENOENT.
  if (code === 'ENOENT' && e.syscall === 'connect') return true;
  if (typeof e.message === 'string' && MESSAGES.some((m) => m.test(e.message as string))) return true;
  if (Array.isArray(e.errors) && e.errors.some((x) => isDatabaseUnavailable(x, depth + 1))) return true;
  return isDatabaseUnavailable(e.cause, depth + 1);
}
