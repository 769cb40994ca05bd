// Keeps fetches submitted as jobs: the job row, and each page of followers saved in the same transaction that moves the job's cursor on — so a retried step can neither repeat a page nor skip one.
import { type Kysely, type Selectable, sql } from 'kysely';
import type { Database, FetchJobsTable } from '../database.ts';

type WriteTransaction = <T>(db: Kysely<Database>, work: (trx: Kysely<Database>) => Promise<T>) => Promise<T>;

export const FETCH_JOB_STATES = ['queued', 'running', 'done', 'failed', 'cancelled'] as const;
export type FetchJobState = (typeof FETCH_JOB_STATES)[number];
/** States in which a fetch still has pages to read (they count against its owner's cap). */
export const OPEN_FETCH_STATES: readonly FetchJobState[] = ['queued', 'running'];
/** States of a fetch (or of its audit job) that will not change again. */
const ENDED_STATES = ['done', 'failed', 'cancelled'];

/** What dropping consumed fetches' pages freed. */
export interface DroppedPages {
  fetches: number;
  pages: number;
  followers: number;
  /** The gzipped pages' size. */
  bytes: number;
}

/** The fetch to chain an audit to had already ended (another delivery ended it, or it was cancelled): no audit is made. */
export class FetchAlreadyEndedError extends Error {
  constructor(readonly fetchJobId: number) {
    super(`fetch job ${fetchJobId} has already ended`);
  }
}

export interface NewFetchJob {
  owner: string;
  /** The profile as the user named it: `@alice@mastodon.social`, `bsky:alice.bsky.social`, `x:alice`. */
  profileRef: string;
  platform: string;
  baseUrl?: string;
  max?: number;
  rateLimit?: { requests: number; windowMs: number };
  /** Queue an audit of the followers with these options once the fetch ends. */
  auditOptions?: unknown;
}

export interface FetchJob {
  id: number;
  createdAt: Date;
  updatedAt: Date;
  owner: string;
  state: FetchJobState;
  profileRef: string;
  platform: string;
  baseUrl: string | undefined;
  max: number | undefined;
  rateLimit: { requests: number; windowMs: number } | undefined;
  auditOptions: unknown;
  /** The profile (a realreach record) and its follower-count snapshot, once looked up. */
  profile: Record<string, unknown> | undefined;
  snapshot: unknown;
  /** Where the next page starts; undefined before the first page and after the last. */
  next: string | undefined;
  pagesDone: number;
  /** The platform listed its last page. */
  listEnded: boolean;
  followersFetched: number;
  followersWithheld: number;
  followersRejected: number;
  incompleteBecause: 'max' | 'network-hidden' | undefined;
  auditJobId: number | null;
  error: string | null;
  /** When its saved pages were dropped (its followers consumed, the retention window over), and their size. */
  pagesDroppedAt: Date | undefined;
  pageBytesDropped: number;
}

export interface FetchedPage {
  /** The followers kept, gzipped realreach JSON lines. */
  followers: Buffer;
  count: number;
  withheld: number;
  /** The listed accounts that could not be read, as messages naming page, index and field. */
  rejected: readonly string[];
  next: string | undefined;
}

export interface FetchJobStore {
  createFetchJob(job: NewFetchJob): Promise<number>;
  getFetchJob(id: number): Promise<FetchJob | undefined>;
  /** Newest first. */
  listFetchJobs(options: {
    states?: readonly FetchJobState[];
    owner?: string;
    limit: number;
  }): Promise<FetchJob[]>;
  countOpenFetchJobs(owner: string): Promise<number>;
  /** Records the looked-up profile once: false when another delivery recorded it first. */
  setFetchProfile(id: number, profile: Record<string, unknown>, snapshot: unknown): Promise<boolean>;
  /**
   * Saves page number `page` and moves the job's cursor past it, in one transaction — only if the job is open and
   * has exactly `page` pages: false otherwise (another delivery saved it, or the job ended), and nothing is written.
   */
  saveFetchPage(id: number, page: number, fetched: FetchedPage, listEnded: boolean): Promise<boolean>;
  /** Every page's followers, in page order, one page at a time. */
  fetchPages(id: number): AsyncGenerator<{ page: number; followers: Buffer; rejected: string[] }>;
  /** Moves a fetch to `state` if it is in one of `from`; false when it was not. */
  setFetchJobState(
    id: number,
    state: FetchJobState,
    from: readonly FetchJobState[],
    fields?: { error?: string; incompleteBecause?: 'max' | 'network-hidden'; auditJobId?: number },
  ): Promise<boolean>;
  /**
   * Drops the saved pages of up to `limit` fetches whose followers are consumed — the fetch ended (done, failed or
   * cancelled) and so did its audit job, if it has one — and last changed before `before`; each keeps its row,
   * counts and profile, with when its pages went and their size.
   */
  dropConsumedPages(before: Date, limit: number): Promise<DroppedPages>;
  deleteFetchJob(id: number): Promise<boolean>;
}

const now = () => new Date().toISOString();
const readCount = (value: number | string) => Number(value);

export class KyselyFetchJobStore implements FetchJobStore {
  readonly #db: Kysely<Database>;
  readonly #reader: Kysely<Database>;
  readonly #writeTransaction: WriteTransaction;

  /**
   * `reader` reads pages while a transaction on `db` writes what they make (a chained audit job's shards; on
   * SQLite, another connection).
   */
  constructor(db: Kysely<Database>, reader: Kysely<Database>, writeTransaction: WriteTransaction) {
    this.#db = db;
    this.#reader = reader;
    this.#writeTransaction = writeTransaction;
  }

  async createFetchJob(job: NewFetchJob): Promise<number> {
    const created = now();
    const { id } = await this.#db
      .insertInto('fetch_jobs')
      .values({
        created_at: created,
        updated_at: created,
        owner: job.owner,
        state: 'queued',
        profile_ref: job.profileRef,
        platform: job.platform,
        base_url: job.baseUrl ?? null,
        max: job.max ?? null,
        rate_limit: job.rateLimit === undefined ? null : JSON.stringify(job.rateLimit),
        audit_options: job.auditOptions === undefined ? null : JSON.stringify(job.auditOptions),
        profile: null,
        snapshot: null,
        next_cursor: null,
        incomplete_because: null,
        audit_job_id: null,
        error: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  }

  async getFetchJob(id: number): Promise<FetchJob | undefined> {
    const row = await this.#db.selectFrom('fetch_jobs').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toFetchJob(row);
  }

  async listFetchJobs(options: {
    states?: readonly FetchJobState[];
    owner?: string;
    limit: number;
  }): Promise<FetchJob[]> {
    let query = this.#db.selectFrom('fetch_jobs').selectAll();
    if (options.states) query = query.where('state', 'in', [...options.states]);
    if (options.owner !== undefined) query = query.where('owner', '=', options.owner);
    const rows = await query.orderBy('id', 'desc').limit(options.limit).execute();
    return rows.map(toFetchJob);
  }

  async countOpenFetchJobs(owner: string): Promise<number> {
    const row = await this.#db
      .selectFrom('fetch_jobs')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where('owner', '=', owner)
      .where('state', 'in', [...OPEN_FETCH_STATES])
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async setFetchProfile(id: number, profile: Record<string, unknown>, snapshot: unknown): Promise<boolean> {
    const updated = await this.#db
      .updateTable('fetch_jobs')
      .set({ profile: JSON.stringify(profile), snapshot: JSON.stringify(snapshot), updated_at: now() })
      .where('id', '=', id)
      .where('profile', 'is', null)
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) === 1;
  }

  async saveFetchPage(id: number, page: number, fetched: FetchedPage, listEnded: boolean): Promise<boolean> {
    return this.#writeTransaction(this.#db, async (trx) => {
      // The row lock this takes makes a second delivery of the same step wait, then find the cursor moved on.
      const moved = await trx
        .updateTable('fetch_jobs')
        .set({
          pages_done: page + 1,
          next_cursor: fetched.next ?? null,
          list_ended: listEnded ? 1 : 0,
          followers_fetched: sql<number>`followers_fetched + ${fetched.count}`,
          followers_withheld: sql<number>`followers_withheld + ${fetched.withheld}`,
          followers_rejected: sql<number>`followers_rejected + ${fetched.rejected.length}`,
          updated_at: now(),
        })
        .where('id', '=', id)
        .where('pages_done', '=', page)
        .where('state', 'in', [...OPEN_FETCH_STATES])
        .executeTakeFirst();
      if (Number(moved.numUpdatedRows) !== 1) return false;
      await trx
        .insertInto('fetch_job_pages')
        .values({
          job_id: id,
          page,
          followers: fetched.followers,
          count: fetched.count,
          rejected: JSON.stringify(fetched.rejected),
          fetched_at: now(),
        })
        .execute();
      return true;
    });
  }

  async *fetchPages(id: number): AsyncGenerator<{ page: number; followers: Buffer; rejected: string[] }> {
    for (let page = 0; ; page++) {
      const row = await this.#reader
        .selectFrom('fetch_job_pages')
        .select(['followers', 'rejected'])
        .where('job_id', '=', id)
        .where('page', '=', page)
        .executeTakeFirst();
      if (!row) return;
      yield { page, followers: row.followers, rejected: JSON.parse(row.rejected) as string[] };
    }
  }

  async setFetchJobState(
    id: number,
    state: FetchJobState,
    from: readonly FetchJobState[],
    fields: { error?: string; incompleteBecause?: 'max' | 'network-hidden'; auditJobId?: number } = {},
  ): Promise<boolean> {
    const updated = await this.#db
      .updateTable('fetch_jobs')
      .set({
        state,
        updated_at: now(),
        ...(fields.error === undefined ? {} : { error: fields.error }),
        ...(fields.incompleteBecause === undefined ? {} : { incomplete_because: fields.incompleteBecause }),
        ...(fields.auditJobId === undefined ? {} : { audit_job_id: fields.auditJobId }),
      })
      .where('id', '=', id)
      .where('state', 'in', [...from])
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) === 1;
  }

  async dropConsumedPages(before: Date, limit: number): Promise<DroppedPages> {
    const cutoff = before.toISOString();
    const candidates = await this.#db
      .selectFrom('fetch_jobs as f')
      .leftJoin('audit_jobs as a', 'a.id', 'f.audit_job_id')
      .select('f.id')
      .where('f.state', 'in', ENDED_STATES)
      .where('f.pages_dropped_at', 'is', null)
      .where((eb) =>
        eb.or([
          // no audit (or its job deleted): the fetch's own end
          eb.and([eb('a.id', 'is', null), eb('f.updated_at', '<', cutoff)]),
          // an audit: once its job has ended too
          eb.and([eb('a.state', 'in', ENDED_STATES), eb('a.updated_at', '<', cutoff)]),
        ]),
      )
      .orderBy('f.id')
      .limit(limit)
      .execute();
    const dropped: DroppedPages = { fetches: 0, pages: 0, followers: 0, bytes: 0 };
    for (const { id } of candidates) {
      const freed = await this.#writeTransaction(this.#db, async (trx) => {
        // Marked first: the row lock makes another worker's sweep wait, then find it dropped.
        const marked = await trx
          .updateTable('fetch_jobs')
          .set({ pages_dropped_at: now() })
          .where('id', '=', id)
          .where('pages_dropped_at', 'is', null)
          .executeTakeFirst();
        if (Number(marked.numUpdatedRows) !== 1) return undefined;
        const sizes = await trx
          .selectFrom('fetch_job_pages')
          .select((eb) => [
            eb.fn.countAll<number | string>().as('pages'),
            eb.fn.sum<number | string | null>('count').as('followers'),
            eb.fn.sum<number | string | null>(sql`length(followers)`).as('bytes'),
          ])
          .where('job_id', '=', id)
          .executeTakeFirstOrThrow();
        await trx.deleteFrom('fetch_job_pages').where('job_id', '=', id).execute();
        const bytes = Number(sizes.bytes ?? 0);
        await trx.updateTable('fetch_jobs').set({ page_bytes_dropped: bytes }).where('id', '=', id).execute();
        return { pages: Number(sizes.pages), followers: Number(sizes.followers ?? 0), bytes };
      });
      if (freed === undefined) continue;
      dropped.fetches++;
      dropped.pages += freed.pages;
      dropped.followers += freed.followers;
      dropped.bytes += freed.bytes;
    }
    return dropped;
  }

  async deleteFetchJob(id: number): Promise<boolean> {
    return this.#writeTransaction(this.#db, async (trx) => {
      await trx.deleteFrom('fetch_job_pages').where('job_id', '=', id).execute();
      const deleted = await trx.deleteFrom('fetch_jobs').where('id', '=', id).executeTakeFirst();
      return Number(deleted.numDeletedRows) === 1;
    });
  }
}

function toFetchJob(row: Selectable<FetchJobsTable>): FetchJob {
  return {
    id: row.id,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    owner: row.owner,
    state: row.state as FetchJobState,
    profileRef: row.profile_ref,
    platform: row.platform,
    baseUrl: row.base_url ?? undefined,
    max: row.max === null ? undefined : readCount(row.max),
    rateLimit: row.rate_limit === null ? undefined : JSON.parse(row.rate_limit),
    auditOptions: row.audit_options === null ? undefined : JSON.parse(row.audit_options),
    profile: row.profile === null ? undefined : JSON.parse(row.profile),
    snapshot: row.snapshot === null ? undefined : JSON.parse(row.snapshot),
    next: row.next_cursor ?? undefined,
    pagesDone: row.pages_done,
    listEnded: row.list_ended === 1,
    followersFetched: readCount(row.followers_fetched),
    followersWithheld: readCount(row.followers_withheld),
    followersRejected: readCount(row.followers_rejected),
    incompleteBecause: (row.incomplete_because ?? undefined) as FetchJob['incompleteBecause'],
    auditJobId: row.audit_job_id,
    error: row.error,
    pagesDroppedAt: row.pages_dropped_at === null ? undefined : new Date(row.pages_dropped_at),
    pageBytesDropped: readCount(row.page_bytes_dropped),
  };
}
