// Watches as recurring jobs on the in-process queue, against a local Mastodon server: each round records a snapshot and queues the next, once however often it is registered; a failing round does not end the watch.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import type { LocalApiServer } from '../connectors/local-api-server.ts';
import {
  type MastodonEntity,
  startLocalMastodonServer,
  syntheticMastodonAccount,
} from '../connectors/mastodon/local-mastodon-server.ts';
import type { FollowerCountSnapshot } from '../core/snapshot.ts';
import { openSqliteStore } from '../store/dialects/sqlite.ts';
import type { Store } from '../store/store.ts';
import { InProcessQueue } from './queue/in-process-queue.ts';
import { cancelWatches, queueWatches, WatchJobRunner } from './watch-jobs.ts';

const DOMAIN = 'mastodon.example';
const PROFILE = `@alice@${DOMAIN}`;
const dir = mkdtempSync(join(tmpdir(), 'realreach-watch-jobs-'));
let mastodon: LocalApiServer;
let profileId: string;

async function snapshotsOf(store: Store, count: number): Promise<FollowerCountSnapshot[]> {
  for (let waited = 0; waited < 20_000; waited += 25) {
    const snapshots = await store.listSnapshots('mastodon', profileId);
    if (snapshots.length >= count) return snapshots;
    await delay(25);
  }
  return store.listSnapshots('mastodon', profileId);
}

before(async () => {
  const profile: MastodonEntity = {
    ...syntheticMastodonAccount(1_000_000, DOMAIN),
    username: 'alice',
    acct: 'alice',
    followers_count: 321,
  };
  profileId = String(profile.id);
  mastodon = await startLocalMastodonServer({ domain: DOMAIN, profile, followers: [] });
});
after(async () => {
  await mastodon.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('watch jobs (in-process queue, local Mastodon server)', () => {
  it('records a snapshot each round, one chain however often the watch is registered', async () => {
    const store = await openSqliteStore(join(dir, 'rounds.db'));
    const queue = new InProcessQueue();
    const runner = new WatchJobRunner({ store, queue, log: () => undefined });
    try {
      const everyMs = 400;
      const now = Date.now();
      await queueWatches(queue, [PROFILE], { everyMs, baseUrl: mastodon.url }, now);
      await queueWatches(queue, [PROFILE], { everyMs, baseUrl: mastodon.url }, now);
      await runner.start(2);
      const snapshots = await snapshotsOf(store, 3);
      const lookups = mastodon.requests.filter((request) => request.path.includes('lookup'));
      assert.ok(snapshots.length >= 3, `${snapshots.length} snapshots`);
      assert.ok(snapshots.every((snapshot) => snapshot.followersCount === 321));
      // One lookup per round (rounds are aligned to the period), as one chain makes; two chains would make twice
      // as many. The server's log times them (the snapshots carry the platform's Date header: whole seconds), and
      // a timer may fire a millisecond early by the wall clock: 20 ms of slack.
      const last = Math.max(...lookups.map((request) => request.startedAt));
      const rounds = Math.floor((last + 20) / everyMs) - Math.floor(now / everyMs) + 1;
      assert.ok(lookups.length <= rounds, `${lookups.length} lookups in ${rounds} rounds`);
    } finally {
      await queue.stop();
      await store.close();
    }
  });

  it('a round whose lookup fails is retried, and the next rounds still come', async () => {
    const store = await openSqliteStore(join(dir, 'failing.db'));
    const queue = new InProcessQueue();
    let calls = 0;
    const runner = new WatchJobRunner({
      store,
      queue,
      log: () => undefined,
      lookup: async () => {
        calls++;
        if (calls <= 4) throw new Error('platform down');
        return {
          platform: 'mastodon',
          profileId,
          observedAt: new Date(),
          followersCount: 1000 + calls,
          source: 'watch',
        };
      },
    });
    try {
      await queueWatches(queue, [PROFILE], { everyMs: 300 });
      await runner.start(1);
      const snapshots = await snapshotsOf(store, 2);
      assert.ok(snapshots.length >= 2, `${snapshots.length} snapshots after ${calls} lookups`);
    } finally {
      await queue.stop();
      await store.close();
    }
  });

  it('a stopped watch records no more rounds', async () => {
    const store = await openSqliteStore(join(dir, 'stopped.db'));
    const queue = new InProcessQueue();
    let lookups = 0;
    const runner = new WatchJobRunner({
      store,
      queue,
      log: () => undefined,
      lookup: async () => {
        lookups++;
        return {
          platform: 'mastodon',
          profileId,
          observedAt: new Date(),
          followersCount: 5,
          source: 'watch',
        };
      },
    });
    try {
      const everyMs = 250;
      await queueWatches(queue, [PROFILE], { everyMs });
      await runner.start(1);
      await snapshotsOf(store, 2);
      await cancelWatches(queue, [PROFILE], { everyMs });
      const stoppedAt = lookups;
      await delay(everyMs * 4);
      // A round running at the stop may still finish; none after it.
      assert.ok(lookups <= stoppedAt + 1, `${lookups - stoppedAt} lookups after the stop`);
    } finally {
      await queue.stop();
      await store.close();
    }
  });

  it('refuses a malformed profile before queueing anything', async () => {
    const queue = new InProcessQueue();
    await assert.rejects(queueWatches(queue, ['not a profile'], { everyMs: 60_000 }));
    await queue.stop();
  });
});
