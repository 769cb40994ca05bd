// Submits an audit as a job: reads the follower list once into shards of consecutive records, stores the job and every shard in one transaction, then queues the shards.

import { assertJudgeable, type FollowerSource } from '../../audit/audit-followers.ts';
import { formatRecordError, noFollowerRead } from '../../core/errors.ts';
import { faultPoint } from '../../core/fault-injection.ts';
import { DuplicateAccounts } from '../../ingest/duplicates/duplicate-accounts.ts';
import type { ReadItem } from '../../ingest/read.ts';
import { modelNameForPlatform } from '../../model/detector.ts';
import type { AuditJob } from '../../store/jobs/audit-job-store.ts';
import type { Store } from '../../store/store.ts';
import type { JobQueue } from '../queue/job-queue.ts';
import {
  type DeliverySettings,
  SHARD_QUEUE,
  type ShardMessage,
  shardSendOptions,
} from './audit-job-messages.ts';
import type { QueuedAuditOptions } from './audit-job-options.ts';
import { encodeRecords } from './shard-records.ts';

/** Records per shard: a few seconds of scoring on one core, a few MB of gzipped input. */
export const DEFAULT_SHARD_RECORDS = 25_000;
/** REALREACH_SHARD_RECORDS (a whole number from 1) over the default: records per shard of the audits this process submits. */
export function shardRecordsFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.REALREACH_SHARD_RECORDS);
  return Number.isInteger(n) && n >= 1 ? n : DEFAULT_SHARD_RECORDS;
}

/** Jobs one owner may have queued or running at once. */
export const DEFAULT_MAX_OPEN_JOBS = 5;

/** The owner has as many jobs queued or running as allowed. */
export class QueueFullError extends Error {}

export interface AuditJobRequest {
  owner: string;
  followers: FollowerSource;
  options: QueuedAuditOptions;
  /** The fetch this audit is chained to: ended in the transaction that stores the job (NewAuditJob.endsFetch). */
  endsFetch?: { fetchJobId: number; incompleteBecause?: 'max' };
  /** Told the job as stored, once its commit is known (the API answers with it without reading it back). */
  onStored?: (stored: AuditJob) => void;
}

export interface SubmitSettings {
  shardRecords: number;
  maxOpenJobs: number;
  delivery: DeliverySettings;
  /** Told when a stored job's shards could not be queued (the sweep sends them). */
  log?: (line: string) => void;
}

/** Queues every shard the job has no result for (again: a message sent twice is kept once). */
export async function queueUnfinishedShards(
  store: Store,
  queue: JobQueue,
  jobId: number,
  delivery: DeliverySettings,
): Promise<number[]> {
  const shards = await store.jobs.unfinishedShards(jobId);
  for (const shard of shards) {
    const message: ShardMessage = { jobId, shard };
    await queue.send(SHARD_QUEUE, message, shardSendOptions(message, delivery));
  }
  return shards;
}

export async function submitAuditJob(
  store: Store,
  queue: JobQueue,
  request: AuditJobRequest,
  settings: SubmitSettings,
): Promise<number> {
  const { followers, options } = request;
  // as `realreach audit` does: an ids-only export (X's archive) has nothing to score, so no job is made of it
  assertJudgeable(followers);
  if ((await store.jobs.countOpenJobs(request.owner)) >= settings.maxOpenJobs)
    throw new QueueFullError(
      `${request.owner} has ${settings.maxOpenJobs} audits queued or running, the most allowed at once: wait for one to finish or cancel one`,
    );
  let model: string | undefined = options.model;
  const jobId = await store.jobs.createJob(
    {
      owner: request.owner,
      inputName: followers.input.display,
      format: followers.format.name,
      notes: followers.notes,
      options,
      ...(request.endsFetch === undefined ? {} : { endsFetch: request.endsFetch }),
    },
    async (add) => {
      let records = 0;
      let accepted = 0;
      let firstRejected: string | undefined;
      let pending: ReadItem[] = [];
      let pendingRepeats = new Set<number>();
      let firstPosition = 0;
      const flush = async () => {
        if (pending.length === 0) return;
        await add({
          firstPosition,
          records: pending.length,
          input: encodeRecords(pending, pendingRepeats),
        });
        firstPosition += pending.length;
        pending = [];
        pendingRepeats = new Set();
      };
      // Repeats are found here, in order over the whole list — exactly, by platform + id, in bounded memory — so a
      // follower in two shards counts once, as in one pass; each shard marks its records that repeat an earlier one.
      const seen = new DuplicateAccounts();
      try {
        for await (const batch of followers.batches()) {
          for (const item of batch) {
            records++;
            if (item.ok) {
              if (seen.repeats(item.account)) pendingRepeats.add(pending.length);
              else accepted++;
              model ??= modelNameForPlatform(item.account.platform);
            } else firstRejected ??= formatRecordError(item.error);
            pending.push(item);
            if (pending.length >= settings.shardRecords) await flush();
          }
        }
      } finally {
        seen.close();
      }
      await flush();
      if (accepted === 0) throw noFollowerRead(followers.input.display, records, firstRejected);
      // `followers` is what the shards will score: the distinct ones, the progress bar's whole
      return { records, followers: accepted, model: model as string };
    },
    request.onStored,
  );
  // A crash here leaves a stored job with nothing queued: the audit runner's sweep sends its shards.
  faultPoint('audit-job:stored-not-queued');
  try {
    await queueUnfinishedShards(store, queue, jobId, settings.delivery);
  } catch (error) {
    // The job is committed: answering with an error now would have the client send it again and get two audits.
    // Its shards are sent by the next sweep of any worker (each message id is kept once).
    settings.log?.(
      `audit job ${jobId}: stored, but its shards could not be queued yet (${(error as Error).message}); the next sweep sends them`,
    );
  }
  return jobId;
}
