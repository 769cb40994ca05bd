// Submits an audit from the command line as a job on the store's queue (pg-boss with PostgreSQL; with SQLite, the job waits for `realreach serve`), without working it.
import type { FollowerSource } from '../../audit/audit-followers.ts';
import type { StoreLocation } from '../../store/dialects/open-store.ts';
import type { Store } from '../../store/store.ts';
import { openJobQueue } from '../queue/open-job-queue.ts';
import type { QueuedAuditOptions } from './audit-job-options.ts';
import { AuditJobService } from './audit-job-service.ts';

export async function submitQueuedAudit(
  store: Store,
  location: StoreLocation,
  followers: FollowerSource,
  options: QueuedAuditOptions,
): Promise<number> {
  const jobs = new AuditJobService({
    store,
    queue: openJobQueue(location),
    detector: () => Promise.reject(new Error('this process only submits')),
  });
  try {
    return await jobs.submit({ owner: 'cli', followers, options });
  } finally {
    await jobs.stop();
  }
}
