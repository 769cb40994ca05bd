// Dead letters on PostgreSQL: a worker that took a shard on its last allowed attempt and vanished leaves the shard to expire; pg-boss sends it to the dead-letter queue and the job moves to failed, saying which shard and why.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import PgBoss from 'pg-boss';
import type { FollowerSource } from '../src/audit/audit-followers.ts';
import { openAccountReader, type ReadItem } from '../src/ingest/read.ts';
import { type DeliverySettings, SHARD_QUEUE } from '../src/jobs/audit/audit-job-messages.ts';
import { AuditJobRunner } from '../src/jobs/audit/audit-job-runner.ts';
import { submitAuditJob } from '../src/jobs/audit/submit-audit-job.ts';
import { PgBossQueue } from '../src/jobs/queue/pg-boss-queue.ts';
import { loadDetector } from '../src/model/detector.ts';
import { openPostgresStore } from '../src/store/dialects/postgres.ts';
import { POSTGRES_URL, postgresSkip } from './postgres-under-test.ts';
import { describe, it } from './skippable-tests.ts';

const DEMO = join(import.meta.dirname, '..', 'examples', 'demo-audience', 'followers.jsonl');

describe('dead letters on PostgreSQL (pg-boss)', { skip: postgresSkip }, () => {
  it('a worker gone on the last attempt of a shard: the shard expires and its job is failed with the reason', {
    timeout: 120_000,
  }, async () => {
    const suffix = randomBytes(6).toString('hex');
    const storeSchema = `rr_dead_store_${suffix}`;
    const bossSchema = `rr_dead_boss_${suffix}`;
    const admin = new pg.Pool({ connectionString: POSTGRES_URL, max: 1 });
    const store = await openPostgresStore({ connectionString: POSTGRES_URL, schema: storeSchema });
    const queue = new PgBossQueue({
      connectionString: POSTGRES_URL,
      schema: bossSchema,
      maintenanceIntervalSeconds: 1,
      pollingIntervalSeconds: 0.5,
      log: () => undefined,
    });
    // The worker that dies: takes the shard with pg-boss's own fetch and never answers, as a process killed by -9.
    const gone = new PgBoss({ connectionString: POSTGRES_URL, schema: bossSchema, supervise: false });
    const delivery: DeliverySettings = { retryLimit: 0, retryDelaySeconds: 1, expireInSeconds: 2 };
    const runner = new AuditJobRunner({
      store,
      queue,
      detector: () => loadDetector('x'),
      delivery,
      sweepIntervalMs: 500,
      log: () => undefined,
    });
    try {
      await queue.start();
      await gone.start();
      const items: ReadItem[] = [];
      for await (const item of await openAccountReader(DEMO)) items.push(item);
      const followers: FollowerSource = {
        format: { name: 'realreach' },
        input: { display: 'followers.jsonl' },
        notes: [],
        async *batches() {
          yield items.slice(0, 200);
        },
      };
      const id = await submitAuditJob(
        store,
        queue,
        { owner: 'test', followers, options: {} },
        { shardRecords: 1000, maxOpenJobs: 3, delivery },
      );
      const taken = await gone.fetch(SHARD_QUEUE);
      assert.equal(taken?.length, 1, 'the vanished worker holds the only shard');
      // Working now: the sweep sends the shard again (same id: kept once), nothing runs it, it expires.
      await runner.start(1);
      let job = await store.jobs.getJob(id);
      for (let waited = 0; job?.state !== 'failed' && waited < 60_000; waited += 250) {
        await delay(250);
        job = await store.jobs.getJob(id);
      }
      assert.equal(job?.state, 'failed', `job still ${job?.state}`);
      assert.equal(
        job?.error,
        'shard 0 failed after 1 attempt: job failed by timeout in active state ' +
          '(no answer within 2 s: its worker died or stalled)',
      );
      assert.deepEqual(
        (await store.jobs.listJobs({ states: ['failed'], limit: 10 })).map((failed) => failed.id),
        [id],
      );
    } finally {
      await runner.stop();
      await gone.stop({ graceful: false, wait: true }).catch(() => undefined);
      await queue.stop().catch(() => undefined);
      await store.close().catch(() => undefined);
      await admin.query(`drop schema if exists ${storeSchema} cascade`);
      await admin.query(`drop schema if exists ${bossSchema} cascade`);
      await admin.end();
    }
  });
});
