// Keeps a long-running process (serve, worker) alive when a library drops a lost database connection's rejection unhandled; any other unhandled rejection still ends it.
import { isStoreUnavailable } from '../../store/dialects/store-unavailable.ts';

let installed = false;

/**
 * pg-boss 10 completes or fails a job without awaiting it: when PostgreSQL restarts or ends the connection right
 * then, that rejection goes unhandled and Node ends the process. Such a rejection (a lost or refused database
 * connection) is told on stderr instead — the job queue has settled each delivery itself before (asking again while
 * the database is away, src/jobs/queue/pg-boss-queue.ts), and one it could not is delivered again once its lease expires.
 * Anything else is rethrown, so a real bug still stops the process as before.
 */
export function surviveLostDatabase(
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): void {
  if (installed) return;
  installed = true;
  process.on('unhandledRejection', (reason) => {
    if (isStoreUnavailable(reason)) {
      log(
        `realreach: a database call failed in the background (the database is unavailable): ${(reason as Error).message}`,
      );
      return;
    }
    throw reason;
  });
}
