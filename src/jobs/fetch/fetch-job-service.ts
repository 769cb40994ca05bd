// Fetch jobs as one service over a store, a queue and the shared request slots: submit, cancel, and work them in this process — what the server, the worker command and `fetch --queue` use.

import { OPEN_FETCH_STATES } from '../../store/jobs/fetch-job-store.ts';
import type { Store } from '../../store/store.ts';
import { type DeliverySettings, deliveryFromEnv } from '../audit/audit-job-messages.ts';
import type { AuditJobService } from '../audit/audit-job-service.ts';
import { type AuditJobRequest, DEFAULT_MAX_OPEN_JOBS } from '../audit/submit-audit-job.ts';
import type { JobQueue } from '../queue/job-queue.ts';
import type { RateSlots } from '../rate-limit/rate-slots.ts';
import {
  FETCH_QUEUE,
  type FetchStepSettings,
  fetchStepFromEnv,
  fetchStepSendOptions,
} from './fetch-job-messages.ts';
import { FetchJobRunner } from './fetch-job-runner.ts';
import { type FetchJobRequest, submitFetchJob } from './submit-fetch-job.ts';

export interface FetchJobServiceOptions {
  store: Store;
  queue: JobQueue;
  slots: RateSlots;
  step?: FetchStepSettings;
  maxOpenJobs?: number;
  /** The audit service chained audits are submitted to (and worked by, in this process, when it works on submit). */
  audits?: AuditJobService;
  /** How a chained audit's shards are delivered. */
  delivery?: DeliverySettings;
  shardRecords?: number;
  xBearerToken?: string;
  log?: (line: string) => void;
  sweepIntervalMs?: number;
  /** How long a consumed fetch's pages are kept (ms); by default REALREACH_FETCH_KEEP_PAGES_HOURS or a week. */
  keepPagesMs?: number;
  /** Work fetch steps in this process, this many at a time, from the first submission on (the embedded default). */
  workOnSubmit?: number;
}

export class FetchJobService {
  readonly queue: JobQueue;
  readonly #options: FetchJobServiceOptions;
  readonly #step: FetchStepSettings;
  readonly #runner: FetchJobRunner;
  #started: Promise<void> | undefined;
  #working = false;

  constructor(options: FetchJobServiceOptions) {
    this.#options = options;
    this.queue = options.queue;
    this.#step = options.step ?? fetchStepFromEnv();
    this.#runner = new FetchJobRunner({
      store: options.store,
      queue: options.queue,
      slots: options.slots,
      step: this.#step,
      audit: { shardRecords: options.shardRecords, delivery: options.delivery ?? deliveryFromEnv() },
      ...(options.audits === undefined
        ? {}
        : { submitAudit: (request: AuditJobRequest) => (options.audits as AuditJobService).submit(request) }),
      xBearerToken: options.xBearerToken,
      log: options.log,
      sweepIntervalMs: options.sweepIntervalMs,
      ...(options.keepPagesMs === undefined ? {} : { keepPagesMs: options.keepPagesMs }),
    });
  }

  /** Starts the queue (once); a queue shared with an audit service is started by whichever asks first. */
  start(): Promise<void> {
    this.#started ??= this.queue.start();
    return this.#started;
  }

  async submit(request: FetchJobRequest): Promise<number> {
    await this.start();
    if (this.#options.workOnSubmit !== undefined) await this.work(this.#options.workOnSubmit);
    return submitFetchJob(this.#options.store, this.queue, request, {
      maxOpenJobs: this.#options.maxOpenJobs ?? DEFAULT_MAX_OPEN_JOBS,
      step: this.#step,
    });
  }

  /** Cancels an open fetch: its queued step is dropped; a step under way saves no further page. */
  async cancel(jobId: number): Promise<boolean> {
    await this.start();
    const job = await this.#options.store.fetchJobs.getFetchJob(jobId);
    if (!job) return false;
    if (!(await this.#options.store.fetchJobs.setFetchJobState(jobId, 'cancelled', OPEN_FETCH_STATES)))
      return false;
    const step = fetchStepSendOptions({ jobId, page: job.pagesDone }, this.#step);
    await this.queue.cancel(FETCH_QUEUE, step.id);
    return true;
  }

  /** Works fetch steps in this process, `concurrency` at a time (once). */
  async work(concurrency: number): Promise<void> {
    if (this.#working) return;
    this.#working = true;
    await this.start();
    await this.#runner.start(concurrency);
  }

  /** Stops working; the queue is left to its owner (`stopQueue` when this service started it alone). */
  async stop(options: { stopQueue: boolean } = { stopQueue: true }): Promise<void> {
    await this.#runner.stop();
    if (options.stopQueue && this.#started) await this.queue.stop();
    await this.#options.slots.close();
  }
}
