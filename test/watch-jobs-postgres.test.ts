// Watches as recurring jobs on PostgreSQL (pg-boss, schemas of their own): two workers and a watch registered twice keep one chain of rounds, each recording a snapshot read from a local Mastodon server.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import type { LocalApiServer } from '../src/connectors/local-api-server.ts';
import {
  type MastodonEntity,
  startLocalMastodonServer,
  syntheticMastodonAccount,
} from '../src/connectors/mastodon/local-mastodon-server.ts';
import { PgBossQueue } from '../src/jobs/queue/pg-boss-queue.ts';
import { queueWatches, WatchJobRunner } from '../src/jobs/watch-jobs.ts';
import { openPostgresStore } from '../src/store/dialects/postgres.ts';
import { POSTGRES_URL, postgresSkip } from './postgres-under-test.ts';
import { describe, it } from './skippable-tests.ts';

const DOMAIN = 'mastodon.example';

describe('watch jobs on PostgreSQL (pg-boss)', { skip: postgresSkip }, () => {
  it('two workers and a watch registered twice: one snapshot per round, the rounds go on', {
    timeout: 120_000,
  }, async () => {
    const suffix = randomBytes(6).toString('hex');
    const storeSchema = `rr_watch_store_${suffix}`;
    const bossSchema = `rr_watch_boss_${suffix}`;
    const admin = new pg.Pool({ connectionString: POSTGRES_URL, max: 1 });
    const profile: MastodonEntity = {
      ...syntheticMastodonAccount(1_000_000, DOMAIN),
      username: 'alice',
      acct: 'alice',
      followers_count: 321,
    };
    const mastodon: LocalApiServer = await startLocalMastodonServer({
      domain: DOMAIN,
      profile,
      followers: [],
    });
    const store = await openPostgresStore({ connectionString: POSTGRES_URL, schema: storeSchema });
    const queueOf = () =>
      new PgBossQueue({
        connectionString: POSTGRES_URL,
        schema: bossSchema,
        pollingIntervalSeconds: 0.5,
        log: () => undefined,
      });
    const queues = [queueOf(), queueOf()];
    try {
      for (const queue of queues) await queue.start();
      const everyMs = 1500;
      const now = Date.now();
      for (const queue of queues)
        await queueWatches(queue, [`@alice@${DOMAIN}`], { everyMs, baseUrl: mastodon.url }, now);
      for (const queue of queues) await new WatchJobRunner({ store, queue, log: () => undefined }).start(2);
      let snapshots = await store.listSnapshots('mastodon', String(profile.id));
      for (let waited = 0; snapshots.length < 4 && waited < 60_000; waited += 200) {
        await delay(200);
        snapshots = await store.listSnapshots('mastodon', String(profile.id));
      }
      assert.ok(snapshots.length >= 4, `${snapshots.length} snapshots`);
      assert.ok(snapshots.every((snapshot) => snapshot.followersCount === 321));
      // One lookup per round, as one chain makes (two chains would make twice as many); the server's log times
      // them, with 20 ms of slack for clocks.
      const lookups = mastodon.requests.filter((request) => request.path.includes('lookup'));
      const last = Math.max(...lookups.map((request) => request.startedAt));
      const rounds = Math.floor((last + 20) / everyMs) - Math.floor(now / everyMs) + 1;
      assert.ok(lookups.length <= rounds, `${lookups.length} lookups in ${rounds} rounds`);
    } finally {
      for (const queue of queues) await queue.stop().catch(() => undefined);
      await store.close().catch(() => undefined);
      await mastodon.close();
      await admin.query(`drop schema if exists ${storeSchema} cascade`);
      await admin.query(`drop schema if exists ${bossSchema} cascade`);
      await admin.end();
    }
  });
});
