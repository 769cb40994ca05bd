// Works fetch jobs: each step reads a run of pages under the limiter every worker shares, saving each page with the job's cursor in one transaction, then queues the next step; the last step ends the job and may queue its audit.

import { connectFollowerSource, MissingCredentialError } from '../../connectors/connect.ts';
import type { FollowerSource } from '../../connectors/follower-source.ts';
import { parseProfileRef } from '../../connectors/profile-ref.ts';
import { DEFAULT_RETRY_POLICY } from '../../connectors/requests/api-client.ts';
import { ApiUnavailableError } from '../../connectors/requests/api-errors.ts';
import type { Account } from '../../core/account.ts';
import { formatRecordError, InputError } from '../../core/errors.ts';
import { countOf } from '../../core/plural.ts';
import { realreachJson, toRealreachRecord } from '../../ingest/formats/realreach.ts';
import {
  FetchAlreadyEndedError,
  type FetchJob,
  OPEN_FETCH_STATES,
} from '../../store/jobs/fetch-job-store.ts';
import type { Store } from '../../store/store.ts';
import type { DeliverySettings } from '../audit/audit-job-messages.ts';
import type { QueuedAuditOptions } from '../audit/audit-job-options.ts';
import {
  type AuditJobRequest,
  QueueFullError,
  shardRecordsFromEnv,
  submitAuditJob,
} from '../audit/submit-audit-job.ts';
import type { JobQueue, QueueMessage } from '../queue/job-queue.ts';
import type { RateSlots } from '../rate-limit/rate-slots.ts';
import { sharedLimiters } from '../rate-limit/shared-rate-limiter.ts';
import {
  FETCH_DEAD_LETTER_QUEUE,
  FETCH_QUEUE,
  type FetchStepMessage,
  type FetchStepSettings,
} from './fetch-job-messages.ts';
import { dropConsumedFetchPages, keepPagesMsFromEnv } from './fetch-page-retention.ts';
import { encodeFollowerPage, fetchedFollowerSource } from './fetched-followers.ts';
import { queueFetchStep } from './submit-fetch-job.ts';

export interface FetchJobRunnerOptions {
  store: Store;
  queue: JobQueue;
  /** The request slots every worker shares (PostgreSQL), or this process's (SQLite). */
  slots: RateSlots;
  step: FetchStepSettings;
  /** How a chained audit is split and delivered. */
  audit: { shardRecords?: number; delivery: DeliverySettings };
  /** Submits a chained audit (the audit service of this process, which may work it here); by default straight to the queue. */
  submitAudit?: (request: AuditJobRequest) => Promise<number>;
  /** X's bearer token, from this worker's environment. */
  xBearerToken?: string;
  log?: (line: string) => void;
  /** How often open fetches are looked for and their missing step sent again (ms); 0 for only at start. */
  sweepIntervalMs?: number;
  /** How long a consumed fetch's pages are kept (ms); by default REALREACH_FETCH_KEEP_PAGES_HOURS or a week. */
  keepPagesMs?: number;
}

/** The fetch has nothing left to read: the list ended, or --max is reached. */
function nothingLeft(job: FetchJob): boolean {
  return job.listEnded || (job.max !== undefined && job.followersFetched >= job.max);
}

function reviveProfile(job: FetchJob): Account {
  const { account } = realreachJson.map(job.profile ?? {}, { file: `fetch job ${job.id}` });
  return { ...account, source: { format: realreachJson.name, file: `fetch job ${job.id}` } };
}

/** Errors no retry mends: a profile that does not exist, a refused request, a missing key. */
function isPermanent(error: unknown): boolean {
  return (
    (error instanceof InputError && !(error instanceof ApiUnavailableError)) ||
    error instanceof MissingCredentialError
  );
}

export class FetchJobRunner {
  readonly #options: FetchJobRunnerOptions;
  readonly #log: (line: string) => void;
  #sweep: NodeJS.Timeout | undefined;

  constructor(options: FetchJobRunnerOptions) {
    this.#options = options;
    this.#log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
  }

  async start(concurrency: number): Promise<void> {
    const { queue } = this.#options;
    await queue.work<FetchStepMessage>(FETCH_QUEUE, { concurrency }, (message) => this.runStep(message));
    await queue.work<FetchStepMessage>(FETCH_DEAD_LETTER_QUEUE, { concurrency: 1 }, (message) =>
      this.deadLetter(message),
    );
    await this.sweep().catch((error: Error) => this.#log(`fetch jobs: sweep failed: ${error.message}`));
    const interval = this.#options.sweepIntervalMs ?? 60_000;
    if (interval > 0) {
      this.#sweep = setInterval(() => {
        this.sweep().catch((error: Error) => this.#log(`fetch jobs: sweep failed: ${error.message}`));
      }, interval);
      this.#sweep.unref();
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.#sweep);
  }

  /**
   * Sends again the step each open fetch is at (kept once if it is queued), or ends the fetches with nothing left;
   * then drops the pages of fetches consumed longer ago than the retention window.
   */
  async sweep(): Promise<void> {
    const { store, queue, step } = this.#options;
    for (const job of await store.fetchJobs.listFetchJobs({ states: OPEN_FETCH_STATES, limit: 1000 })) {
      if (job.profile !== undefined && nothingLeft(job)) await this.#finish(job);
      else await queueFetchStep(queue, job.id, job.pagesDone, step);
    }
    const dropped = await dropConsumedFetchPages(store, this.#options.keepPagesMs ?? keepPagesMsFromEnv());
    if (dropped.fetches > 0)
      this.#log(
        `fetch jobs: dropped the pages of ${countOf(dropped.fetches, 'consumed fetch', 'consumed fetches')} (${countOf(dropped.pages, 'page')}, ${countOf(dropped.followers, 'follower')}, ${(dropped.bytes / 1_048_576).toFixed(1)} MiB)`,
      );
  }

  async deadLetter(message: QueueMessage<FetchStepMessage>): Promise<void> {
    const { jobId, page } = message.data;
    const attempts = message.retryLimit + 1;
    const error = `the step from page ${page} failed after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${message.error ?? 'no error recorded'}`;
    if (await this.#options.store.fetchJobs.setFetchJobState(jobId, 'failed', OPEN_FETCH_STATES, { error }))
      this.#log(`fetch job ${jobId} failed: ${error}`);
  }

  #connect(job: FetchJob): FollowerSource {
    return connectFollowerSource(parseProfileRef(job.profileRef), {
      baseUrl: job.baseUrl,
      rateLimit: job.rateLimit,
      retry: DEFAULT_RETRY_POLICY,
      limiter: sharedLimiters(this.#options.slots),
      xBearerToken: this.#options.xBearerToken,
      onRetry: (line) => this.#log(`fetch job ${job.id}: ${line}`),
    });
  }

  async runStep(message: QueueMessage<FetchStepMessage>): Promise<void> {
    const { store } = this.#options;
    const job = await store.fetchJobs.getFetchJob(message.data.jobId);
    if (!job || !OPEN_FETCH_STATES.includes(job.state)) return;
    try {
      await this.#step(job, message.data.page);
    } catch (error) {
      if (!isPermanent(error)) throw error;
      const text = (error as Error).message;
      if (await store.fetchJobs.setFetchJobState(job.id, 'failed', OPEN_FETCH_STATES, { error: text }))
        this.#log(`fetch job ${job.id} failed: ${text}`);
    }
  }

  async #step(found: FetchJob, page: number): Promise<void> {
    const { store, queue, step } = this.#options;
    let job = found;
    if (job.profile !== undefined && nothingLeft(job)) return this.#finish(job);
    // A stale delivery (its step was done, the next one's message lost with its worker): queue where the fetch is.
    if (job.pagesDone !== page) return queueFetchStep(queue, job.id, job.pagesDone, step);
    await store.fetchJobs.setFetchJobState(job.id, 'running', ['queued']);
    const source = this.#connect(job);
    const stop = new AbortController();
    try {
      if (job.profile === undefined) {
        const lookup = await source.lookupProfile(stop.signal);
        await store.fetchJobs.setFetchProfile(job.id, toRealreachRecord(lookup.account), lookup.snapshot);
        job = (await store.fetchJobs.getFetchJob(job.id)) ?? job;
        if (lookup.networkHidden) return this.#finish(job, 'network-hidden');
      }
      const profile = reviveProfile(job);
      let pageNo = job.pagesDone;
      let fetched = job.followersFetched;
      let ended = false;
      const from = pageNo > 0 ? job.next : undefined;
      for await (const listed of source.pages(profile, from, stop.signal)) {
        if (listed.networkHidden) return this.#finish(job, 'network-hidden');
        const room = job.max === undefined ? listed.followers.length : job.max - fetched;
        const kept = listed.followers.slice(0, room);
        const trimmed = kept.length < listed.followers.length;
        const saved = await store.fetchJobs.saveFetchPage(
          job.id,
          pageNo,
          {
            followers: encodeFollowerPage(kept),
            count: kept.length,
            withheld: listed.withheld,
            rejected: listed.rejected.map(formatRecordError),
            next: listed.next,
          },
          listed.next === undefined && !trimmed,
        );
        // Another delivery of this step saved the page first (this one outlived its expiry): leave the fetch to it.
        if (!saved) return;
        pageNo++;
        fetched += kept.length;
        if (listed.next === undefined || (job.max !== undefined && fetched >= job.max)) {
          ended = true;
          break;
        }
        if (pageNo - job.pagesDone >= step.pagesPerStep) break;
      }
      if (!ended) return queueFetchStep(queue, job.id, pageNo, step);
    } finally {
      stop.abort();
    }
    const current = await store.fetchJobs.getFetchJob(job.id);
    if (current) await this.#finish(current);
  }

  /**
   * Ends the fetch (once, whichever delivery gets here first). When an audit was asked for, the fetch is ended in
   * the transaction that stores the audit job: a worker dying half-way leaves the fetch open (a sweep or the step's
   * retry ends it again), never ended without its audit.
   */
  async #finish(job: FetchJob, hidden?: 'network-hidden'): Promise<void> {
    const { store } = this.#options;
    const incompleteBecause = hidden ?? (job.listEnded ? undefined : 'max');
    const ended = () =>
      this.#log(
        `fetch job ${job.id}: ${job.followersFetched} followers of ${job.profileRef}${incompleteBecause ? ` (incomplete: ${incompleteBecause})` : ''}`,
      );
    if (job.auditOptions === undefined || hidden !== undefined || job.followersFetched === 0) {
      if (
        await store.fetchJobs.setFetchJobState(job.id, 'done', OPEN_FETCH_STATES, {
          ...(incompleteBecause === undefined ? {} : { incompleteBecause }),
        })
      )
        ended();
      return;
    }
    const maxReached = incompleteBecause === 'max';
    const options: QueuedAuditOptions = {
      recentIntake: maxReached,
      ...(job.auditOptions as Omit<QueuedAuditOptions, 'profile'>),
      profile: reviveProfile(job),
    };
    const request: AuditJobRequest = {
      owner: job.owner,
      followers: fetchedFollowerSource(store, job.id, `${job.profileRef} (fetch job ${job.id})`),
      options,
      endsFetch: { fetchJobId: job.id, ...(maxReached ? { incompleteBecause: 'max' as const } : {}) },
    };
    let auditJobId: number;
    try {
      auditJobId = await this.#submitAudit(request);
    } catch (error) {
      // Another delivery ended the fetch (with its audit) first, or it was cancelled meanwhile.
      if (error instanceof FetchAlreadyEndedError) return;
      // No retry mends these: the fetch ends, and says why it has no audit.
      if (!(error instanceof QueueFullError || isPermanent(error))) throw error;
      const text = `the fetch ended but its audit was not queued: ${(error as Error).message}`;
      if (
        await store.fetchJobs.setFetchJobState(job.id, 'done', OPEN_FETCH_STATES, {
          error: text,
          ...(incompleteBecause === undefined ? {} : { incompleteBecause }),
        })
      ) {
        ended();
        this.#log(`fetch job ${job.id}: ${text}`);
      }
      return;
    }
    ended();
    this.#log(`fetch job ${job.id}: audit job ${auditJobId} queued`);
  }

  #submitAudit(request: AuditJobRequest): Promise<number> {
    const { store, queue, audit } = this.#options;
    if (this.#options.submitAudit) return this.#options.submitAudit(request);
    return submitAuditJob(store, queue, request, {
      shardRecords: audit.shardRecords ?? shardRecordsFromEnv(),
      // the fetch already counted against its owner's cap
      maxOpenJobs: Number.POSITIVE_INFINITY,
      delivery: audit.delivery,
      log: this.#log,
    });
  }
}
