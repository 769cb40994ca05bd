// For tests: waits for an audit job to be done and gives its audit's id (failing on a failed or cancelled job).
import { setTimeout as delay } from 'node:timers/promises';
import type { Store } from '../../store/store.ts';

export async function auditIdOfJob(store: Store, jobId: number): Promise<number> {
  for (;;) {
    const job = await store.jobs.getJob(jobId);
    if (job === undefined) throw new Error(`no audit job ${jobId}`);
    if (job.state === 'done' && job.auditId !== null) return job.auditId;
    if (job.state !== 'queued' && job.state !== 'running')
      throw new Error(`audit job ${jobId} is ${job.state}: ${job.error ?? ''}`);
    await delay(20);
  }
}
