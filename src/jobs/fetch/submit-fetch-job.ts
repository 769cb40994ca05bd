// Submits a fetch as a job: checks the profile's name and its owner's cap, stores the job, and queues its first step.
import { formatProfileRef, parseProfileRef } from '../../connectors/profile-ref.ts';
import type { RateLimit } from '../../connectors/requests/rate-limiter.ts';
import type { Store } from '../../store/store.ts';
import type { QueuedAuditOptions } from '../audit/audit-job-options.ts';
import { QueueFullError } from '../audit/submit-audit-job.ts';
import type { JobQueue } from '../queue/job-queue.ts';
import {
  FETCH_QUEUE,
  type FetchStepMessage,
  type FetchStepSettings,
  fetchStepSendOptions,
} from './fetch-job-messages.ts';

export interface FetchJobRequest {
  owner: string;
  /** `@user@instance`, `bsky:handle` or `did:…`, `x:handle`, as `realreach fetch` takes it. */
  profile: string;
  baseUrl?: string;
  max?: number;
  /** The request budget shared by every worker fetching from this platform with this key (default: the published one). */
  rateLimit?: RateLimit;
  /** Queue an audit of the followers once the fetch ends (the profile is added to them). */
  audit?: Omit<QueuedAuditOptions, 'profile'>;
}

/** Queues the step that starts at `page` (again: a step sent twice is kept once). */
export async function queueFetchStep(
  queue: JobQueue,
  jobId: number,
  page: number,
  settings: FetchStepSettings,
): Promise<void> {
  const message: FetchStepMessage = { jobId, page };
  await queue.send(FETCH_QUEUE, message, fetchStepSendOptions(message, settings));
}

export async function submitFetchJob(
  store: Store,
  queue: JobQueue,
  request: FetchJobRequest,
  settings: { maxOpenJobs: number; step: FetchStepSettings },
): Promise<number> {
  const ref = parseProfileRef(request.profile);
  if ((await store.fetchJobs.countOpenFetchJobs(request.owner)) >= settings.maxOpenJobs)
    throw new QueueFullError(
      `${request.owner} has ${settings.maxOpenJobs} fetches queued or running, the most allowed at once: wait for one to finish or cancel one`,
    );
  const jobId = await store.fetchJobs.createFetchJob({
    owner: request.owner,
    profileRef: formatProfileRef(ref),
    platform: ref.platform,
    ...(request.baseUrl === undefined ? {} : { baseUrl: request.baseUrl }),
    ...(request.max === undefined ? {} : { max: request.max }),
    ...(request.rateLimit === undefined ? {} : { rateLimit: request.rateLimit }),
    ...(request.audit === undefined ? {} : { auditOptions: request.audit }),
  });
  await queueFetchStep(queue, jobId, 0, settings.step);
  return jobId;
}
