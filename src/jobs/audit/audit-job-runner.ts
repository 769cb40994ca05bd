// Works audit jobs: scores each shard into a partial result saved once under its (job, shard) key with its followers' rows, and when every shard is in, merges the partials into the report and saves the audit row that makes those rows its own.
import { auditPart, type FollowerInput, finishAudit } from '../../audit/audit-followers.ts';
import {
  type AuditPartial,
  mergeAuditPartials,
  parseAuditPartial,
  serializeAuditPartial,
} from '../../audit/audit-partial.ts';
import { followerCountOf } from '../../core/snapshot.ts';
import type { Detector } from '../../model/detector.ts';
import type { AuditJob, PositionedFollower } from '../../store/jobs/audit-job-store.ts';
import type { Store } from '../../store/store.ts';
import { type PhaseReporter, timePhase } from '../phase-timing.ts';
import type { JobQueue, QueueMessage } from '../queue/job-queue.ts';
import {
  DEAD_LETTER_QUEUE,
  type DeliverySettings,
  FINISH_QUEUE,
  type FinishMessage,
  finishSendOptions,
  SHARD_QUEUE,
  type ShardMessage,
  shardMessageId,
} from './audit-job-messages.ts';
import { auditOptionsOf, queuedOptionsFromJson } from './audit-job-options.ts';
import { decodeRecords } from './shard-records.ts';
import { queueUnfinishedShards } from './submit-audit-job.ts';

export interface AuditJobRunnerOptions {
  store: Store;
  queue: JobQueue;
  /** The detector of a model by name (loaded once and kept by the caller). */
  detector(model: string): Promise<Detector>;
  delivery: DeliverySettings;
  log?: (line: string) => void;
  /** How often open jobs are looked for and their missing messages sent again (ms); 0 for only at start. */
  sweepIntervalMs?: number;
  /** Told each phase's wall and CPU time (the scale benchmark's breakdown). */
  onPhase?: PhaseReporter;
}

const OPEN: AuditJob['state'][] = ['queued', 'running'];

export class AuditJobRunner {
  readonly #options: AuditJobRunnerOptions;
  readonly #log: (line: string) => void;
  #sweep: NodeJS.Timeout | undefined;

  constructor(options: AuditJobRunnerOptions) {
    this.#options = options;
    this.#log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
  }

  /** Works both queues, `concurrency` shards at a time, after sending again what open jobs miss. */
  async start(concurrency: number): Promise<void> {
    const { queue } = this.#options;
    await queue.work<ShardMessage>(SHARD_QUEUE, { concurrency }, (message) => this.runShard(message));
    await queue.work<FinishMessage>(FINISH_QUEUE, { concurrency: 1 }, (message) => this.finish(message));
    await queue.work<ShardMessage | FinishMessage>(DEAD_LETTER_QUEUE, { concurrency: 1 }, (message) =>
      this.deadLetter(message),
    );
    // A database slow to answer (or restarting) must not stop the worker: the next sweep sends what this one missed.
    await this.sweep().catch((error: Error) => this.#log(`audit jobs: sweep failed: ${error.message}`));
    const interval = this.#options.sweepIntervalMs ?? 60_000;
    if (interval > 0) {
      this.#sweep = setInterval(() => {
        this.sweep().catch((error: Error) => this.#log(`audit jobs: sweep failed: ${error.message}`));
      }, interval);
      this.#sweep.unref();
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.#sweep);
  }

  /**
   * Sends again the messages of open jobs: shards with no result, or the merge when every shard is in. Covers a
   * server that died between storing a job and queueing it, and an in-process queue lost with its process.
   */
  async sweep(): Promise<void> {
    const { store, queue, delivery } = this.#options;
    for (const job of await store.jobs.listJobs({ states: OPEN, limit: 1000 })) {
      const missing = await queueUnfinishedShards(store, queue, job.id, delivery);
      if (missing.length === 0) await this.#queueFinish(job.id);
    }
  }

  async #queueFinish(jobId: number): Promise<void> {
    const message: FinishMessage = { jobId };
    await this.#options.queue.send(FINISH_QUEUE, message, finishSendOptions(message, this.#options.delivery));
  }

  /**
   * A dead letter: a shard or merge message whose last allowed attempt failed, or expired because its worker died.
   * Its job moves to `failed` with which part failed and why, and its other shards are dropped.
   */
  async deadLetter(message: QueueMessage<ShardMessage | FinishMessage>): Promise<void> {
    const { store, queue, delivery } = this.#options;
    const { jobId } = message.data;
    const part = 'shard' in message.data ? `shard ${message.data.shard}` : 'the merge of its shards';
    const expired = /timeout|exceeded/i.test(message.error ?? '')
      ? ` (no answer within ${delivery.expireInSeconds} s: its worker died or stalled)`
      : '';
    const attempts = message.retryLimit + 1;
    const error = `${part} failed after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${message.error ?? 'no error recorded'}${expired}`;
    const unfinished = await store.jobs.unfinishedShards(jobId);
    if (!(await store.jobs.setJobState(jobId, 'failed', OPEN, { error }))) return;
    this.#log(`audit job ${jobId} failed: ${error}`);
    for (const shard of unfinished) await queue.cancel(SHARD_QUEUE, shardMessageId({ jobId, shard }));
    await store.jobs.dropStagedFollowers(jobId);
  }

  async runShard(message: QueueMessage<ShardMessage>): Promise<void> {
    const { jobId, shard } = message.data;
    const { store, onPhase } = this.#options;
    const at = { jobId, shard };
    const started = await timePhase(onPhase, 'shard:read', at, async () => {
      const job = await store.jobs.getJob(jobId);
      if (!job || !OPEN.includes(job.state)) return undefined;
      await store.jobs.setJobState(jobId, 'running', ['queued']);
      const input = await store.jobs.shardInput(jobId, shard);
      if (!input) throw new Error(`audit job ${jobId} has no shard ${shard}`);
      await store.jobs.startShard(jobId, shard);
      return { job, firstPosition: input.firstPosition, ...decodeRecords(input.input) };
    });
    if (started === undefined) return;
    const { job, firstPosition, items: records, repeats } = started;
    // Loaded once per process: the first shard a worker takes waits for it.
    const detector = await timePhase(onPhase, 'shard:model', at, () => this.#options.detector(job.model));
    const followers: PositionedFollower[] = [];
    const { partial } = await timePhase(onPhase, 'shard:score', at, () =>
      auditPart(
        {
          async *batches() {
            yield records;
          },
        },
        {
          ...auditOptionsOf(queuedOptionsFromJson(job.options), detector),
          firstPosition,
          // repeats of followers in earlier shards (and this one), found across the whole list at submission
          knownRepeats: new Set([...repeats].map((index) => firstPosition + index)),
          onFollower: (follower, position) => followers.push({ position, follower }),
        },
      ),
    );
    await timePhase(onPhase, 'shard:save', at, () =>
      store.jobs.saveShardResult(jobId, shard, {
        partial: serializeAuditPartial(partial),
        followers,
        // Followers this shard is done with: scored, or — for a sample, scored once every shard is in — considered.
        scored: partial.accepted,
      }),
    );
    // Counted after this shard's result is committed, so the last shard to finish always sees every one.
    await timePhase(onPhase, 'shard:handoff', at, async () => {
      if ((await store.jobs.unfinishedShards(jobId)).length === 0) await this.#queueFinish(jobId);
    });
  }

  async finish(message: QueueMessage<FinishMessage>): Promise<void> {
    const { jobId } = message.data;
    const { store, onPhase } = this.#options;
    const at = { jobId };
    const job = await store.jobs.getJob(jobId);
    if (!job || !OPEN.includes(job.state)) return;
    if (job.shardsDone < job.shardCount) return;
    const auditId = job.stagedAuditId;
    if (auditId === null) throw new Error(`audit job ${jobId} has no audit id reserved`);
    const merged = await timePhase(onPhase, 'finish:merge', at, async () => {
      let merged: AuditPartial | undefined;
      for await (const { partial } of store.jobs.shardResults(jobId)) {
        const part = parseAuditPartial(partial);
        merged = merged ? mergeAuditPartials(merged, part) : part;
      }
      return merged;
    });
    if (!merged) throw new Error(`audit job ${jobId} has no shards`);
    const detector = await this.#options.detector(job.model);
    const options = queuedOptionsFromJson(job.options);
    const input: FollowerInput = {
      format: { name: job.format },
      input: { display: job.inputName },
      notes: job.notes,
    };
    const sampled: PositionedFollower[] = [];
    const result = await timePhase(onPhase, 'finish:report', at, async () =>
      finishAudit(merged, input, detector, {
        ...auditOptionsOf(options, detector),
        onFollower: (follower, position) => sampled.push({ position, follower }),
      }),
    );
    const reasons = result.followers
      .map((follower, rank) => ({
        position: result.followerPositions[rank] as number,
        reasons: follower.reasons,
      }))
      .filter((explained) => explained.reasons.length > 0);
    const snapshot = followerCountOf(options.profile, 'audit');
    // The shards wrote every scored follower's row; this saves the audit row that makes them its own and closes the
    // job in the same transaction (a retried merge finds the job closed with it; a job cancelled meanwhile keeps none).
    const saved = await timePhase(onPhase, 'finish:save', at, () =>
      store.saveJobAudit(
        { jobId, auditId, notes: result.warnings },
        result.report,
        { followers: sampled, reasons },
        snapshot && { snapshot },
      ),
    );
    await timePhase(onPhase, 'finish:close', at, async () => {
      if (saved !== 'not-open') await store.jobs.releaseShardData(jobId);
    });
  }
}

/** Cancels an open job: its undelivered messages are dropped and running shards' results are ignored. */
export async function cancelAuditJob(store: Store, queue: JobQueue, jobId: number): Promise<boolean> {
  const unfinished = await store.jobs.unfinishedShards(jobId);
  if (!(await store.jobs.setJobState(jobId, 'cancelled', OPEN))) return false;
  for (const shard of unfinished) await queue.cancel(SHARD_QUEUE, shardMessageId({ jobId, shard }));
  await store.jobs.dropStagedFollowers(jobId);
  return true;
}
