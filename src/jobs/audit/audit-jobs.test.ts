import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import Sqlite from 'better-sqlite3';
import { auditFollowers, type FollowerSource } from '../../audit/audit-followers.ts';
import { openAccountReader, type ReadItem } from '../../ingest/read.ts';
import { type Detector, loadDetector } from '../../model/detector.ts';
import { openSqliteStore } from '../../store/dialects/sqlite.ts';
import type { AuditJob } from '../../store/jobs/audit-job-store.ts';
import type { Store } from '../../store/store.ts';
import { InProcessQueue } from '../queue/in-process-queue.ts';
import { DEFAULT_DELIVERY } from './audit-job-messages.ts';
import { AuditJobRunner, cancelAuditJob } from './audit-job-runner.ts';
import { QueueFullError, submitAuditJob } from './submit-audit-job.ts';

const DEMO = join(import.meta.dirname, '..', '..', '..', 'examples', 'demo-audience', 'followers.jsonl');
const dir = mkdtempSync(join(tmpdir(), 'realreach-jobs-'));
const items: ReadItem[] = [];
let detector: Detector;

function sourceOf(list: ReadItem[]): FollowerSource {
  return {
    format: { name: 'realreach' },
    input: { display: 'followers.jsonl' },
    notes: [],
    async *batches() {
      for (let start = 0; start < list.length; start += 500) yield list.slice(start, start + 500);
    },
  };
}

async function waitForJob(
  store: Store,
  id: number,
  states = ['done', 'failed', 'cancelled'],
): Promise<AuditJob> {
  for (;;) {
    const job = await store.jobs.getJob(id);
    if (job && states.includes(job.state)) return job;
    await delay(20);
  }
}

interface Harness {
  path: string;
  store: Store;
  queue: InProcessQueue;
  runner: AuditJobRunner;
  close(): Promise<void>;
}

/** `workerStore` gives the runner a store of its own (one failing where a test wants), over the same database. */
async function harness(
  concurrency: number,
  start = true,
  workerStore: (store: Store) => Store = (store) => store,
): Promise<Harness> {
  const path = join(dir, `${Math.random().toString(36).slice(2)}.db`);
  const store = await openSqliteStore(path);
  const queue = new InProcessQueue();
  const runner = new AuditJobRunner({
    store: workerStore(store),
    queue,
    detector: async () => detector,
    delivery: { ...DEFAULT_DELIVERY, retryDelaySeconds: 0.01 },
    sweepIntervalMs: 0,
  });
  if (start) await runner.start(concurrency);
  return {
    path,
    store,
    queue,
    runner,
    async close() {
      await runner.stop();
      await queue.stop();
      await store.close();
    },
  };
}

/** Follower rows saved under an audit id, whether or not an audit has that id (read from the file itself). */
function followerRows(path: string, auditId: number | null): number {
  const db = new Sqlite(path, { readonly: true });
  try {
    return (
      db.prepare('select count(*) as n from audit_followers where audit_id = ?').get(auditId) as { n: number }
    ).n;
  } finally {
    db.close();
  }
}

const settings = (shardRecords: number) => ({ shardRecords, maxOpenJobs: 3, delivery: DEFAULT_DELIVERY });

/** A job of the first 40 records (one of them rejected) in shards of 20. */
const submitForty = (store: Store, queue: InProcessQueue) =>
  submitAuditJob(
    store,
    queue,
    { owner: 'test', followers: sourceOf(items.slice(0, 40)), options: {} },
    settings(20),
  );

before(async () => {
  detector = await loadDetector('x');
  for await (const item of await openAccountReader(DEMO)) items.push(item);
  items.splice(10, 0, {
    ok: false,
    error: { file: 'followers.jsonl', line: 11, field: 'id', reason: 'missing' },
  });
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('audit jobs (SQLite, in-process queue)', () => {
  it('splits an audit into shards whose merge saves the report of one pass, with every follower', async () => {
    const options = { tableSize: 100, explainTop: 100, recentIntake: true, bootstrapReplicates: 300 };
    const single = await auditFollowers(sourceOf(items), { ...options, detectorFor: async () => detector });
    const { store, queue, close } = await harness(2);
    try {
      const id = await submitAuditJob(
        store,
        queue,
        { owner: 'test', followers: sourceOf(items), options },
        settings(300),
      );
      const job = await waitForJob(store, id);
      assert.equal(job.state, 'done', job.error ?? '');
      assert.equal(job.shardCount, Math.ceil(items.length / 300));
      assert.deepEqual(
        [job.scored, job.followers, job.records],
        [items.length - 1, items.length - 1, items.length],
      );
      const audit = await store.getAudit(job.auditId as number);
      assert.deepEqual(audit?.report, single.report);
      const page = await store.pageFollowers(job.auditId as number, { sort: 'pFake desc', limit: 5000 });
      assert.equal(page?.followers.length, items.length - 1);
      assert.equal(
        await store.jobs.shardInput(id, 0).then((input) => input?.input.length),
        0,
        'inputs released',
      );
      const stored = new Map(page?.followers.map((follower) => [follower.source, follower]));
      for (const follower of single.followers) assert.deepEqual(stored.get(follower.source), follower);
    } finally {
      await close();
    }
  });

  it('counts a follower repeated in another shard once, as one pass does, and the repeats as duplicates', async () => {
    // Followers of the first shard again in the third and last (a list that changed while it was fetched: pages
    // overlap), one repeated within its own shard, one three times.
    const accounts = items.filter((item) => item.ok);
    const repeated = [accounts[3], accounts[40], accounts[41], accounts[250], accounts[3]] as ReadItem[];
    const list = [...items.slice(0, 620), ...repeated.slice(0, 3), ...items.slice(620), ...repeated.slice(3)];
    list.splice(305, 0, accounts[300] as ReadItem);
    const options = { tableSize: 100, explainTop: 100, bootstrapReplicates: 300 };
    const single = await auditFollowers(sourceOf(list), { ...options, detectorFor: async () => detector });
    assert.equal(single.report.input.duplicates, 6);
    const { store, queue, close } = await harness(2);
    try {
      const id = await submitAuditJob(
        store,
        queue,
        { owner: 'test', followers: sourceOf(list), options },
        settings(300),
      );
      const job = await waitForJob(store, id);
      assert.equal(job.state, 'done', job.error ?? '');
      assert.ok(job.shardCount >= 3, `${job.shardCount} shards`);
      assert.deepEqual(
        [job.scored, job.followers, job.records],
        [list.length - 1 - 6, list.length - 1 - 6, list.length],
      );
      const audit = await store.getAudit(job.auditId as number);
      assert.equal(audit?.report.input.duplicates, 6);
      assert.deepEqual(audit?.report, single.report);
      const page = await store.pageFollowers(job.auditId as number, { sort: 'pFake desc', limit: 5000 });
      assert.equal(page?.followers.length, list.length - 1 - 6, 'one row per distinct follower');
    } finally {
      await close();
    }
  });

  it('draws the same seeded sample as one pass', async () => {
    const options = { sampleSize: 400, seed: 3, tableSize: 50, explainTop: 50, bootstrapReplicates: 200 };
    const single = await auditFollowers(sourceOf(items), { ...options, detectorFor: async () => detector });
    const { store, queue, close } = await harness(3);
    try {
      const id = await submitAuditJob(
        store,
        queue,
        { owner: 'test', followers: sourceOf(items), options },
        settings(700),
      );
      const job = await waitForJob(store, id);
      assert.equal(job.state, 'done', job.error ?? '');
      assert.deepEqual((await store.getAudit(job.auditId as number))?.report, single.report);
    } finally {
      await close();
    }
  });

  it("stores nothing for a list with no readable follower, and caps each owner's open jobs", async () => {
    const { store, queue, close } = await harness(1, false);
    try {
      const bad = items.filter((item) => !item.ok);
      await assert.rejects(
        submitAuditJob(store, queue, { owner: 'test', followers: sourceOf(bad), options: {} }, settings(100)),
        /no follower could be read/,
      );
      assert.deepEqual(await store.jobs.listJobs({ limit: 10 }), []);
      for (let i = 0; i < 3; i++)
        await submitAuditJob(
          store,
          queue,
          { owner: 'busy', followers: sourceOf(items.slice(0, 50)), options: {} },
          settings(100),
        );
      await assert.rejects(
        submitAuditJob(
          store,
          queue,
          { owner: 'busy', followers: sourceOf(items.slice(0, 50)), options: {} },
          settings(100),
        ),
        QueueFullError,
      );
      await submitAuditJob(
        store,
        queue,
        { owner: 'other', followers: sourceOf(items.slice(0, 50)), options: {} },
        settings(100),
      );
    } finally {
      await close();
    }
  });

  it("refuses an ids-only export (X's archive) as the CLI audit does, with the hydrate step, and stores nothing", async () => {
    const { store, queue, close } = await harness(1, false);
    try {
      const path = join(dir, 'follower.js');
      const ids = ['1400000000000000001', '1400000000000000002'];
      const entries = ids.map((id) => ({
        follower: { accountId: id, userLink: `https://twitter.com/intent/user?user_id=${id}` },
      }));
      writeFileSync(path, `window.YTD.follower.part0 = ${JSON.stringify(entries, null, 2)}`);
      const followers = await openAccountReader(path);
      await assert.rejects(
        submitAuditJob(store, queue, { owner: 'test', followers, options: {} }, settings(100)),
        /ids only \(x-archive\).*realreach hydrate/,
      );
      assert.deepEqual(await store.jobs.listJobs({ limit: 10 }), []);
    } finally {
      await close();
    }
  });

  it("writes each shard's follower rows once under the job's reserved audit id, shown only with the audit; a cancelled job drops them", async () => {
    const { path, store, queue, runner, close } = await harness(1, false);
    try {
      const request = { owner: 'test', followers: sourceOf(items.slice(0, 40)), options: {} };
      const first = await submitAuditJob(store, queue, request, settings(20));
      const second = await submitAuditJob(store, queue, request, settings(20));
      const [a, b] = [await store.jobs.getJob(first), await store.jobs.getJob(second)];
      assert.ok(a?.stagedAuditId && b?.stagedAuditId && a.stagedAuditId !== b.stagedAuditId);
      const follower = {
        id: '7',
        handle: 'seven',
        platform: 'x' as const,
        pFake: 0.25,
        type: 'real' as const,
        unlikeTraining: false,
        reasons: [],
        source: 'followers.jsonl:8',
        label: null,
      };
      const result = {
        partial: '{}',
        scored: 2,
        followers: [0, 1].map((position) => ({ position, follower })),
      };
      assert.equal(await store.jobs.saveShardResult(first, 0, result), true);
      assert.equal(
        await store.jobs.saveShardResult(first, 0, result),
        false,
        'a retried shard is saved once',
      );
      assert.equal(followerRows(path, a.stagedAuditId), 2);
      assert.equal(await store.pageFollowers(a.stagedAuditId, { sort: 'pFake desc', limit: 10 }), undefined);
      assert.equal(await cancelAuditJob(store, queue, first), true);
      assert.equal(followerRows(path, a.stagedAuditId), 0, 'dropped with the cancelled job');
      assert.equal(
        await store.jobs.saveShardResult(first, 1, result),
        false,
        'nothing saved for a closed job',
      );
      assert.equal(followerRows(path, a.stagedAuditId), 0);

      await runner.start(1);
      const done = await waitForJob(store, second);
      assert.equal(done.state, 'done', done.error ?? '');
      assert.equal(done.auditId, b.stagedAuditId);
      assert.equal(
        followerRows(path, done.auditId),
        39,
        'every follower of the 40 records but the rejected one',
      );
      assert.equal(await store.jobs.dropStagedFollowers(second), undefined);
      assert.equal(followerRows(path, done.auditId), 39, "a saved audit's rows are its own");
    } finally {
      await close();
    }
  });

  it("saves a job's audit and closes the job in one transaction: a merge whose answer was lost is retried into no second audit", async () => {
    let answersLost = 1;
    let doneWhenLost: string | undefined;
    const { path, store, queue, close } = await harness(1, true, (inner) =>
      Object.create(inner, {
        saveJobAudit: {
          value: async (...args: Parameters<Store['saveJobAudit']>) => {
            const saved = await inner.saveJobAudit(...args);
            if (answersLost-- > 0) {
              doneWhenLost = (await inner.jobs.getJob(args[0].jobId))?.state;
              throw new Error('Connection terminated unexpectedly');
            }
            return saved;
          },
        },
      }),
    );
    try {
      const job = await waitForJob(store, await submitForty(store, queue));
      assert.equal(doneWhenLost, 'done', 'the job was done by the commit that saved its audit');
      assert.equal(job.state, 'done', job.error ?? '');
      const audits = await store.listAudits({ limit: 10 });
      assert.deepEqual(
        audits.map((audit) => audit.id),
        [job.auditId],
      );
      assert.equal(followerRows(path, job.auditId), 39);
    } finally {
      await close();
    }
  });

  it('saves no audit for a job cancelled while its shards were merged', async () => {
    const { path, store, queue, close } = await harness(1, true, (inner) =>
      Object.create(inner, {
        saveJobAudit: {
          value: async (...args: Parameters<Store['saveJobAudit']>) => {
            assert.equal(await cancelAuditJob(inner, queue, args[0].jobId), true);
            return inner.saveJobAudit(...args);
          },
        },
      }),
    );
    try {
      const job = await waitForJob(store, await submitForty(store, queue));
      await delay(100);
      assert.deepEqual([job.state, job.auditId], ['cancelled', null]);
      assert.deepEqual(await store.listAudits({ limit: 10 }), []);
      assert.equal(followerRows(path, job.stagedAuditId), 0, 'its staged rows dropped with it');
    } finally {
      await close();
    }
  });

  it('cancels an open job, and a cancelled job never gets an audit', async () => {
    const { store, queue, runner, close } = await harness(1, false);
    try {
      const id = await submitAuditJob(
        store,
        queue,
        { owner: 'test', followers: sourceOf(items), options: {} },
        settings(500),
      );
      assert.equal(await cancelAuditJob(store, queue, id), true);
      assert.equal(await cancelAuditJob(store, queue, id), false);
      await runner.start(1);
      await runner.sweep();
      await delay(300);
      const job = await store.jobs.getJob(id);
      assert.deepEqual([job?.state, job?.auditId, job?.shardsDone], ['cancelled', null, 0]);
    } finally {
      await close();
    }
  });

  it('sends again what an open job misses when a runner starts (a queue lost with its process)', async () => {
    const first = await harness(1, false);
    const path = join(dir, 'restart.db');
    const store = await openSqliteStore(path);
    const id = await submitAuditJob(
      store,
      first.queue,
      { owner: 'test', followers: sourceOf(items), options: {} },
      settings(600),
    );
    await first.close();
    await store.close();
    const reopened = await openSqliteStore(path);
    const queue = new InProcessQueue();
    const runner = new AuditJobRunner({
      store: reopened,
      queue,
      detector: async () => detector,
      delivery: DEFAULT_DELIVERY,
      sweepIntervalMs: 0,
    });
    try {
      await runner.start(2);
      const job = await waitForJob(reopened, id);
      assert.equal(job.state, 'done', job.error ?? '');
    } finally {
      await runner.stop();
      await queue.stop();
      await reopened.close();
    }
  });

  it('answers with the stored job when its shards cannot be queued (a client told it failed would send it twice); the sweep sends them', async () => {
    const { store, queue, runner, close } = await harness(1, false);
    const send = queue.send.bind(queue);
    queue.send = async () => {
      throw new Error('Connection terminated unexpectedly');
    };
    const lines: string[] = [];
    try {
      const id = await submitAuditJob(
        store,
        queue,
        { owner: 'test', followers: sourceOf(items), options: {} },
        { ...settings(600), log: (line) => lines.push(line) },
      );
      assert.equal((await store.jobs.getJob(id))?.state, 'queued');
      assert.match(
        lines.join('\n'),
        new RegExp(`audit job ${id}: stored, but its shards could not be queued yet`),
      );
      queue.send = send;
      await runner.start(1);
      const job = await waitForJob(store, id);
      assert.equal(job.state, 'done', job.error ?? '');
      assert.equal((await store.listAudits({ limit: 10 })).length, 1, 'one audit');
    } finally {
      await close();
    }
  });

  it('retries a failing shard with backoff, then moves the job to failed with the error', async () => {
    const { store, queue, close } = await harness(1, false);
    let attempts = 0;
    const failing = new AuditJobRunner({
      store,
      queue,
      detector: async () => {
        attempts++;
        throw new Error('model file unreadable');
      },
      delivery: { retryLimit: 2, retryDelaySeconds: 0.01, expireInSeconds: 60 },
      sweepIntervalMs: 0,
    });
    try {
      const id = await submitAuditJob(
        store,
        queue,
        { owner: 'test', followers: sourceOf(items.slice(0, 100)), options: {} },
        { ...settings(1000), delivery: { retryLimit: 2, retryDelaySeconds: 0.01, expireInSeconds: 60 } },
      );
      await failing.start(1);
      const job = await waitForJob(store, id);
      assert.equal(job.state, 'failed');
      assert.deepEqual(
        (await store.jobs.listJobs({ states: ['failed'], limit: 10 })).map((failed) => failed.id),
        [id],
      );
      assert.equal(job.error, 'shard 0 failed after 3 attempts: model file unreadable');
      assert.equal(attempts, 3);
    } finally {
      await failing.stop();
      await close();
    }
  });

  it('an exhausted shard fails its job with which shard and why, and the job stays failed', async () => {
    const { path, store, queue, close } = await harness(1, false);
    let attempts = 0;
    const delivery = { retryLimit: 1, retryDelaySeconds: 0.01, expireInSeconds: 60 };
    const flaky = new AuditJobRunner({
      store,
      queue,
      // Shard 0 reads the model first; every later read fails: shards 1 and 2 exhaust their two attempts.
      detector: async () => {
        attempts++;
        if (attempts > 1) throw new Error(`disk error ${attempts}`);
        return detector;
      },
      delivery,
      sweepIntervalMs: 0,
    });
    try {
      const id = await submitAuditJob(
        store,
        queue,
        { owner: 'test', followers: sourceOf(items.slice(0, 300)), options: {} },
        { ...settings(100), delivery },
      );
      await flaky.start(1);
      const job = await waitForJob(store, id);
      assert.equal(job.state, 'failed');
      assert.match(job.error ?? '', /^shard [12] failed after 2 attempts: disk error \d$/);
      await delay(200);
      // The other shard's dead letter finds the job failed already: the first error stays.
      const after = await store.jobs.getJob(id);
      assert.deepEqual(
        [after?.state, after?.error, after?.auditId, after?.shardsDone],
        ['failed', job.error, null, 1],
      );
      assert.equal(
        followerRows(path, job.stagedAuditId),
        0,
        "the finished shard's rows are dropped with the job",
      );
    } finally {
      await flaky.stop();
      await close();
    }
  });
});
