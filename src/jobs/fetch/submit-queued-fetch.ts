// Submits a fetch from the command line as a job on the store's queue (pg-boss with PostgreSQL; with SQLite, the job waits for `realreach serve`), without working it.
import type { StoreLocation } from '../../store/dialects/open-store.ts';
import type { Store } from '../../store/store.ts';
import { openJobQueue } from '../queue/open-job-queue.ts';
import { InProcessRateSlots } from '../rate-limit/rate-slots.ts';
import { FetchJobService } from './fetch-job-service.ts';
import type { FetchJobRequest } from './submit-fetch-job.ts';

export async function submitQueuedFetch(
  store: Store,
  location: StoreLocation,
  request: FetchJobRequest,
): Promise<number> {
  // This process sends no request: the slots it is given are never drawn from.
  const fetches = new FetchJobService({
    store,
    queue: openJobQueue(location),
    slots: new InProcessRateSlots(),
  });
  try {
    return await fetches.submit(request);
  } finally {
    await fetches.stop();
  }
}
