// Forces the risky moments in tests: REALREACH_FAULT names a point in the code where the process kills itself (SIGKILL), as a crash would.

/** The points a test may name in REALREACH_FAULT (comma-separated for several). */
export type FaultPoint =
  /** In a store's save transaction: the audit and its followers written, the snapshot and the commit not yet. */
  | 'save:after-followers'
  /** In `fetch`: a page of followers written to the output file, its checkpoint not yet. */
  | 'fetch:after-page'
  /** In an audit job's transaction chained to a fetch: the fetch marked done, the job and its shards written, not committed. */
  | 'fetch-job:ended-audit-uncommitted'
  /** An audit job committed (with its chained fetch ended), its shards not yet sent to the queue. */
  | 'audit-job:stored-not-queued';

/**
 * Kills this process at once (SIGKILL: no cleanup, no flush) when REALREACH_FAULT names the point. Only tests set
 * the variable; unset, this is one lookup. `REALREACH_FAULT=fetch:after-page@3` fires on the point's third visit.
 */
export function faultPoint(point: FaultPoint): void {
  const wanted = process.env.REALREACH_FAULT;
  if (wanted === undefined || wanted === '') return;
  for (const entry of wanted.split(',')) {
    const [name, nth] = entry.trim().split('@');
    if (name !== point) continue;
    const visits = (visited.get(point) ?? 0) + 1;
    visited.set(point, visits);
    if (visits >= Number(nth ?? 1)) process.kill(process.pid, 'SIGKILL');
  }
}

const visited = new Map<FaultPoint, number>();
