// The Store over Kysely: every query, the same for SQLite and PostgreSQL, given the database and its bulk row writer.
import { type Kysely, type Selectable, sql } from 'kysely';
import {
  AUDIENCE_TYPES,
  type AudienceType,
  type AuditReport,
  auditReportSchema,
  type FollowerResult,
} from '../audit/report-schema.ts';
import type { Platform } from '../core/account.ts';
import { InputError } from '../core/errors.ts';
import { faultPoint } from '../core/fault-injection.ts';
import type { FollowerCountSnapshot } from '../core/snapshot.ts';
import { generateSessionSecret, generateToken, hashesEqual, hashToken } from './api-token.ts';
import type { AuditFollowersTable, Database } from './database.ts';
import type { ReserveAuditId } from './dialects/reserve-audit-id.ts';
import {
  type AuditJobStore,
  closeJobWithAudit,
  KyselyAuditJobStore,
  type PositionedFollower,
} from './jobs/audit-job-store.ts';
import { type FetchJobStore, KyselyFetchJobStore } from './jobs/fetch-job-store.ts';
import { KyselyValueStore } from './kysely-value-store.ts';
import { decodeFollowerCursor, encodeFollowerCursor } from './rows/follower-cursor.ts';
import {
  describeIssues,
  type FollowerRow,
  type FollowerRowWriter,
  followerRow,
  readStoredFacts,
  writeFollowerRows,
} from './rows/follower-rows.ts';
import { storedJson, storedOptionalText, storedText } from './rows/stored-text.ts';
import type {
  ApiToken,
  AuditListOptions,
  AuditSummary,
  CreatedSession,
  CreatedToken,
  FollowerPage,
  FollowerPageOptions,
  FollowOrderRow,
  PositionedReasons,
  ProfileRef,
  SaveAuditOptions,
  Store,
  StoredAudit,
} from './store.ts';
import type { ValueStore } from './value-store.ts';

type Executor = Kysely<Database>;

/** Runs `work` in one write transaction: committed when it resolves, rolled back when it throws. */
export type WriteTransaction = <T>(
  db: Kysely<Database>,
  work: (trx: Kysely<Database>) => Promise<T>,
) => Promise<T>;

const plainTransaction: WriteTransaction = (db, work) => db.transaction().execute(work);

/** The text as a LIKE pattern that matches it literally (its wildcards escaped with a backslash, named in ESCAPE). */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/** SQLite returns stored times as ISO text, PostgreSQL as Dates. */
function readTime(value: Date | string): Date {
  return new Date(value);
}

function readOptionalTime(value: Date | string | null): Date | null {
  return value === null ? null : new Date(value);
}

function checkReport(report: AuditReport): AuditReport {
  const checked = auditReportSchema.safeParse(report);
  if (!checked.success) throw new InputError(`audit not saved: the report ${describeIssues(checked.error)}`);
  return checked.data;
}

/** A profile with neither platform id nor handle cannot be found again: the store keeps no row for it. */
function isKnowable(profile: ProfileRef): boolean {
  return profile.id !== null || profile.handle !== null;
}

/** The profile's row id, made when new. A profile first seen by handle alone gets its platform id when a later record brings both. */
async function ensureProfile(db: Executor, given: ProfileRef): Promise<number> {
  const profile = { ...given, id: storedOptionalText(given.id), handle: storedOptionalText(given.handle) };
  if (profile.id !== null) {
    const known = await db
      .selectFrom('profiles')
      .select(['id', 'handle'])
      .where('platform', '=', profile.platform)
      .where('platform_id', '=', profile.id)
      .executeTakeFirst();
    if (known !== undefined) {
      if (profile.handle !== null && profile.handle !== known.handle)
        await db.updateTable('profiles').set({ handle: profile.handle }).where('id', '=', known.id).execute();
      return known.id;
    }
  }
  if (profile.handle !== null) {
    const byHandle = await db
      .selectFrom('profiles')
      .select('id')
      .where('platform', '=', profile.platform)
      .where('handle', '=', profile.handle)
      .where('platform_id', 'is', null)
      .executeTakeFirst();
    if (byHandle !== undefined) {
      if (profile.id !== null)
        await db
          .updateTable('profiles')
          .set({ platform_id: profile.id })
          .where('id', '=', byHandle.id)
          .execute();
      return byHandle.id;
    }
  }
  // A concurrent writer may have made the same profile since the lookup: then its row is taken over.
  const inserted = await db
    .insertInto('profiles')
    .values({ platform: profile.platform, platform_id: profile.id, handle: profile.handle })
    .onConflict((conflict) =>
      conflict
        .columns(['platform', 'platform_id'])
        .doUpdateSet((eb) => ({ handle: eb.fn.coalesce('excluded.handle', 'profiles.handle') })),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

/** A follower count at one time, from one source; the same again is kept once. */
async function insertSnapshot(db: Executor, snapshot: FollowerCountSnapshot): Promise<void> {
  const profileId = await ensureProfile(db, {
    platform: snapshot.platform,
    id: snapshot.profileId,
    handle: snapshot.handle ?? null,
  });
  await db
    .insertInto('follower_count_snapshots')
    .values({
      profile_id: profileId,
      observed_at: snapshot.observedAt.toISOString(),
      followers_count: snapshot.followersCount,
      following_count: snapshot.followingCount ?? null,
      posts_count: snapshot.postsCount ?? null,
      source: storedText(snapshot.source),
    })
    .onConflict((conflict) => conflict.columns(['profile_id', 'observed_at', 'source']).doNothing())
    .execute();
}

/** The audit's row (and its profile's, made when new); `id` when the audit's id was reserved before. */
async function insertAudit(trx: Executor, checked: AuditReport, id?: number): Promise<number> {
  const profile: ProfileRef | null = checked.profile && {
    platform: checked.profile.platform,
    id: checked.profile.id,
    handle: checked.profile.handle,
  };
  const profileId = profile !== null && isKnowable(profile) ? await ensureProfile(trx, profile) : null;
  const inserted = await trx
    .insertInto('audits')
    .values({
      ...(id === undefined ? {} : { id }),
      profile_id: profileId,
      created_at: new Date().toISOString(),
      model: storedText(checked.model.name),
      headline: storedText(checked.headline),
      followers_read: checked.followersRead,
      fake_share_estimate: checked.fakeShare.estimate,
      fake_share_low: checked.fakeShare.low,
      fake_share_high: checked.fakeShare.high,
      real_followers_estimate: checked.realFollowers.estimate,
      real_followers_low: checked.realFollowers.low,
      real_followers_high: checked.realFollowers.high,
      quality_score: checked.qualityScore.score,
      schema_version: checked.schemaVersion,
      report: storedJson(checked),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

/** A token's last use is recorded to the minute: a burst of API calls writes it once. */
const LAST_USED_RESOLUTION_MS = 60_000;

export interface KyselyStoreOptions {
  /** How an audit job reserves its audit's id (each dialect hands out ids its own way). */
  reserveAuditId: ReserveAuditId;
  /** A shard's save holds a share lock on its job row (PostgreSQL; SQLite's writes already run one at a time). */
  lockJobRow?: boolean;
  /** Serves every read that needs no write: on SQLite a second connection, which reads the last committed state while a long audit write holds the first one. */
  reader?: Kysely<Database>;
  /** How a write transaction is begun (SQLite takes its write lock first, waiting without blocking the process). */
  writeTransaction?: WriteTransaction;
  /**
   * Records a token's last use, best effort, never awaited by the request that used it: on SQLite a connection
   * that gives up at once when the file is locked rather than wait behind a long save.
   */
  touchToken?: (id: number, at: string) => Promise<unknown>;
  /** Closes what the options above hold besides the two connections. */
  closing?: () => Promise<void>;
}

export class KyselyStore implements Store {
  readonly #db: Kysely<Database>;
  readonly #reader: Kysely<Database>;
  readonly #followerRows: FollowerRowWriter;
  readonly value: ValueStore;
  readonly #writeTransaction: WriteTransaction;
  readonly #touchToken: (id: number, at: string) => Promise<unknown>;
  readonly #closing: () => Promise<void>;
  /** Last-use writes under way, awaited by close(). */
  readonly #touches = new Set<Promise<unknown>>();
  /** When this process last wrote each token's last use. */
  readonly #touchedAt = new Map<number, number>();
  readonly jobs: AuditJobStore;
  readonly fetchJobs: FetchJobStore;

  constructor(db: Kysely<Database>, followerRows: FollowerRowWriter, options: KyselyStoreOptions) {
    this.#db = db;
    this.#reader = options.reader ?? db;
    this.#followerRows = followerRows;
    this.value = new KyselyValueStore(db, ensureProfile, this.#reader);
    this.#writeTransaction = options.writeTransaction ?? plainTransaction;
    this.#closing = options.closing ?? (async () => undefined);
    this.#touchToken =
      options.touchToken ??
      ((id, at) =>
        db
          .updateTable('api_tokens')
          .set({ last_used_at: at })
          .where('id', '=', id)
          .where('revoked_at', 'is', null)
          .execute());
    this.jobs = new KyselyAuditJobStore(db, this.#reader, this.#writeTransaction, {
      rows: followerRows,
      reserveAuditId: options.reserveAuditId,
      lockJobRow: options.lockJobRow ?? false,
    });
    this.fetchJobs = new KyselyFetchJobStore(db, this.#reader, this.#writeTransaction);
  }

  async saveAudit(
    report: AuditReport,
    followers: AsyncIterable<FollowerResult> | Iterable<FollowerResult>,
    options: SaveAuditOptions = {},
  ): Promise<number> {
    const checked = checkReport(report);
    return this.#writeTransaction(this.#db, async (trx) => {
      const id = await insertAudit(trx, checked);
      let batch: FollowerRow[] = [];
      let position = 0;
      for await (const follower of followers) {
        batch.push(followerRow(id, position, follower));
        position += 1;
        if (batch.length === this.#followerRows.batchSize) {
          await this.#followerRows.write(trx, batch);
          batch = [];
        }
      }
      if (batch.length > 0) await this.#followerRows.write(trx, batch);
      faultPoint('save:after-followers');
      if (options.snapshot !== undefined) await insertSnapshot(trx, options.snapshot);
      return id;
    });
  }

  async saveJobAudit(
    job: { jobId: number; auditId: number; notes: readonly string[] },
    report: AuditReport,
    staged: { followers: readonly PositionedFollower[]; reasons: readonly PositionedReasons[] },
    options: SaveAuditOptions = {},
  ): Promise<'saved' | 'saved-before' | 'not-open'> {
    const checked = checkReport(report);
    const { auditId } = job;
    const rows = staged.followers.map(({ position, follower }) => followerRow(auditId, position, follower));
    return this.#writeTransaction(this.#db, async (trx) => {
      // First, so the job's row is locked until the commit: a cancel waits for it, then finds the job done.
      const closed = await closeJobWithAudit(trx, job);
      if (closed !== 'closed') return closed;
      await insertAudit(trx, checked, auditId);
      await writeFollowerRows(this.#followerRows, trx, rows);
      // As a one-pass save gives them: the explained followers' reasons where scoring left none.
      for (const { position, reasons } of staged.reasons)
        await trx
          .updateTable('audit_followers')
          .set({ reasons: storedJson(reasons) })
          .where('audit_id', '=', auditId)
          .where('position', '=', position)
          .where('reasons', '=', storedJson([]))
          .execute();
      faultPoint('save:after-followers');
      if (options.snapshot !== undefined) await insertSnapshot(trx, options.snapshot);
      return 'saved';
    });
  }

  #selectAudits() {
    return this.#reader
      .selectFrom('audits')
      .leftJoin('profiles', 'profiles.id', 'audits.profile_id')
      .select([
        'audits.id',
        'audits.created_at',
        'audits.model',
        'audits.headline',
        'audits.followers_read',
        'audits.fake_share_estimate',
        'audits.fake_share_low',
        'audits.fake_share_high',
        'audits.real_followers_estimate',
        'audits.real_followers_low',
        'audits.real_followers_high',
        'audits.quality_score',
        'profiles.platform',
        'profiles.platform_id',
        'profiles.handle',
      ]);
  }

  async getAudit(id: number): Promise<StoredAudit | undefined> {
    const row = await this.#selectAudits()
      .select('audits.report')
      .where('audits.id', '=', id)
      .executeTakeFirst();
    if (row === undefined) return undefined;
    return { ...auditSummary(row), report: auditReportSchema.parse(JSON.parse(row.report)) };
  }

  async listAudits(options: AuditListOptions): Promise<AuditSummary[]> {
    let query = this.#selectAudits()
      .orderBy('audits.created_at', 'desc')
      .orderBy('audits.id', 'desc')
      .limit(options.limit)
      .offset(options.offset ?? 0);
    const { profile } = options;
    if (profile !== undefined) {
      query = query.where('profiles.platform', '=', profile.platform);
      if (profile.id !== undefined) query = query.where('profiles.platform_id', '=', storedText(profile.id));
      else if (profile.handle !== undefined)
        query = query.where('profiles.handle', '=', storedText(profile.handle));
    }
    return (await query.execute()).map(auditSummary);
  }

  async pageFollowers(auditId: number, options: FollowerPageOptions): Promise<FollowerPage | undefined> {
    const audit = await this.#reader
      .selectFrom('audits')
      .select('id')
      .where('id', '=', auditId)
      .executeTakeFirst();
    if (audit === undefined) return undefined;
    const direction = options.sort === 'pFake desc' ? 'desc' : 'asc';
    const offset = options.offset ?? 0;
    /** The audit's followers of one type (or of any) that pass the filters, in page order. */
    const matching = (type: AudienceType | undefined) => {
      let query = this.#reader
        .selectFrom('audit_followers')
        .selectAll()
        .where('audit_id', '=', auditId)
        .orderBy('p_fake', direction)
        .orderBy('position', direction);
      if (type !== undefined) query = query.where('type', '=', type);
      if (options.minPFake !== undefined) query = query.where('p_fake', '>=', options.minPFake);
      if (options.maxPFake !== undefined) query = query.where('p_fake', '<=', options.maxPFake);
      if (options.reason !== undefined && options.reason !== '')
        query = query.where(
          sql<boolean>`lower(reasons) like ${`%${escapeLike(options.reason.toLowerCase())}%`} escape '\\'`,
        );
      if (options.cursor !== undefined) {
        const after = decodeFollowerCursor(options.cursor);
        query = query.where(({ eb, refTuple, tuple }) =>
          eb(
            refTuple('p_fake', 'position'),
            direction === 'desc' ? '<' : '>',
            tuple(after.pFake, after.position),
          ),
        );
      }
      return query;
    };
    let rows: Selectable<AuditFollowersTable>[];
    if (options.type !== undefined)
      rows = await matching(options.type)
        .limit(options.limit + 1)
        .offset(offset)
        .execute();
    else {
      // The only index in p(fake) order starts with the type (migration 0020): a page of every type is the first
      // rows of each type's run of that index, merged. Each type gives at most the rows the page could need.
      const [first, ...others] = AUDIENCE_TYPES.map((type, i) =>
        this.#reader
          .selectFrom(
            matching(type)
              .limit(offset + options.limit + 1)
              .as(`t${i}`),
          )
          .selectAll(),
      );
      const merged = others.reduce((union, next) => union.unionAll(next), first as NonNullable<typeof first>);
      rows = await this.#reader
        .selectFrom(merged.as('merged'))
        .selectAll()
        .orderBy('p_fake', direction)
        .orderBy('position', direction)
        .limit(options.limit + 1)
        .offset(offset)
        .execute();
    }
    const page = rows.slice(0, options.limit);
    const last = page.at(-1);
    return {
      followers: page.map((row) => ({
        id: row.follower_id,
        handle: row.handle,
        platform: row.platform,
        pFake: row.p_fake,
        type: row.type,
        unlikeTraining: row.unlike_training === 1,
        reasons: JSON.parse(row.reasons) as string[],
        source: row.source,
        label: row.label,
        ...(row.created_at === null ? {} : { createdAt: row.created_at }),
        ...(row.facts === null ? {} : { facts: readStoredFacts(row.facts) }),
      })),
      nextCursor:
        rows.length > options.limit && last !== undefined
          ? encodeFollowerCursor({ pFake: last.p_fake, position: last.position })
          : null,
    };
  }

  async deleteAudit(id: number): Promise<boolean> {
    return this.#writeTransaction(this.#db, async (trx) => {
      await trx.deleteFrom('audit_followers').where('audit_id', '=', id).execute();
      const deleted = await trx.deleteFrom('audits').where('id', '=', id).executeTakeFirst();
      return deleted.numDeletedRows > 0n;
    });
  }

  async listFollowOrder(auditId: number, limit: number): Promise<FollowOrderRow[] | undefined> {
    const audit = await this.#reader
      .selectFrom('audits')
      .select('id')
      .where('id', '=', auditId)
      .executeTakeFirst();
    if (audit === undefined) return undefined;
    const rows = await this.#reader
      .selectFrom('audit_followers')
      .select(['position', 'follower_id', 'handle', 'type', 'p_fake', 'created_at'])
      .where('audit_id', '=', auditId)
      .orderBy('position')
      .limit(limit)
      .execute();
    return rows.map((row) => ({
      position: row.position,
      id: row.follower_id,
      handle: row.handle,
      type: row.type,
      pFake: row.p_fake,
      createdAt: row.created_at,
    }));
  }

  async addSnapshot(snapshot: FollowerCountSnapshot): Promise<void> {
    await this.#writeTransaction(this.#db, (trx) => insertSnapshot(trx, snapshot));
  }

  async listSnapshots(platform: Platform, profileId: string): Promise<FollowerCountSnapshot[]> {
    const rows = await this.#reader
      .selectFrom('follower_count_snapshots')
      .innerJoin('profiles', 'profiles.id', 'follower_count_snapshots.profile_id')
      .select([
        'profiles.handle',
        'follower_count_snapshots.observed_at',
        'follower_count_snapshots.followers_count',
        'follower_count_snapshots.following_count',
        'follower_count_snapshots.posts_count',
        'follower_count_snapshots.source',
      ])
      .where('profiles.platform', '=', platform)
      .where('profiles.platform_id', '=', storedText(profileId))
      .orderBy('follower_count_snapshots.observed_at')
      .orderBy('follower_count_snapshots.id')
      .execute();
    return rows.map((row) => ({
      platform,
      profileId,
      ...(row.handle === null ? {} : { handle: row.handle }),
      observedAt: readTime(row.observed_at),
      followersCount: row.followers_count,
      ...(row.following_count === null ? {} : { followingCount: row.following_count }),
      ...(row.posts_count === null ? {} : { postsCount: row.posts_count }),
      source: row.source,
    }));
  }

  async listProfiles(): Promise<ProfileRef[]> {
    const rows = await this.#reader
      .selectFrom('profiles')
      .select(['platform', 'platform_id', 'handle'])
      .orderBy('platform')
      .orderBy('id')
      .execute();
    return rows.map((row) => ({ platform: row.platform, id: row.platform_id, handle: row.handle }));
  }

  async createToken(name: string): Promise<CreatedToken> {
    const token = generateToken();
    const { id } = await this.#db
      .insertInto('api_tokens')
      .values({ name: storedText(name), token_hash: hashToken(token), created_at: new Date().toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id, name, token };
  }

  /**
   * Compares the token's hash with every live token's hash, all the way through, so the time taken does not
   * depend on which hash matched or where hashes differ. Tokens are few (the people and tools of one team).
   */
  async verifyToken(token: string): Promise<ApiToken | undefined> {
    const hash = hashToken(token);
    const live = await this.#reader
      .selectFrom('api_tokens')
      .select(['id', 'token_hash', 'name', 'created_at', 'last_used_at', 'revoked_at'])
      .where('revoked_at', 'is', null)
      .execute();
    let match: (typeof live)[number] | undefined;
    for (const row of live) if (hashesEqual(row.token_hash, hash)) match = row;
    if (match === undefined) return undefined;
    const now = new Date();
    const lastUsed = readOptionalTime(match.last_used_at);
    if (lastUsed !== null && now.getTime() - lastUsed.getTime() < LAST_USED_RESOLUTION_MS)
      return apiToken(match);
    this.#recordUse(match.id, now);
    return { ...apiToken(match), lastUsedAt: now };
  }

  /**
   * The read path never waits for a write: the last use is written in the background, at most once a minute per
   * token, and dropped when the database is busy (the next use a minute later writes it).
   */
  #recordUse(id: number, at: Date): void {
    const before = this.#touchedAt.get(id);
    if (before !== undefined && at.getTime() - before < LAST_USED_RESOLUTION_MS) return;
    this.#touchedAt.set(id, at.getTime());
    const touch = this.#touchToken(id, at.toISOString()).catch(() => undefined);
    this.#touches.add(touch);
    void touch.finally(() => this.#touches.delete(touch));
  }

  async listTokens(): Promise<ApiToken[]> {
    const rows = await this.#reader
      .selectFrom('api_tokens')
      .select(['id', 'name', 'created_at', 'last_used_at', 'revoked_at'])
      .orderBy('id')
      .execute();
    return rows.map(apiToken);
  }

  async revokeToken(id: number): Promise<boolean> {
    const result = await this.#db
      .updateTable('api_tokens')
      .set({ revoked_at: new Date().toISOString() })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async createSession(tokenId: number, lifetimeMs: number): Promise<CreatedSession> {
    const secret = generateSessionSecret();
    const now = new Date();
    const expiresAt = new Date(now.getTime() + lifetimeMs);
    await this.#writeTransaction(this.#db, async (trx) => {
      await trx.deleteFrom('dashboard_sessions').where('expires_at', '<=', now.toISOString()).execute();
      await trx
        .insertInto('dashboard_sessions')
        .values({
          secret_hash: hashToken(secret),
          token_id: tokenId,
          created_at: now.toISOString(),
          expires_at: expiresAt.toISOString(),
        })
        .execute();
    });
    return { secret, expiresAt };
  }

  async verifySession(secret: string): Promise<ApiToken | undefined> {
    const row = await this.#reader
      .selectFrom('dashboard_sessions')
      .innerJoin('api_tokens', 'api_tokens.id', 'dashboard_sessions.token_id')
      .select([
        'api_tokens.id',
        'api_tokens.name',
        'api_tokens.created_at',
        'api_tokens.last_used_at',
        'api_tokens.revoked_at',
      ])
      .where('dashboard_sessions.secret_hash', '=', hashToken(secret))
      .where('dashboard_sessions.expires_at', '>', new Date().toISOString())
      .where('api_tokens.revoked_at', 'is', null)
      .executeTakeFirst();
    return row === undefined ? undefined : apiToken(row);
  }

  async endSession(secret: string): Promise<void> {
    await this.#writeTransaction(this.#db, (trx) =>
      trx
        .deleteFrom('dashboard_sessions')
        .where((eb) =>
          eb.or([
            eb('secret_hash', '=', hashToken(secret)),
            eb('expires_at', '<=', new Date().toISOString()),
          ]),
        )
        .execute(),
    );
  }

  async close(): Promise<void> {
    await Promise.all(this.#touches);
    await this.#closing();
    if (this.#reader !== this.#db) await this.#reader.destroy();
    await this.#db.destroy();
  }
}

interface AuditRow {
  id: number;
  created_at: Date | string;
  model: string;
  headline: string;
  followers_read: number;
  fake_share_estimate: number;
  fake_share_low: number;
  fake_share_high: number;
  real_followers_estimate: number;
  real_followers_low: number;
  real_followers_high: number;
  quality_score: number;
  platform: Platform | null;
  platform_id: string | null;
  handle: string | null;
}

function auditSummary(row: AuditRow): AuditSummary {
  return {
    id: row.id,
    createdAt: readTime(row.created_at),
    profile:
      row.platform === null ? null : { platform: row.platform, id: row.platform_id, handle: row.handle },
    model: row.model,
    headline: row.headline,
    followersRead: row.followers_read,
    fakeShare: { estimate: row.fake_share_estimate, low: row.fake_share_low, high: row.fake_share_high },
    realFollowers: {
      estimate: row.real_followers_estimate,
      low: row.real_followers_low,
      high: row.real_followers_high,
    },
    qualityScore: row.quality_score,
  };
}

interface ApiTokenRow {
  id: number;
  name: string;
  created_at: Date | string;
  last_used_at: Date | string | null;
  revoked_at: Date | string | null;
}

function apiToken(row: ApiTokenRow): ApiToken {
  return {
    id: row.id,
    name: row.name,
    createdAt: readTime(row.created_at),
    lastUsedAt: readOptionalTime(row.last_used_at),
    revokedAt: readOptionalTime(row.revoked_at),
  };
}
