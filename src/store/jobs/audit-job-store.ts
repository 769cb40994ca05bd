// Keeps audits submitted as jobs: the job row and its shards' inputs written in one transaction, each shard's partial result and followers' rows written once under its (job, shard) key, progress read from them.

import { setTimeout as delay } from 'node:timers/promises';
import type { Kysely, Selectable } from 'kysely';
import type { FollowerResult } from '../../audit/report-schema.ts';
import { faultPoint } from '../../core/fault-injection.ts';
import type { AuditJobsTable, Database } from '../database.ts';
import type { ReserveAuditId } from '../dialects/reserve-audit-id.ts';
import { type FollowerRowWriter, followerRow, writeFollowerRows } from '../rows/follower-rows.ts';
import { FetchAlreadyEndedError, OPEN_FETCH_STATES } from './fetch-job-store.ts';

/** How the store begins a write transaction (the KyselyStore's own: on SQLite, BEGIN IMMEDIATE with waits). */
type WriteTransaction = <T>(db: Kysely<Database>, work: (trx: Kysely<Database>) => Promise<T>) => Promise<T>;

export const AUDIT_JOB_STATES = ['queued', 'running', 'done', 'failed', 'cancelled'] as const;
export type AuditJobState = (typeof AUDIT_JOB_STATES)[number];
/** States in which a job still has work to do (they count against its owner's cap). */
/** How often, and how far apart, a store asks whether a job whose COMMIT answer was lost is there. */
const COMMIT_ASKS = 3;
const COMMIT_ASK_INTERVAL_MS = 400;

/**
 * A job whose COMMIT was sent but whose answer was lost, with the database not answering when asked whether the
 * job's row is there: it may have been stored (and will then be audited) or not. Its id lets the client find out
 * (GET /api/v1/jobs/{id}) instead of sending the upload again, which could make two audits of it.
 */
export class JobCommitUnknownError extends Error {
  readonly jobId: number;

  constructor(jobId: number, cause: unknown) {
    super(
      `the database went away while audit job ${jobId} was being stored: it may or may not have been (${(cause as Error)?.message ?? String(cause)})`,
      { cause },
    );
    this.name = 'JobCommitUnknownError';
    this.jobId = jobId;
  }
}

export const OPEN_JOB_STATES: readonly AuditJobState[] = ['queued', 'running'];

export interface NewAuditJob {
  owner: string;
  inputName: string;
  format: string;
  notes: readonly string[];
  /** The audit's options and profile, as a JSON-ready value. */
  options: unknown;
  /**
   * The fetch job this audit is chained to (`fetch --then-audit`): it is ended (`done`) and linked to the audit job
   * in the job's own transaction, so a fetch is never done without its audit nor audited twice. When it has already
   * ended, no job is made (FetchAlreadyEndedError).
   */
  endsFetch?: { fetchJobId: number; incompleteBecause?: 'max' };
}

export interface ShardInput {
  firstPosition: number;
  records: number;
  /** The records, gzipped JSON lines. */
  input: Buffer;
}

/** What a job knows of its input once it has been read whole. */
export interface JobTotals {
  records: number;
  followers: number;
  /** The model every shard is scored with (chosen by the first follower's platform). */
  model: string;
}

/** A follower's result with its record's 0-based place in the whole input: its row's position. */
export interface PositionedFollower {
  position: number;
  follower: FollowerResult;
}

/** How shards write their followers' rows: the dialect's bulk writer and id reservation. */
export interface FollowerStaging {
  rows: FollowerRowWriter;
  reserveAuditId: ReserveAuditId;
  /**
   * Whether a shard's save holds a share lock on its job row (PostgreSQL), so a job cancelled or failed meanwhile
   * waits for it and then drops its rows; SQLite's write transactions already run one at a time.
   */
  lockJobRow: boolean;
}

export interface AuditJob {
  id: number;
  createdAt: Date;
  updatedAt: Date;
  owner: string;
  state: AuditJobState;
  inputName: string;
  format: string;
  /** The reader's notes; once done, every warning of the audit (label files, followers on other platforms). */
  notes: string[];
  model: string;
  options: unknown;
  records: number;
  followers: number;
  shardCount: number;
  /** Shards whose partial is saved, and the followers they scored. */
  shardsDone: number;
  scored: number;
  auditId: number | null;
  /**
   * The id the audit will have, reserved with the job: each shard writes its followers' rows under it, and they
   * count as an audit's only once the audit row with this id is saved. Null on a job made before ids were reserved
   * (failed by that upgrade).
   */
  stagedAuditId: number | null;
  error: string | null;
}

export interface ShardResult {
  shard: number;
  partial: string;
}

export interface AuditJobStore {
  /**
   * Writes the job and every shard `shards` yields in one transaction; `shards` returns the totals when done. A
   * failure half-way (or a crash) leaves no job: a job never points at input that is not there.
   */
  createJob(
    job: NewAuditJob,
    shards: (add: (shard: ShardInput) => Promise<void>) => Promise<JobTotals>,
    /** Told the job as stored once it is known to be committed (what reading it back would give). */
    onStored?: (stored: AuditJob) => void,
  ): Promise<number>;
  getJob(id: number): Promise<AuditJob | undefined>;
  /** Newest first. */
  listJobs(options: {
    states?: readonly AuditJobState[];
    owner?: string;
    limit: number;
  }): Promise<AuditJob[]>;
  /** Jobs in an open state that the owner has. */
  countOpenJobs(owner: string): Promise<number>;
  shardInput(jobId: number, shard: number): Promise<ShardInput | undefined>;
  /** Counts an attempt at a shard; returns the attempts so far. */
  startShard(jobId: number, shard: number): Promise<number>;
  /**
   * Saves a shard's result and its followers' rows (under the job's reserved audit id) once, in one transaction:
   * false when it was saved before (a retried shard never counts twice) or the job is no longer open.
   */
  saveShardResult(
    jobId: number,
    shard: number,
    result: { partial: string; scored: number; followers: readonly PositionedFollower[] },
  ): Promise<boolean>;
  /** Shards with no result yet. */
  unfinishedShards(jobId: number): Promise<number[]>;
  /** Every shard's result, in shard order, one at a time. */
  shardResults(jobId: number): AsyncGenerator<ShardResult>;
  /** Moves a job to `state` if it is in one of `from`; false when it was not. */
  setJobState(
    id: number,
    state: AuditJobState,
    from: readonly AuditJobState[],
    fields?: { auditId?: number; error?: string; notes?: readonly string[] },
  ): Promise<boolean>;
  /** Drops a finished job's shard inputs (the audit holds its followers now); partials and counts stay. */
  releaseShardData(jobId: number): Promise<void>;
  /** Drops the followers' rows a job's shards wrote, unless its audit was saved (a job failed or cancelled). */
  dropStagedFollowers(jobId: number): Promise<void>;
  /** Deletes a job, its shards and the followers' rows they wrote for an audit never saved. */
  deleteJob(id: number): Promise<boolean>;
}

/** SQLite returns times as ISO text, PostgreSQL as Dates; bigint comes back as text from PostgreSQL. */
const readTime = (value: Date | string) => new Date(value);
const readCount = (value: number | string) => Number(value);
const now = () => new Date().toISOString();

export class KyselyAuditJobStore implements AuditJobStore {
  readonly #db: Kysely<Database>;
  readonly #reader: Kysely<Database>;
  readonly #writeTransaction: WriteTransaction;
  readonly #staging: FollowerStaging;

  /**
   * `reader` reads shard results (on SQLite, another connection); `writeTransaction` begins a write transaction as
   * the store does; `staging` writes the followers' rows of each shard.
   */
  constructor(
    db: Kysely<Database>,
    reader: Kysely<Database>,
    writeTransaction: WriteTransaction,
    staging: FollowerStaging,
  ) {
    this.#db = db;
    this.#reader = reader;
    this.#writeTransaction = writeTransaction;
    this.#staging = staging;
  }

  async createJob(
    job: NewAuditJob,
    shards: (add: (shard: ShardInput) => Promise<void>) => Promise<JobTotals>,
    onStored?: (stored: AuditJob) => void,
  ): Promise<number> {
    // The job as stored once everything before the commit is done: a connection cut during COMMIT
    // (pg_terminate_backend, a restart) can end the client's wait after the database committed, and answering that
    // upload with an error would have its client send it again — two audits of one upload.
    let committing: { stored: AuditJob; created: string } | undefined;
    const stored = await this.#createJobTransaction(job, shards, (written, created) => {
      committing = { stored: written, created };
    }).catch(async (error: unknown) => {
      if (committing === undefined) throw error;
      // Asked again on another connection: the row is there only if the transaction committed (its id and creation
      // time together: an id a rolled-back transaction took may be another job's on SQLite). When the database cannot
      // be asked (it is down), the job's id goes with the error, for the client to look it up.
      const { stored: written, created } = committing;
      const asked = await this.#askCommitted(written.id, created, job.owner);
      if (asked === 'not-committed') throw error;
      if (asked === 'unknown') throw new JobCommitUnknownError(written.id, error);
      return written;
    });
    onStored?.(stored);
    return stored.id;
  }

  /** Whether a job's row is there, asked a few times over about a second while the database does not answer. */
  async #askCommitted(
    id: number,
    created: string,
    owner: string,
  ): Promise<'committed' | 'not-committed' | 'unknown'> {
    for (let attempt = 0; attempt < COMMIT_ASKS; attempt++) {
      if (attempt > 0) await delay(COMMIT_ASK_INTERVAL_MS);
      try {
        const row = await this.#db
          .selectFrom('audit_jobs')
          .select('id')
          .where('id', '=', id)
          .where('created_at', '=', created)
          .where('owner', '=', owner)
          .executeTakeFirst();
        return row === undefined ? 'not-committed' : 'committed';
      } catch {
        // asked again below
      }
    }
    return 'unknown';
  }

  async #createJobTransaction(
    job: NewAuditJob,
    shards: (add: (shard: ShardInput) => Promise<void>) => Promise<JobTotals>,
    /** Told when everything but the commit is done: the job as it will read once committed. */
    beforeCommit: (stored: AuditJob, created: string) => void,
  ): Promise<AuditJob> {
    return this.#writeTransaction(this.#db, async (trx) => {
      const created = now();
      // First, so a second delivery ending the same fetch waits on its row here, then finds it ended.
      if (job.endsFetch !== undefined) await endFetch(trx, job.endsFetch, created);
      const stagedAuditId = await this.#staging.reserveAuditId(trx);
      const { id } = await trx
        .insertInto('audit_jobs')
        .values({
          created_at: created,
          updated_at: created,
          owner: job.owner,
          state: 'queued',
          input_name: job.inputName,
          format: job.format,
          notes: JSON.stringify(job.notes),
          model: '',
          options: JSON.stringify(job.options),
          records: 0,
          followers: 0,
          shard_count: 0,
          staged_audit_id: stagedAuditId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      let shard = 0;
      const totals = await shards(async (input) => {
        await trx
          .insertInto('audit_job_shards')
          .values({
            job_id: id,
            shard: shard++,
            first_position: input.firstPosition,
            records: input.records,
            input: input.input,
          })
          .execute();
      });
      await trx
        .updateTable('audit_jobs')
        .set({
          records: totals.records,
          followers: totals.followers,
          model: totals.model,
          shard_count: shard,
        })
        .where('id', '=', id)
        .execute();
      if (job.endsFetch !== undefined) {
        await trx
          .updateTable('fetch_jobs')
          .set({ audit_job_id: id })
          .where('id', '=', job.endsFetch.fetchJobId)
          .execute();
        faultPoint('fetch-job:ended-audit-uncommitted');
      }
      const at = readTime(created);
      const stored: AuditJob = {
        id,
        createdAt: at,
        updatedAt: at,
        owner: job.owner,
        state: 'queued',
        inputName: job.inputName,
        format: job.format,
        notes: [...job.notes],
        model: totals.model,
        options: job.options,
        records: totals.records,
        followers: totals.followers,
        shardCount: shard,
        shardsDone: 0,
        scored: 0,
        auditId: null,
        stagedAuditId,
        error: null,
      };
      beforeCommit(stored, created);
      return stored;
    });
  }

  async getJob(id: number): Promise<AuditJob | undefined> {
    const row = await this.#select().where('audit_jobs.id', '=', id).executeTakeFirst();
    return row && toJob(row);
  }

  async listJobs(options: {
    states?: readonly AuditJobState[];
    owner?: string;
    limit: number;
  }): Promise<AuditJob[]> {
    let query = this.#select();
    if (options.states) query = query.where('state', 'in', [...options.states]);
    if (options.owner !== undefined) query = query.where('owner', '=', options.owner);
    const rows = await query.orderBy('audit_jobs.id', 'desc').limit(options.limit).execute();
    return rows.map(toJob);
  }

  async countOpenJobs(owner: string): Promise<number> {
    const row = await this.#db
      .selectFrom('audit_jobs')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where('owner', '=', owner)
      .where('state', 'in', [...OPEN_JOB_STATES])
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async shardInput(jobId: number, shard: number): Promise<ShardInput | undefined> {
    const row = await this.#db
      .selectFrom('audit_job_shards')
      .select(['first_position', 'records', 'input'])
      .where('job_id', '=', jobId)
      .where('shard', '=', shard)
      .executeTakeFirst();
    return row && { firstPosition: readCount(row.first_position), records: row.records, input: row.input };
  }

  async startShard(jobId: number, shard: number): Promise<number> {
    const row = await this.#db
      .updateTable('audit_job_shards')
      .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
      .where('job_id', '=', jobId)
      .where('shard', '=', shard)
      .returning('attempts')
      .executeTakeFirst();
    return row?.attempts ?? 0;
  }

  async saveShardResult(
    jobId: number,
    shard: number,
    result: { partial: string; scored: number; followers: readonly PositionedFollower[] },
  ): Promise<boolean> {
    const job = await this.#db
      .selectFrom('audit_jobs')
      .select('staged_audit_id')
      .where('id', '=', jobId)
      .executeTakeFirst();
    const auditId = job?.staged_audit_id;
    if (auditId === undefined || auditId === null) return false;
    // Rows made (and checked) before the transaction: it holds the write lock for the writes alone.
    const rows = result.followers.map(({ position, follower }) => followerRow(auditId, position, follower));
    return this.#writeTransaction(this.#db, async (trx) => {
      const open = await trx
        .selectFrom('audit_jobs')
        .select('id')
        .where('id', '=', jobId)
        .where('state', 'in', [...OPEN_JOB_STATES])
        .$if(this.#staging.lockJobRow, (query) => query.forShare())
        .executeTakeFirst();
      if (open === undefined) return false;
      const updated = await trx
        .updateTable('audit_job_shards')
        .set({ partial: result.partial, scored: result.scored, finished_at: now() })
        .where('job_id', '=', jobId)
        .where('shard', '=', shard)
        .where('partial', 'is', null)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) return false;
      await writeFollowerRows(this.#staging.rows, trx, rows);
      return true;
    });
  }

  async unfinishedShards(jobId: number): Promise<number[]> {
    const rows = await this.#db
      .selectFrom('audit_job_shards')
      .select('shard')
      .where('job_id', '=', jobId)
      .where('partial', 'is', null)
      .orderBy('shard')
      .execute();
    return rows.map((row) => row.shard);
  }

  async *shardResults(jobId: number): AsyncGenerator<ShardResult> {
    const { count } = await this.#reader
      .selectFrom('audit_job_shards')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where('job_id', '=', jobId)
      .executeTakeFirstOrThrow();
    for (let shard = 0; shard < Number(count); shard++) {
      const row = await this.#reader
        .selectFrom('audit_job_shards')
        .select('partial')
        .where('job_id', '=', jobId)
        .where('shard', '=', shard)
        .executeTakeFirst();
      if (!row || row.partial === null)
        throw new Error(`audit job ${jobId}: shard ${shard} has no result yet`);
      yield { shard, partial: row.partial };
    }
  }

  async setJobState(
    id: number,
    state: AuditJobState,
    from: readonly AuditJobState[],
    fields: { auditId?: number; error?: string; notes?: readonly string[] } = {},
  ): Promise<boolean> {
    const updated = await this.#db
      .updateTable('audit_jobs')
      .set({
        state,
        updated_at: now(),
        ...(fields.auditId === undefined ? {} : { audit_id: fields.auditId }),
        ...(fields.error === undefined ? {} : { error: fields.error }),
        ...(fields.notes === undefined ? {} : { notes: JSON.stringify(fields.notes) }),
      })
      .where('id', '=', id)
      .where('state', 'in', [...from])
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) === 1;
  }

  async releaseShardData(jobId: number): Promise<void> {
    await this.#db
      .updateTable('audit_job_shards')
      .set({ input: Buffer.alloc(0) })
      .where('job_id', '=', jobId)
      .execute();
  }

  async dropStagedFollowers(jobId: number): Promise<void> {
    await this.#writeTransaction(this.#db, (trx) => dropStaged(trx, jobId));
  }

  async deleteJob(id: number): Promise<boolean> {
    return this.#writeTransaction(this.#db, async (trx) => {
      await dropStaged(trx, id);
      await trx.deleteFrom('audit_job_shards').where('job_id', '=', id).execute();
      const deleted = await trx.deleteFrom('audit_jobs').where('id', '=', id).executeTakeFirst();
      return Number(deleted.numDeletedRows) === 1;
    });
  }

  #select() {
    return this.#db
      .selectFrom('audit_jobs')
      .selectAll('audit_jobs')
      .select((eb) => [
        eb
          .selectFrom('audit_job_shards')
          .select((inner) => inner.fn.count<number | string>('partial').as('n'))
          .whereRef('audit_job_shards.job_id', '=', 'audit_jobs.id')
          .as('shards_done'),
        eb
          .selectFrom('audit_job_shards')
          .select((inner) => inner.fn.sum<number | string | null>('scored').as('n'))
          .whereRef('audit_job_shards.job_id', '=', 'audit_jobs.id')
          .as('scored'),
      ]);
  }
}

/** Moves the fetch to `done` in the audit job's transaction; throws when it is no longer open. */
async function endFetch(
  trx: Kysely<Database>,
  fetch: { fetchJobId: number; incompleteBecause?: 'max' },
  at: string,
): Promise<void> {
  const ended = await trx
    .updateTable('fetch_jobs')
    .set({ state: 'done', updated_at: at, incomplete_because: fetch.incompleteBecause ?? null })
    .where('id', '=', fetch.fetchJobId)
    .where('state', 'in', [...OPEN_FETCH_STATES])
    .executeTakeFirst();
  if (Number(ended.numUpdatedRows) !== 1) throw new FetchAlreadyEndedError(fetch.fetchJobId);
}

/**
 * Inside the transaction that saves a job's audit: moves the open job to `done` with that audit (`closed`), or says
 * why not — closed with this audit before (`saved-before`: a merge retried) or cancelled or failed (`not-open`).
 */
export async function closeJobWithAudit(
  trx: Kysely<Database>,
  job: { jobId: number; auditId: number; notes: readonly string[] },
): Promise<'closed' | 'saved-before' | 'not-open'> {
  const updated = await trx
    .updateTable('audit_jobs')
    .set({ state: 'done', updated_at: now(), audit_id: job.auditId, notes: JSON.stringify(job.notes) })
    .where('id', '=', job.jobId)
    .where('state', 'in', [...OPEN_JOB_STATES])
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 1) return 'closed';
  const row = await trx
    .selectFrom('audit_jobs')
    .select(['state', 'audit_id'])
    .where('id', '=', job.jobId)
    .executeTakeFirst();
  return row?.state === 'done' && Number(row.audit_id) === job.auditId ? 'saved-before' : 'not-open';
}

/** Deletes the followers' rows staged under the job's reserved audit id when no audit was saved with it. */
async function dropStaged(trx: Kysely<Database>, jobId: number): Promise<void> {
  const job = await trx
    .selectFrom('audit_jobs')
    .select('staged_audit_id')
    .where('id', '=', jobId)
    .executeTakeFirst();
  const auditId = job?.staged_audit_id;
  if (auditId === undefined || auditId === null) return;
  const saved = await trx.selectFrom('audits').select('id').where('id', '=', auditId).executeTakeFirst();
  if (saved === undefined) await trx.deleteFrom('audit_followers').where('audit_id', '=', auditId).execute();
}

type JobRow = Selectable<AuditJobsTable> & {
  shards_done: number | string | null;
  scored: number | string | null;
};

function toJob(row: JobRow): AuditJob {
  return {
    id: row.id,
    createdAt: readTime(row.created_at),
    updatedAt: readTime(row.updated_at),
    owner: row.owner,
    state: row.state as AuditJobState,
    inputName: row.input_name,
    format: row.format,
    notes: JSON.parse(row.notes) as string[],
    model: row.model,
    options: JSON.parse(row.options) as unknown,
    records: readCount(row.records),
    followers: readCount(row.followers),
    shardCount: row.shard_count,
    shardsDone: Number(row.shards_done ?? 0),
    scored: Number(row.scored ?? 0),
    auditId: row.audit_id,
    stagedAuditId: row.staged_audit_id,
    error: row.error,
  };
}
