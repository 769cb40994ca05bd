// Fault suite: `fetch --queue --then-audit` with a worker killed (SIGKILL) where the fetch ends and its audit is queued — inside the transaction that does both, and after its commit before the shards are sent: the fetch ends with exactly one audit, whose report is that of one pass over the fetched followers.
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { auditFollowers } from '../../src/audit/audit-followers.ts';
import type { AuditReport } from '../../src/audit/report-schema.ts';
import type { LocalApiServer } from '../../src/connectors/local-api-server.ts';
import {
  startLocalMastodonServer,
  syntheticMastodonAccount,
} from '../../src/connectors/mastodon/local-mastodon-server.ts';
import type { FaultPoint } from '../../src/core/fault-injection.ts';
import { auditOptionsOf, queuedOptionsFromJson } from '../../src/jobs/audit/audit-job-options.ts';
import { fetchedFollowerSource } from '../../src/jobs/fetch/fetched-followers.ts';
import { loadDetector } from '../../src/model/detector.ts';
import { FetchCluster } from '../fetch-cluster.ts';
import { postgresSkip } from '../postgres-under-test.ts';
import { after, before, describe, it } from '../skippable-tests.ts';

const DOMAIN = 'chained.example';
/** 300 followers: 4 pages of 80, two steps of 2 pages. */
const FOLLOWERS = Array.from({ length: 300 }, (_, i) => syntheticMastodonAccount(i + 1, DOMAIN));
const PROFILE = {
  ...syntheticMastodonAccount(0, DOMAIN),
  username: 'alice',
  acct: 'alice',
  followers_count: FOLLOWERS.length,
};

describe('a worker killed where a fetch ends and its audit is queued', { skip: postgresSkip }, () => {
  let cluster: FetchCluster;
  let server: LocalApiServer;

  before(async () => {
    cluster = new FetchCluster(2);
    await cluster.open();
    server = await startLocalMastodonServer({ domain: DOMAIN, profile: PROFILE, followers: FOLLOWERS });
  });
  after(async () => {
    await server?.close();
    await cluster?.close();
  });

  /** The audit jobs made of fetch `id`'s followers (their input is named after it). */
  async function auditJobsOf(id: number): Promise<{ id: number; state: string }[]> {
    const { rows } = await cluster.pool.query(
      `select id, state from ${cluster.storeSchema}.audit_jobs where input_name like $1 order by id`,
      [`% (fetch job ${id})`],
    );
    return rows;
  }

  /** The report of one `auditFollowers` pass over the fetch's followers with the options the job was given. */
  async function onePass(fetchId: number, auditJobId: number): Promise<AuditReport> {
    const job = await cluster.store.jobs.getJob(auditJobId);
    assert.ok(job);
    const fetch = await cluster.store.fetchJobs.getFetchJob(fetchId);
    const detector = await loadDetector(job.model);
    const source = fetchedFollowerSource(
      cluster.store,
      fetchId,
      `${fetch?.profileRef} (fetch job ${fetchId})`,
    );
    return (await auditFollowers(source, auditOptionsOf(queuedOptionsFromJson(job.options), detector)))
      .report;
  }

  async function auditReport(auditJobId: number, timeoutMs = 180_000): Promise<AuditReport> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const job = await cluster.store.jobs.getJob(auditJobId);
      assert.ok(job && job.state !== 'failed' && job.state !== 'cancelled', job?.error ?? job?.state);
      if (job.state === 'done' && job.auditId !== null) {
        const audit = await cluster.store.getAudit(job.auditId);
        assert.ok(audit);
        return audit.report;
      }
      assert.ok(Date.now() < deadline, `audit job ${auditJobId} not done in time: ${JSON.stringify(job)}`);
      await delay(200);
    }
  }

  async function killedAt(fault: FaultPoint): Promise<number> {
    const id = await cluster.submit(`@alice@${DOMAIN}`, server.url, [
      '--then-audit',
      '--rate-limit',
      '100/1',
    ]);
    const doomed = await cluster.runDoomedWorker(fault);
    assert.equal(doomed.signal, 'SIGKILL', `the worker was to kill itself at ${fault}:\n${doomed.output}`);
    return id;
  }

  it('inside the transaction (fetch marked done, audit job written, not committed): the fetch is still open with no audit; another worker ends it with exactly one', {
    timeout: 300_000,
  }, async () => {
    const id = await killedAt('fetch-job:ended-audit-uncommitted');
    const left = await cluster.store.fetchJobs.getFetchJob(id);
    assert.ok(left);
    assert.equal(left.followersFetched, FOLLOWERS.length, 'every page was saved before the kill');
    assert.equal(left.state, 'running', 'the rolled-back transaction left the fetch open');
    assert.equal(left.auditJobId, null);
    assert.deepEqual(await auditJobsOf(id), [], 'no audit job survived the rolled-back transaction');

    await cluster.spawnWorker();
    const done = await cluster.waitFor(id, (job) => job.state === 'done' && job.auditJobId !== null);
    const report = await auditReport(done.auditJobId as number);
    await cluster.stopWorkers();
    assert.deepEqual(
      (await auditJobsOf(id)).map((job) => job.id),
      [done.auditJobId],
      'exactly one audit job for the fetch',
    );
    assert.equal(report.followersRead, FOLLOWERS.length);
    assert.deepEqual(report, await onePass(id, done.auditJobId as number));
  });

  it('after the commit, before the shards are queued: the fetch is done with its audit job, whose shards the next worker sends', {
    timeout: 300_000,
  }, async () => {
    const id = await killedAt('audit-job:stored-not-queued');
    const left = await cluster.store.fetchJobs.getFetchJob(id);
    assert.ok(left);
    assert.equal(left.state, 'done');
    assert.ok(left.auditJobId !== null, 'the fetch was linked to its audit job in the same commit');
    const stored = await cluster.store.jobs.getJob(left.auditJobId);
    assert.equal(stored?.state, 'queued');
    assert.equal(stored?.shardsDone, 0);

    await cluster.spawnWorker();
    const report = await auditReport(left.auditJobId);
    await cluster.stopWorkers();
    assert.deepEqual(
      (await auditJobsOf(id)).map((job) => job.id),
      [left.auditJobId],
      'exactly one audit job for the fetch',
    );
    assert.equal(report.followersRead, FOLLOWERS.length);
    assert.deepEqual(report, await onePass(id, left.auditJobId));
  });
});
