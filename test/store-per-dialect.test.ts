// The store's one test suite, run once per dialect: SQLite in a temporary file and the real local PostgreSQL, each test in a store of its own.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import crypto, { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { mock } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import BetterSqlite3 from 'better-sqlite3';
import { type Kysely, NO_MIGRATIONS, sql } from 'kysely';
import type { FollowerResult } from '../src/audit/report-schema.ts';
import { InputError } from '../src/core/errors.ts';
import type { Database, DialectName } from '../src/store/database.ts';
import { connectPostgres, openPostgresStore } from '../src/store/dialects/postgres.ts';
import { connectSqlite, openSqliteStore } from '../src/store/dialects/sqlite.ts';
import { isStoreUnavailable } from '../src/store/dialects/store-unavailable.ts';
import {
  syntheticFollower,
  syntheticFollowers,
  syntheticReport,
} from '../src/store/fixtures/synthetic-audit.ts';
import { migrateTo } from '../src/store/migrate.ts';
import { InvalidCursorError } from '../src/store/rows/follower-cursor.ts';
import type { FollowerPageOptions, FollowerSort, Store } from '../src/store/store.ts';
import { POSTGRES_URL, postgresSkip } from './postgres-under-test.ts';
import { after, describe, it } from './skippable-tests.ts';

const CRASH_WRITER = resolve(import.meta.dirname, 'store-crash-writer.ts');
const dir = mkdtempSync(join(tmpdir(), 'realreach-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** One store under test: reopenable, with a raw Kysely on its tables for what the Store API does not show. */
interface StoreUnderTest {
  open(): Promise<Store>;
  raw: Kysely<Database>;
  /** The PostgreSQL schema the store's tables are in. */
  schema?: string;
  /** What the crash writer is given to open the same store. */
  crashWriterTarget: object;
  /** Whether a writer holds an open transaction on the store right now. */
  writerMidTransaction(): Promise<boolean>;
  drop(): Promise<void>;
}

interface DialectUnderTest {
  name: DialectName;
  /** Why this dialect's tests skip (no server answers), or false. */
  skip: string | false;
  create(): StoreUnderTest;
}

const DIALECTS: DialectUnderTest[] = [
  {
    name: 'sqlite',
    skip: false,
    create() {
      const path = join(dir, `${randomBytes(6).toString('hex')}.db`);
      const raw = connectSqlite(path);
      return {
        open: () => openSqliteStore(path),
        raw,
        crashWriterTarget: { dialect: 'sqlite', path },
        async writerMidTransaction() {
          // A write from another connection finds the database locked while the writer's transaction is open.
          const probe = connectSqlite(path);
          try {
            await sql`pragma busy_timeout = 0`.execute(probe);
            await probe.deleteFrom('api_tokens').where('id', '=', -1).execute();
            return false;
          } catch (error) {
            return /database is locked/.test(String(error));
          } finally {
            await probe.destroy();
          }
        },
        async drop() {
          await raw.destroy();
        },
      };
    },
  },
  {
    name: 'postgres',
    skip: postgresSkip,
    create() {
      const schema = `realreach_test_${process.pid}_${randomBytes(4).toString('hex')}`;
      const raw = connectPostgres({ connectionString: POSTGRES_URL, schema });
      const crashWriterUrl = new URL(POSTGRES_URL);
      crashWriterUrl.searchParams.set('application_name', schema);
      return {
        open: () => openPostgresStore({ connectionString: POSTGRES_URL, schema }),
        raw,
        schema,
        crashWriterTarget: { dialect: 'postgres', connectionString: crashWriterUrl.href, schema },
        async writerMidTransaction() {
          const sessions = await raw
            .withTables<PgStatActivity>()
            .selectFrom('pg_catalog.pg_stat_activity')
            .select('state')
            .where('application_name', '=', schema)
            .execute();
          return sessions.some((session) => session.state === 'idle in transaction');
        },
        async drop() {
          await raw.schema.dropSchema(schema).ifExists().cascade().execute();
          await raw.destroy();
        },
      };
    },
  },
];

/** The sessions view, to see the crash writer's transaction from outside (a type alias: Kysely wants an index signature). */
type PgStatActivity = {
  'pg_catalog.pg_stat_activity': { application_name: string; state: string | null };
};

async function countRows(raw: Kysely<Database>, table: 'audits' | 'audit_followers'): Promise<number> {
  const { rows } = await raw
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('rows'))
    .executeTakeFirstOrThrow();
  return Number(rows);
}

/** Runs a test on a new, empty store and removes it afterwards. */
async function withStore(
  dialect: DialectUnderTest,
  test: (store: Store, under: StoreUnderTest) => Promise<void>,
): Promise<void> {
  const under = dialect.create();
  const store = await under.open();
  try {
    await test(store, under);
  } finally {
    await store.close();
    await under.drop();
  }
}

function sortedLikeTheStore(followers: FollowerResult[], sort: FollowerSort): FollowerResult[] {
  const withPosition = followers.map((follower, position) => ({ follower, position }));
  const sign = sort === 'pFake desc' ? -1 : 1;
  withPosition.sort((a, b) => sign * (a.follower.pFake - b.follower.pFake || a.position - b.position));
  return withPosition.map(({ follower }) => follower);
}

async function readAllPages(
  store: Store,
  auditId: number,
  options: Omit<FollowerPageOptions, 'cursor' | 'offset'>,
): Promise<FollowerResult[]> {
  const all: FollowerResult[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.pageFollowers(auditId, {
      ...options,
      ...(cursor === undefined ? {} : { cursor }),
    });
    assert.ok(page);
    assert.ok(page.followers.length <= options.limit);
    all.push(...page.followers);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return all;
}

const awkwardFollowers: FollowerResult[] = [
  'quote"d',
  'back\\slash',
  '{braces,comma}',
  'NULL',
  '',
  'line\nbreak',
  'ümlaut ☃ 🦜',
  "it's",
  // What COPY's text format would read otherwise: a null, a column break, a line's end, an escape, end of data.
  '\\N',
  'tab\there',
  'carriage\r\nreturn',
  'back\\nslash n',
  '\\.',
].map((text, position) => ({
  ...syntheticFollower(position),
  handle: text,
  reasons: [text, `${text} again`],
  source: `${text}:1`,
  createdAt: text,
  facts: {
    displayName: text,
    bio: `${text} ${text}`,
    followers: position,
    following: null,
    posts: 0.5,
    lastPostAt: null,
    observedAt: text,
    defaultAvatar: true,
    verified: null,
    declaredBot: false,
    profileUrl: text,
  },
}));

for (const dialect of DIALECTS) {
  describe(`store on ${dialect.name}`, { skip: dialect.skip }, () => {
    it('migrates on open, once: a reopened store keeps its audits', async () => {
      const under = dialect.create();
      try {
        const first = await under.open();
        const id = await first.saveAudit(syntheticReport({ profile: null, followersRead: 1 }), [
          syntheticFollower(0),
        ]);
        await first.close();
        const second = await under.open();
        assert.equal((await second.getAudit(id))?.id, id);
        await second.close();
      } finally {
        await under.drop();
      }
    });

    it('migrates down to nothing and up again', async () => {
      const under = dialect.create();
      try {
        await (await under.open()).close();
        await migrateTo(under.raw, dialect.name, NO_MIGRATIONS, under.schema);
        const tables = await under.raw.introspection.getTables();
        assert.deepEqual(
          tables.filter((table) => table.schema === under.schema).map((table) => table.name),
          [],
        );
        const store = await under.open();
        assert.deepEqual(await store.listAudits({ limit: 10 }), []);
        await store.close();
      } finally {
        await under.drop();
      }
    });

    it('keeps each follower row with its profile facts (migration 0016); rows saved before it read back without them', async () => {
      const under = dialect.create();
      const withFacts = (position: number): FollowerResult => ({
        ...syntheticFollower(position),
        createdAt: '2019-03-04T00:00:00.000Z',
        facts: {
          displayName: `Follower ${position}`,
          bio: position % 2 === 0 ? null : 'bakes bread, "quotes", ☃',
          followers: position,
          following: 2 ** 33 + position,
          posts: position % 3 === 0 ? null : 7,
          lastPostAt: '2026-10-01T00:00:00.000Z',
          observedAt: '2026-11-01T00:00:00.000Z',
          defaultAvatar: position % 2 === 0,
          verified: null,
          declaredBot: false,
          profileUrl: position % 4 === 0 ? null : `https://social.example/@f${position}`,
        },
      });
      // Past one full batch of every writer (SQLite's 2,520 rows, PostgreSQL's COPY of 10,000), so full and partial
      // batches both carry the facts.
      const followers = Array.from({ length: 10_001 }, (_, i) => withFacts(i));
      try {
        const first = await under.open();
        const before = await first.saveAudit(
          syntheticReport({ profile: null, followersRead: 3 }),
          followers.slice(0, 3),
        );
        await first.close();
        await migrateTo(under.raw, dialect.name, '0015-follower-created-at', under.schema);
        const store = await under.open();
        try {
          const old = await readAllPages(store, before, { sort: 'pFake asc', limit: 10 });
          assert.equal(old.length, 3);
          for (const follower of old) assert.equal(follower.facts, undefined);
          const id = await store.saveAudit(
            syntheticReport({ profile: null, followersRead: followers.length }),
            followers,
          );
          assert.deepEqual(
            await readAllPages(store, id, { sort: 'pFake asc', limit: 1_000 }),
            sortedLikeTheStore(followers, 'pFake asc'),
          );
        } finally {
          await store.close();
        }
      } finally {
        await under.drop();
      }
    });

    it('keeps the facts as an array of values, and reads rows that kept them as an object (saved before)', async () =>
      withStore(dialect, async (store, under) => {
        const followers = awkwardFollowers.slice(0, 3);
        const id = await store.saveAudit(
          syntheticReport({ profile: null, followersRead: followers.length }),
          followers,
        );
        const stored = await under.raw
          .selectFrom('audit_followers')
          .select(['position', 'facts'])
          .where('audit_id', '=', id)
          .orderBy('position')
          .execute();
        assert.deepEqual(
          stored.map((row) => JSON.parse(row.facts ?? 'null')),
          followers.map((follower) => Object.values(follower.facts ?? {})),
        );
        await under.raw
          .updateTable('audit_followers')
          .set({ facts: JSON.stringify(followers[1]?.facts) })
          .where('audit_id', '=', id)
          .where('position', '=', 1)
          .execute();
        assert.deepEqual(
          await readAllPages(store, id, { sort: 'pFake asc', limit: 10 }),
          sortedLikeTheStore(followers, 'pFake asc'),
        );
      }));

    it('saves an audit and gives back the same report, with its headline numbers', async () =>
      withStore(dialect, async (store) => {
        const report = syntheticReport({
          profile: { id: '7', handle: 'seven' },
          followersRead: 3,
          fakeShare: 0.25,
        });
        report.mostSuspicious = [syntheticFollower(1)];
        const id = await store.saveAudit(report, [
          syntheticFollower(0),
          syntheticFollower(1),
          syntheticFollower(2),
        ]);
        const saved = await store.getAudit(id);
        assert.ok(saved);
        assert.deepEqual(saved.report, report);
        assert.equal(JSON.stringify(saved.report), JSON.stringify(report));
        assert.deepEqual(saved.profile, { platform: 'x', id: '7', handle: 'seven' });
        assert.deepEqual(saved.fakeShare, report.fakeShare);
        assert.deepEqual(saved.realFollowers, report.realFollowers);
        assert.equal(saved.followersRead, 3);
        assert.equal(saved.qualityScore, report.qualityScore.score);
        assert.equal(saved.model, 'x');
        assert.equal(saved.headline, report.headline);
        assert.ok(Math.abs(saved.createdAt.getTime() - Date.now()) < 60_000);
        assert.equal(await store.getAudit(id + 1000), undefined);
      }));

    it('pages followers by p(fake) both ways, by type, with cursors and offsets; ties in list order', async () =>
      withStore(dialect, async (store) => {
        const followers = Array.from({ length: 2_500 }, (_, position) => syntheticFollower(position));
        const id = await store.saveAudit(syntheticReport({ profile: null, followersRead: 2_500 }), followers);
        for (const sort of ['pFake desc', 'pFake asc'] as const) {
          assert.deepEqual(
            await readAllPages(store, id, { sort, limit: 333 }),
            sortedLikeTheStore(followers, sort),
          );
          const influencers = followers.filter((follower) => follower.type === 'influencer');
          assert.deepEqual(
            await readAllPages(store, id, { sort, type: 'influencer', limit: 97 }),
            sortedLikeTheStore(influencers, sort),
          );
        }
        const skipped = await store.pageFollowers(id, { sort: 'pFake desc', limit: 10, offset: 20 });
        assert.deepEqual(skipped?.followers, sortedLikeTheStore(followers, 'pFake desc').slice(20, 30));
        const last = await store.pageFollowers(id, { sort: 'pFake asc', limit: 10, offset: 2_495 });
        assert.equal(last?.followers.length, 5);
        assert.equal(last?.nextCursor, null);
        assert.equal(await store.pageFollowers(id + 1, { sort: 'pFake asc', limit: 10 }), undefined);
        await assert.rejects(
          store.pageFollowers(id, { sort: 'pFake asc', limit: 10, cursor: 'not-a-cursor' }),
          InvalidCursorError,
        );
      }));

    it('filters followers by p(fake) range and by a reason, literally and in any case, with cursors', async () =>
      withStore(dialect, async (store) => {
        const followers = Array.from({ length: 600 }, (_, position) => syntheticFollower(position));
        followers[3] = {
          ...followers[3],
          reasons: ['Has 100% of a_b template', 'has no bio'],
        } as FollowerResult;
        followers[4] = { ...followers[4], reasons: ['has 100 of aXb template'] } as FollowerResult;
        const id = await store.saveAudit(syntheticReport({ profile: null, followersRead: 600 }), followers);
        const inRange = followers.filter((follower) => follower.pFake >= 0.25 && follower.pFake <= 0.5);
        assert.deepEqual(
          await readAllPages(store, id, { sort: 'pFake desc', minPFake: 0.25, maxPFake: 0.5, limit: 17 }),
          sortedLikeTheStore(inRange, 'pFake desc'),
        );
        const withReason = (text: string) =>
          followers.filter((follower) =>
            follower.reasons.some((reason) => reason.toLowerCase().includes(text)),
          );
        for (const text of ['HAS 9 FOLLOWERS', '100% of a_b', 'no bio'])
          assert.deepEqual(
            await readAllPages(store, id, { sort: 'pFake asc', reason: text, limit: 50 }),
            sortedLikeTheStore(withReason(text.toLowerCase()), 'pFake asc'),
            text,
          );
        assert.equal(
          (await readAllPages(store, id, { sort: 'pFake asc', reason: '100_ of', limit: 50 })).length,
          0,
        );
      }));

    it('deletes an audit with its followers in one go, and only that audit', async () =>
      withStore(dialect, async (store, under) => {
        const kept = await store.saveAudit(syntheticReport({ profile: null, followersRead: 3 }), [
          syntheticFollower(0),
          syntheticFollower(1),
          syntheticFollower(2),
        ]);
        const gone = await store.saveAudit(syntheticReport({ profile: null, followersRead: 2 }), [
          syntheticFollower(0),
          syntheticFollower(1),
        ]);
        assert.equal(await store.deleteAudit(gone), true);
        assert.equal(await store.getAudit(gone), undefined);
        assert.equal(await store.pageFollowers(gone, { sort: 'pFake asc', limit: 10 }), undefined);
        assert.equal(await store.deleteAudit(gone), false);
        assert.equal(
          (await store.pageFollowers(kept, { sort: 'pFake asc', limit: 10 }))?.followers.length,
          3,
        );
        const left = await under.raw
          .selectFrom('audit_followers')
          .select((eb) => eb.fn.countAll().as('rows'))
          .where('audit_id', '=', gone)
          .executeTakeFirstOrThrow();
        assert.equal(Number(left.rows), 0);
      }));

    it('keeps an audit without followers, and one read from an async iterable', async () =>
      withStore(dialect, async (store) => {
        const empty = await store.saveAudit(syntheticReport({ profile: null, followersRead: 0 }), []);
        assert.deepEqual(await store.pageFollowers(empty, { sort: 'pFake desc', limit: 5 }), {
          followers: [],
          nextCursor: null,
        });
        const streamed = await store.saveAudit(
          syntheticReport({ profile: null, followersRead: 50 }),
          syntheticFollowers(50),
        );
        const page = await store.pageFollowers(streamed, { sort: 'pFake asc', limit: 100 });
        assert.equal(page?.followers.length, 50);
      }));

    it('writes many followers in batches, full and partial, none lost or doubled', async () =>
      withStore(dialect, async (store, under) => {
        for (const count of [5_956, 30_000, 30_001]) {
          const id = await store.saveAudit(
            syntheticReport({ profile: null, followersRead: count }),
            syntheticFollowers(count),
          );
          const rows = await under.raw
            .selectFrom('audit_followers')
            .select((eb) => [eb.fn.countAll().as('rows'), eb.fn.max('position').as('last')])
            .where('audit_id', '=', id)
            .executeTakeFirstOrThrow();
          assert.deepEqual([Number(rows.rows), Number(rows.last)], [count, count - 1]);
          const top = await store.pageFollowers(id, { sort: 'pFake desc', limit: 3 });
          assert.deepEqual(
            top?.followers,
            sortedLikeTheStore(
              Array.from({ length: count }, (_, i) => syntheticFollower(i)),
              'pFake desc',
            ).slice(0, 3),
          );
        }
      }));

    it('stores text as given: quotes, backslashes, braces, the word NULL, empty, line breaks, emoji', async () =>
      withStore(dialect, async (store) => {
        const id = await store.saveAudit(
          syntheticReport({ profile: null, followersRead: awkwardFollowers.length }),
          awkwardFollowers,
        );
        const all = await readAllPages(store, id, { sort: 'pFake asc', limit: 100 });
        assert.deepEqual(all, sortedLikeTheStore(awkwardFollowers, 'pFake asc'));
      }));

    it('leaves nothing of an audit whose follower list fails half-way', async () =>
      withStore(dialect, async (store, under) => {
        async function* breaksAfter(count: number) {
          yield* syntheticFollowers(count);
          yield { ...syntheticFollower(count), pFake: 2 };
        }
        await assert.rejects(
          store.saveAudit(syntheticReport({ profile: null, followersRead: 20_001 }), breaksAfter(20_000)),
          (error: unknown) => error instanceof InputError && /follower 20001/.test(error.message),
        );
        async function* throwsAfter(count: number) {
          yield* syntheticFollowers(count);
          throw new Error('the follower file went away');
        }
        await assert.rejects(
          store.saveAudit(syntheticReport({ profile: null, followersRead: 20_001 }), throwsAfter(15_000)),
          /went away/,
        );
        assert.equal(await countRows(under.raw, 'audits'), 0);
        assert.equal(await countRows(under.raw, 'audit_followers'), 0);
        assert.deepEqual(await store.listProfiles(), []);
      }));

    it('refuses a report that does not match the report schema', async () =>
      withStore(dialect, async (store) => {
        const report = { ...syntheticReport({ profile: null, followersRead: 0 }), followersRead: -1.5 };
        await assert.rejects(store.saveAudit(report, []), InputError);
        assert.deepEqual(await store.listAudits({ limit: 10 }), []);
      }));

    it('lists audits newest first, by page and by profile (platform id or handle)', async () =>
      withStore(dialect, async (store) => {
        const ids: number[] = [];
        for (const profile of [
          { id: '1', handle: 'one' },
          { id: '2', handle: 'two' },
          { id: '1', handle: 'one_renamed' },
          null,
          { id: null, handle: 'handle_only' },
        ])
          ids.push(await store.saveAudit(syntheticReport({ profile, followersRead: 0 }), []));
        const all = await store.listAudits({ limit: 10 });
        assert.deepEqual(
          all.map((audit) => audit.id),
          [...ids].reverse(),
        );
        assert.deepEqual(
          (await store.listAudits({ limit: 2, offset: 1 })).map((audit) => audit.id),
          [ids[3], ids[2]],
        );
        const ofOne = await store.listAudits({ limit: 10, profile: { platform: 'x', id: '1' } });
        assert.deepEqual(
          ofOne.map((audit) => audit.id),
          [ids[2], ids[0]],
        );
        assert.deepEqual(ofOne[0]?.profile, { platform: 'x', id: '1', handle: 'one_renamed' });
        assert.deepEqual(
          (await store.listAudits({ limit: 10, profile: { platform: 'x', handle: 'handle_only' } })).map(
            (a) => a.id,
          ),
          [ids[4]],
        );
        assert.deepEqual(
          await store.listAudits({ limit: 10, profile: { platform: 'mastodon', id: '1' } }),
          [],
        );
        assert.equal(all.find((audit) => audit.id === ids[3])?.profile, null);
      }));

    it('keeps one profile per platform id, and gives a handle-only profile its id when it turns up', async () =>
      withStore(dialect, async (store) => {
        await store.saveAudit(
          syntheticReport({ profile: { id: null, handle: 'alice' }, followersRead: 0 }),
          [],
        );
        await store.addSnapshot({
          platform: 'x',
          profileId: '99',
          handle: 'alice',
          observedAt: new Date('2024-01-01T00:00:00Z'),
          followersCount: 10,
          source: 'test',
        });
        await store.saveAudit(syntheticReport({ profile: { id: '99', handle: null }, followersRead: 0 }), []);
        await store.addSnapshot({
          platform: 'mastodon',
          profileId: '99',
          observedAt: new Date('2024-01-01T00:00:00Z'),
          followersCount: 1,
          source: 'test',
        });
        assert.deepEqual(await store.listProfiles(), [
          { platform: 'mastodon', id: '99', handle: null },
          { platform: 'x', id: '99', handle: 'alice' },
        ]);
        assert.equal((await store.listAudits({ limit: 10, profile: { platform: 'x', id: '99' } })).length, 2);
      }));

    it('records follower-count snapshots once each, oldest first, unknown counts left out', async () =>
      withStore(dialect, async (store) => {
        const later = {
          platform: 'bluesky' as const,
          profileId: 'did:plc:abc',
          handle: 'abc.bsky.social',
          observedAt: new Date('2025-03-02T10:00:00.000Z'),
          followersCount: 1_200,
          followingCount: 80,
          postsCount: 15,
          source: 'bluesky:app.bsky.actor.getProfile',
        };
        const earlier = {
          platform: 'bluesky' as const,
          profileId: 'did:plc:abc',
          observedAt: new Date('2024-12-31T23:59:59.999Z'),
          followersCount: 1_000,
          source: 'export:followers.json',
        };
        await store.addSnapshot(later);
        await store.addSnapshot(earlier);
        await store.addSnapshot(later);
        assert.deepEqual(await store.listSnapshots('bluesky', 'did:plc:abc'), [
          { ...earlier, handle: 'abc.bsky.social' },
          later,
        ]);
        assert.deepEqual(await store.listSnapshots('bluesky', 'did:plc:other'), []);
        assert.deepEqual(await store.listSnapshots('x', 'did:plc:abc'), []);
      }));

    it('creates tokens shown once and stored only as their SHA-256 hash', async () =>
      withStore(dialect, async (store, under) => {
        const created = await store.createToken('ci pipeline');
        assert.match(created.token, /^rr_[A-Za-z0-9_-]{43}$/);
        const rows = await under.raw.selectFrom('api_tokens').selectAll().execute();
        assert.equal(rows.length, 1);
        const stored = JSON.stringify(rows);
        assert.ok(!stored.includes(created.token));
        assert.ok(!stored.includes(created.token.slice(3, 23)));
        assert.equal(rows[0]?.token_hash, createHash('sha256').update(created.token).digest('hex'));
        assert.deepEqual(
          (await store.listTokens()).map(({ id, name, lastUsedAt, revokedAt }) => ({
            id,
            name,
            lastUsedAt,
            revokedAt,
          })),
          [{ id: created.id, name: 'ci pipeline', lastUsedAt: null, revokedAt: null }],
        );
      }));

    it('verifies a live token, records its use, and refuses wrong and revoked ones', async () =>
      withStore(dialect, async (store) => {
        const first = await store.createToken('first');
        const second = await store.createToken('second');
        const verified = await store.verifyToken(second.token);
        assert.equal(verified?.id, second.id);
        assert.ok(verified?.lastUsedAt instanceof Date);
        assert.equal(await store.verifyToken(`${second.token}x`), undefined);
        assert.equal(await store.verifyToken(second.token.slice(0, -1)), undefined);
        assert.equal(await store.verifyToken(''), undefined);
        assert.equal(await store.revokeToken(second.id), true);
        assert.equal(await store.revokeToken(second.id), false);
        assert.equal(await store.revokeToken(second.id + 100), false);
        assert.equal(await store.verifyToken(second.token), undefined);
        assert.equal((await store.verifyToken(first.token))?.name, 'first');
        const listed = await store.listTokens();
        assert.equal(listed.find((token) => token.id === second.id)?.revokedAt instanceof Date, true);
        assert.equal(listed.find((token) => token.id === first.id)?.revokedAt, null);
      }));

    it('compares a token against every live hash with crypto.timingSafeEqual, not stopping at a match', async () =>
      withStore(dialect, async (store) => {
        const tokens = [
          await store.createToken('a'),
          await store.createToken('b'),
          await store.createToken('c'),
        ];
        await store.revokeToken((tokens[2] as { id: number }).id);
        const compare = mock.method(crypto, 'timingSafeEqual');
        try {
          assert.equal((await store.verifyToken(tokens[0]?.token as string))?.name, 'a');
          assert.equal(compare.mock.callCount(), 2);
          assert.equal(await store.verifyToken('rr_wrong'), undefined);
          assert.equal(compare.mock.callCount(), 4);
        } finally {
          compare.mock.restore();
        }
      }));

    it('reads the last committed state while a large audit is being written, without waiting for it', async () =>
      withStore(dialect, async (store) => {
        const first = await store.saveAudit(
          syntheticReport({ profile: null, followersRead: 3 }),
          syntheticFollowers(3),
        );
        const { token } = await store.createToken('dashboard');
        await store.verifyToken(token);
        let atPause = () => {};
        const paused = new Promise<void>((resume) => {
          atPause = resume;
        });
        let release = () => {};
        const released = new Promise<void>((resume) => {
          release = resume;
        });
        async function* pausingMidway() {
          yield* syntheticFollowers(25_000);
          atPause();
          await released;
          yield syntheticFollower(25_000);
        }
        const saving = store.saveAudit(
          syntheticReport({ profile: null, followersRead: 25_001 }),
          pausingMidway(),
        );
        await paused;
        const reads = Promise.all([
          store.listAudits({ limit: 10 }),
          store.getAudit(first),
          store.pageFollowers(first, { sort: 'pFake desc', limit: 10 }),
          store.verifyToken(token),
          store.listTokens(),
          store.listProfiles(),
        ]);
        const outcome = await Promise.race([reads, delay(10_000, 'blocked' as const)]);
        release();
        const second = await saving;
        assert.notEqual(outcome, 'blocked', 'reads waited for the write');
        const [audits, audit, page, verified] = outcome as Awaited<typeof reads>;
        assert.deepEqual(
          audits.map((saved) => saved.id),
          [first],
        );
        assert.equal(audit?.id, first);
        assert.equal(page?.followers.length, 3);
        assert.equal(verified?.name, 'dashboard');
        assert.equal(
          (await store.pageFollowers(second, { sort: 'pFake asc', limit: 1, offset: 25_000 }))?.followers
            .length,
          1,
        );
      }));

    it('leaves no half audit when the writing process is killed (SIGKILL) mid-transaction', async () => {
      const under = dialect.create();
      try {
        const store = await under.open();
        await store.saveAudit(
          syntheticReport({ profile: { id: '42', handle: 'crash_test' }, followersRead: 10 }),
          syntheticFollowers(10),
        );
        await store.close();

        const writer = spawn(
          process.execPath,
          ['--import', 'tsx', CRASH_WRITER, JSON.stringify(under.crashWriterTarget)],
          {
            stdio: ['ignore', 'pipe', 'pipe'],
          },
        );
        let stderr = '';
        writer.stderr.on('data', (chunk) => {
          stderr += chunk;
        });
        const exited = new Promise<NodeJS.Signals | null>((done) =>
          writer.on('exit', (_code, signal) => done(signal)),
        );
        await new Promise<void>((done, fail) => {
          writer.stdout.on('data', (chunk: Buffer) => {
            if (chunk.toString().includes('writing')) done();
          });
          writer.on('exit', () => fail(new Error(`the crash writer ended before writing: ${stderr}`)));
        });
        assert.equal(await under.writerMidTransaction(), true, 'the writer holds an open transaction');
        writer.kill('SIGKILL');
        assert.equal(await exited, 'SIGKILL');

        const reopened = await under.open();
        try {
          assert.deepEqual(
            (await reopened.listAudits({ limit: 10 })).map((audit) => audit.followersRead),
            [10],
          );
          assert.equal(await countRows(under.raw, 'audits'), 1);
          assert.equal(await countRows(under.raw, 'audit_followers'), 10);
          const after = await reopened.saveAudit(
            syntheticReport({ profile: null, followersRead: 5 }),
            syntheticFollowers(5),
          );
          assert.equal(
            (await reopened.pageFollowers(after, { sort: 'pFake asc', limit: 10 }))?.followers.length,
            5,
          );
        } finally {
          await reopened.close();
        }
      } finally {
        await under.drop();
      }
    });

    it('keeps a NUL character in any text as U+FFFD, the same on both dialects (issue 11)', async () =>
      withStore(dialect, async (store) => {
        const followers: FollowerResult[] = [
          {
            ...syntheticFollower(0),
            id: 'id\u0000',
            handle: 'a\u0000b',
            reasons: ['why\u0000'],
            source: 'f\u0000:1',
          },
        ];
        const id = await store.saveAudit(
          syntheticReport({ profile: { id: 'p\u00001', handle: 'nul\u0000handle' }, followersRead: 1 }),
          followers,
        );
        const saved = await store.getAudit(id);
        assert.equal(saved?.profile?.handle, 'nul\uFFFDhandle');
        assert.equal(saved?.report.profile?.handle, 'nul\uFFFDhandle');
        const page = await store.pageFollowers(id, { sort: 'pFake desc', limit: 5 });
        assert.deepEqual(
          page?.followers.map(({ id, handle, reasons, source }) => ({ id, handle, reasons, source })),
          [{ id: 'id\uFFFD', handle: 'a\uFFFDb', reasons: ['why\uFFFD'], source: 'f\uFFFD:1' }],
        );
        const byHandle = await store.listAudits({
          limit: 5,
          profile: { platform: 'x', handle: 'nul\u0000handle' },
        });
        assert.deepEqual(
          byHandle.map((audit) => audit.id),
          [id],
        );
      }));

    it('keeps counts past 2^32: followers read and follower-count snapshots (issue 11)', async () =>
      withStore(dialect, async (store) => {
        const huge = 2 ** 32 + 5;
        const observedAt = new Date('2026-01-02T03:04:05.000Z');
        const id = await store.saveAudit(
          syntheticReport({ profile: { id: '77', handle: 'big' }, followersRead: huge }),
          [],
          {
            snapshot: {
              platform: 'x',
              profileId: '77',
              handle: 'big',
              observedAt,
              followersCount: huge,
              followingCount: 2 ** 31,
              postsCount: 3_000_000_000,
              source: 'audit',
            },
          },
        );
        assert.equal((await store.getAudit(id))?.followersRead, huge);
        assert.deepEqual(await store.listSnapshots('x', '77'), [
          {
            platform: 'x',
            profileId: '77',
            handle: 'big',
            observedAt,
            followersCount: huge,
            followingCount: 2 ** 31,
            postsCount: 3_000_000_000,
            source: 'audit',
          },
        ]);
      }));

    it('saves an audit and its follower-count snapshot in one transaction: a failed snapshot leaves no audit (issue 11)', async () =>
      withStore(dialect, async (store, under) => {
        const report = syntheticReport({ profile: { id: '78', handle: 'once' }, followersRead: 3 });
        const snapshot = {
          platform: 'x' as const,
          profileId: '78',
          observedAt: new Date(Number.NaN),
          followersCount: 10,
          source: 'audit',
        };
        await assert.rejects(store.saveAudit(report, syntheticFollowers(3), { snapshot }));
        assert.equal(await countRows(under.raw, 'audits'), 0);
        assert.equal(await countRows(under.raw, 'audit_followers'), 0);
        const id = await store.saveAudit(report, syntheticFollowers(3), {
          snapshot: { ...snapshot, observedAt: new Date('2026-01-01T00:00:00Z') },
        });
        assert.equal(await countRows(under.raw, 'audits'), 1);
        assert.equal((await store.listSnapshots('x', '78')).length, 1);
        assert.equal((await store.getAudit(id))?.followersRead, 3);
      }));
  });
}

describe('store on postgres when the server closes its connections', { skip: postgresSkip }, () => {
  const postgres = DIALECTS.find((dialect) => dialect.name === 'postgres') as DialectUnderTest;

  async function terminate(under: StoreUnderTest): Promise<number> {
    const { rows } = await sql<{ ended: boolean }>`
      select pg_terminate_backend(pid) as ended from pg_stat_activity
      where application_name = ${under.schema ?? ''} and pid <> pg_backend_pid()`.execute(under.raw);
    return rows.length;
  }

  it('goes on after pg_terminate_backend, idle or mid-transaction; the process never dies (issue 11)', async () => {
    const under = postgres.create();
    const told: Error[] = [];
    const store = await openPostgresStore({
      ...(under.crashWriterTarget as { connectionString: string; schema: string }),
      onConnectionError: (error) => told.push(error),
    });
    try {
      await store.saveAudit(syntheticReport({ profile: null, followersRead: 1 }), syntheticFollowers(1));
      assert.ok((await terminate(under)) >= 1, 'the store had a connection to end');
      await delay(200);
      assert.ok(told.length >= 1, 'the lost idle connection was told, not thrown');
      assert.equal(
        (await store.listAudits({ limit: 5 })).length,
        1,
        'a new connection serves the next query',
      );

      let pause!: () => void;
      const paused = new Promise<void>((resolve) => {
        pause = resolve;
      });
      async function* followersThenWait() {
        yield syntheticFollower(0);
        pause();
        await delay(1_000);
        yield syntheticFollower(1);
      }
      const saving = store.saveAudit(
        syntheticReport({ profile: null, followersRead: 2 }),
        followersThenWait(),
      );
      await paused;
      await delay(100);
      await terminate(under);
      await assert.rejects(saving, (error: unknown) => isStoreUnavailable(error));
      assert.equal((await store.listAudits({ limit: 5 })).length, 1, 'the interrupted audit was not saved');
      await store.saveAudit(syntheticReport({ profile: null, followersRead: 1 }), syntheticFollowers(1));
      assert.equal((await store.listAudits({ limit: 5 })).length, 2);
    } finally {
      await store.close();
      await under.drop();
    }
  });
});

describe('store on sqlite shared with another process', () => {
  it('verifies tokens and reads while another connection holds the write lock; a save waits without blocking (issue 11)', async () => {
    const path = join(dir, `${randomBytes(6).toString('hex')}.db`);
    const store = await openSqliteStore(path);
    const other = new BetterSqlite3(path);
    try {
      const { token } = await store.createToken('server');
      other.exec('begin immediate');
      other
        .prepare("insert into api_tokens (name, token_hash, created_at) values ('cli', 'x', '2026-01-01')")
        .run();
      let ticks = 0;
      const ticker = setInterval(() => {
        ticks += 1;
      }, 10);
      try {
        const started = performance.now();
        assert.equal((await store.verifyToken(token))?.name, 'server');
        assert.equal((await store.listAudits({ limit: 1 })).length, 0);
        assert.ok(performance.now() - started < 1_000, 'the read path does not wait for the lock');
        let saved = false;
        const saving = store
          .saveAudit(syntheticReport({ profile: null, followersRead: 1 }), syntheticFollowers(1))
          .then((id) => {
            saved = true;
            return id;
          });
        const ticksBefore = ticks;
        await delay(400);
        assert.equal(saved, false, 'the save waits for the other writer');
        // A synchronous busy wait would let no tick through; an idle machine lets about 40 through, a loaded one
        // (load average 25 was seen) under 10: a few prove the loop ran.
        assert.ok(
          ticks - ticksBefore >= 3,
          `the process kept running while the save waited (${ticks - ticksBefore} ticks)`,
        );
        other.exec('commit');
        const id = await saving;
        assert.equal((await store.getAudit(id))?.followersRead, 1);
      } finally {
        clearInterval(ticker);
      }
    } finally {
      if (other.inTransaction) other.exec('rollback');
      other.close();
      await store.close();
    }
  });
});
