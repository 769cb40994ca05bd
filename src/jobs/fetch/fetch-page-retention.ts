// How long a fetch's saved pages are kept once its followers are consumed (the fetch ended, and its audit job too), and the sweep that drops them after that — counted.
import type { DroppedPages } from '../../store/jobs/fetch-job-store.ts';
import type { Store } from '../../store/store.ts';

/**
 * A week: a consumed fetch's followers stay downloadable (`GET /api/v1/fetches/{id}/followers`) for a re-audit with
 * other options or a look at the raw list, then go. Its row — counts, profile, snapshot, its audit — stays.
 */
export const DEFAULT_KEEP_PAGES_HOURS = 168;
/** Fetches whose pages one batch drops (each in a transaction of its own). */
const BATCH = 100;

/** REALREACH_FETCH_KEEP_PAGES_HOURS (0: drop them as soon as they are consumed) over the default, in ms. */
export function keepPagesMsFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const value = env.REALREACH_FETCH_KEEP_PAGES_HOURS;
  const hours = Number(value);
  const valid = value !== undefined && value !== '' && Number.isFinite(hours) && hours >= 0;
  return (valid ? hours : DEFAULT_KEEP_PAGES_HOURS) * 3_600_000;
}

/** Drops the pages of every fetch consumed more than `keepMs` before `now`, a batch at a time; the totals freed. */
export async function dropConsumedFetchPages(
  store: Store,
  keepMs: number,
  now = new Date(),
): Promise<DroppedPages> {
  const before = new Date(now.getTime() - keepMs);
  const total: DroppedPages = { fetches: 0, pages: 0, followers: 0, bytes: 0 };
  for (;;) {
    const batch = await store.fetchJobs.dropConsumedPages(before, BATCH);
    total.fetches += batch.fetches;
    total.pages += batch.pages;
    total.followers += batch.followers;
    total.bytes += batch.bytes;
    if (batch.fetches < BATCH) return total;
  }
}
