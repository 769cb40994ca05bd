// An audit's per-follower CSV as a download: the report's CSV columns, streamed from the store a page at a time.
import { stringify } from 'csv-stringify/sync';
import type { Store } from '../../../store/store.ts';
import { FOLLOWER_CSV_HEADER, followerCsvRow } from '../../report/follower-csv.ts';

const ROWS_PER_READ = 1_000;

/** Every follower of the audit, most suspicious first, never all in memory at once. */
export function streamFollowerCsv(store: Store, auditId: number): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cursor: string | undefined;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(stringify([FOLLOWER_CSV_HEADER as string[]])));
        return;
      }
      const page = await store.pageFollowers(auditId, { sort: 'pFake desc', limit: ROWS_PER_READ, cursor });
      if (page === undefined || page.followers.length === 0) {
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(stringify(page.followers.map(followerCsvRow))));
      if (page.nextCursor === null) controller.close();
      else cursor = page.nextCursor;
    },
  });
}
