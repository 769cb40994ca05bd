// Audit jobs as one service over a store and a queue: submit, cancel, and work them in this process — what the server, the worker command and the CLI's --queue use.
import type { Detector } from '../../model/detector.ts';
import type { Store } from '../../store/store.ts';
import type { PhaseReporter } from '../phase-timing.ts';
import type { JobQueue } from '../queue/job-queue.ts';
import { type DeliverySettings, deliveryFromEnv } from './audit-job-messages.ts';
import { AuditJobRunner, cancelAuditJob } from './audit-job-runner.ts';
import {
  type AuditJobRequest,
  DEFAULT_MAX_OPEN_JOBS,
  type SubmitSettings,
  shardRecordsFromEnv,
  submitAuditJob,
} from './submit-audit-job.ts';

export interface AuditJobServiceOptions {
  store: Store;
  queue: JobQueue;
  detector(model: string): Promise<Detector>;
  shardRecords?: number;
  maxOpenJobs?: number;
  delivery?: DeliverySettings;
  log?: (line: string) => void;
  sweepIntervalMs?: number;
  /** Told each phase's wall and CPU time when this process works shards. */
  onPhase?: PhaseReporter;
  /** Work shards in this process, this many at a time, from the first submission on (the embedded default). */
  workOnSubmit?: number;
}

export class AuditJobService {
  readonly queue: JobQueue;
  readonly settings: SubmitSettings;
  readonly #store: Store;
  readonly #runner: AuditJobRunner;
  #started: Promise<void> | undefined;
  #working = false;
  readonly #workOnSubmit: number | undefined;

  constructor(options: AuditJobServiceOptions) {
    this.#store = options.store;
    this.queue = options.queue;
    this.#workOnSubmit = options.workOnSubmit;
    this.settings = {
      shardRecords: options.shardRecords ?? shardRecordsFromEnv(),
      maxOpenJobs: options.maxOpenJobs ?? DEFAULT_MAX_OPEN_JOBS,
      delivery: options.delivery ?? deliveryFromEnv(),
      log: options.log,
    };
    this.#runner = new AuditJobRunner({
      store: options.store,
      queue: options.queue,
      detector: options.detector,
      delivery: this.settings.delivery,
      log: options.log,
      sweepIntervalMs: options.sweepIntervalMs,
      onPhase: options.onPhase,
    });
  }

  /** Starts the queue (once). */
  start(): Promise<void> {
    this.#started ??= this.queue.start();
    return this.#started;
  }

  async submit(request: AuditJobRequest): Promise<number> {
    await this.start();
    if (this.#workOnSubmit !== undefined) await this.work(this.#workOnSubmit);
    return submitAuditJob(this.#store, this.queue, request, this.settings);
  }

  async cancel(jobId: number): Promise<boolean> {
    await this.start();
    return cancelAuditJob(this.#store, this.queue, jobId);
  }

  /** Works shards in this process, `concurrency` at a time (once; later calls do nothing). */
  async work(concurrency: number): Promise<void> {
    if (this.#working) return;
    this.#working = true;
    await this.start();
    await this.#runner.start(concurrency);
  }

  async stop(): Promise<void> {
    await this.#runner.stop();
    if (this.#started) await this.queue.stop();
  }
}
