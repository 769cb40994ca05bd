// Tells a database that is down or busy (a closed connection, a restart, a locked SQLite file) from a failed query: the first is worth a retry.

/** SQLSTATE classes and codes of a PostgreSQL that is gone or not taking work: connection exceptions, shutdown, too many clients. */
const POSTGRES_UNAVAILABLE = /^(08|57P0[1-3]|53300)/;
/** Node's socket errors on a connection that was refused, reset or timed out. */
const SOCKET_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);
/** pg's own messages when a connection dies or cannot be had in time (they carry no code). */
const POOL_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended unexpectedly/i;

/** Whether the error means the database cannot be reached or is busy right now, rather than that the request was wrong. */
export function isStoreUnavailable(error: unknown): boolean {
  for (let cause = error, depth = 0; cause instanceof Error && depth < 5; depth += 1) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (SOCKET_ERRORS.has(code) || POSTGRES_UNAVAILABLE.test(code)) return true;
      if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return true;
    }
    if (POOL_MESSAGES.test(cause.message)) return true;
    if (cause instanceof AggregateError && cause.errors.some(isStoreUnavailable)) return true;
    cause = cause.cause;
  }
  return false;
}
