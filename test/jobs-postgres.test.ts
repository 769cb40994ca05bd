// Audit jobs on PostgreSQL with pg-boss and real worker processes: 1 worker and 4 give the report of one pass on 200,000 followers; a worker killed mid-shard, a server killed during uploads and a PostgreSQL restarted under load all end in that same report (or no job at all).
import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { type AuditOptions, auditFollowers, type FollowerSource } from '../src/audit/audit-followers.ts';
import type { AuditReport } from '../src/audit/report-schema.ts';
import { openAccountReader, type ReadItem } from '../src/ingest/read.ts';
import { DEFAULT_DELIVERY } from '../src/jobs/audit-job-messages.ts';
import type { QueuedAuditOptions } from '../src/jobs/audit-job-options.ts';
import { AuditJobService } from '../src/jobs/audit-job-service.ts';
import { PgBossQueue } from '../src/jobs/pg-boss-queue.ts';
import { type Detector, loadDetector } from '../src/model/detector.ts';
import { openPostgresStore } from '../src/store/postgres.ts';
import type { Store } from '../src/store/store.ts';
import { POSTGRES_URL, postgresSkip } from './postgres-under-test.ts';
import { after, before, describe, it } from './skippable-tests.ts';

const MAIN = resolve(import.meta.dirname, '..', 'src', 'interfaces', 'cli', 'main.ts');
const DEMO = resolve(import.meta.dirname, '..', 'examples', 'demo-audience', 'followers.jsonl');
const PG_BIN = '/usr/lib/postgresql/15/bin';
const OPTIONS: QueuedAuditOptions = {
  recentIntake: true,
  tableSize: 50,
  explainTop: 20,
  bootstrapReplicates: 400,
};
const SHARD_RECORDS = 25_000;

const demo: ReadItem[] = [];
let detector: Detector;

/** `n` followers: the demo audience again and again, each copy with ids and lines of its own. */
function followersOf(n: number): ReadItem[] {
  return Array.from({ length: n }, (_, i) => {
    const item = demo[i % demo.length] as ReadItem;
    if (!item.ok) return item;
    const copy = Math.floor(i / demo.length);
    return {
      ok: true,
      account: {
        ...item.account,
        id: `${item.account.id}-${copy}`,
        source: { ...item.account.source, line: i + 1 },
      },
      ...(item.label === undefined ? {} : { label: item.label }),
    };
  });
}

function sourceOf(items: ReadItem[]): FollowerSource {
  return {
    format: { name: 'realreach' },
    input: { display: 'followers.jsonl' },
    notes: [],
    async *batches() {
      for (let start = 0; start < items.length; start += 2000) yield items.slice(start, start + 2000);
    },
  };
}

async function singlePass(items: ReadItem[]): Promise<AuditReport> {
  const options: AuditOptions = { ...OPTIONS, detectorFor: async () => detector };
  return (await auditFollowers(sourceOf(items), options)).report;
}

/** A store and a pg-boss queue, each in a schema of its own with a random name, dropped after. */
class Cluster {
  readonly storeSchema = `rr_jobs_${randomBytes(5).toString('hex')}`;
  readonly bossSchema = `rr_boss_${randomBytes(5).toString('hex')}`;
  readonly workers = new Set<ChildProcess>();
  readonly pool: pg.Pool;
  store!: Store;
  jobs!: AuditJobService;

  constructor(readonly url: string) {
    this.pool = new pg.Pool({ connectionString: url, max: 2 });
    this.pool.on('error', () => undefined);
  }

  /** Shards of the job a worker has started and not finished. */
  async shardsUnderWay(jobId: number): Promise<number> {
    const { rows } = await this.pool.query(
      `select count(*)::int as n from ${this.storeSchema}.audit_job_shards where job_id = $1 and attempts > 0 and partial is null`,
      [jobId],
    );
    return rows[0].n as number;
  }

  async open(): Promise<void> {
    this.store = await openPostgresStore({ connectionString: this.url, schema: this.storeSchema });
    this.jobs = new AuditJobService({
      store: this.store,
      queue: new PgBossQueue({
        connectionString: this.url,
        schema: this.bossSchema,
        maintenanceIntervalSeconds: 1,
        log: () => {},
      }),
      detector: async () => detector,
      shardRecords: SHARD_RECORDS,
      maxOpenJobs: 50,
      // A shard's delivery expires (its worker presumed dead) after 20 s: short, so a killed worker's shard is retried soon.
      delivery: { ...DEFAULT_DELIVERY, retryDelaySeconds: 1, expireInSeconds: 20 },
    });
    await this.jobs.start();
  }

  env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      DATABASE_URL: this.url,
      REALREACH_PG_SCHEMA: this.storeSchema,
      REALREACH_PGBOSS_SCHEMA: this.bossSchema,
      REALREACH_SHARD_EXPIRE_SECONDS: '20',
      REALREACH_SHARD_RETRY_DELAY_SECONDS: '1',
      REALREACH_QUEUE_MAINTENANCE_SECONDS: '1',
    };
  }

  /** A `realreach worker` process; resolves once it says it is working. */
  async spawnWorker(): Promise<ChildProcess> {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'worker'], {
      env: this.env(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.workers.add(child);
    child.on('exit', () => this.workers.delete(child));
    let output = '';
    child.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    await new Promise<void>((done, fail) => {
      child.stdout?.on('data', (chunk) => {
        output += chunk;
        if (output.includes('working audit jobs')) done();
      });
      child.on('exit', (code) => fail(new Error(`worker exited (${code}): ${output}`)));
    });
    return child;
  }

  async waitForJob(id: number, timeoutMs = 300_000): Promise<AuditReport> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const job = await this.store.jobs.getJob(id).catch(() => undefined);
      if (job?.state === 'done' && job.auditId !== null) {
        const audit = await this.store.getAudit(job.auditId);
        assert.ok(audit);
        return audit.report;
      }
      assert.ok(
        job === undefined || job.state === 'queued' || job.state === 'running',
        job?.error ?? job?.state,
      );
      assert.ok(Date.now() < deadline, `job ${id} not done in time: ${JSON.stringify(job)}`);
      await delay(200);
    }
  }

  async close(): Promise<void> {
    for (const child of this.workers) child.kill('SIGKILL');
    await this.jobs.stop().catch(() => undefined);
    await this.store.close().catch(() => undefined);
    try {
      await this.pool.query(`drop schema if exists ${this.storeSchema} cascade`);
      await this.pool.query(`drop schema if exists ${this.bossSchema} cascade`);
    } finally {
      await this.pool.end();
    }
  }
}

before(async () => {
  if (postgresSkip) return;
  detector = await loadDetector('x');
  for await (const item of await openAccountReader(DEMO)) demo.push(item);
});

describe('audit jobs on PostgreSQL (pg-boss, worker processes)', { skip: postgresSkip }, () => {
  const cluster = new Cluster(POSTGRES_URL);
  const items200k = () => followersOf(200_000);
  let reference: AuditReport;

  before(async () => {
    await cluster.open();
  });
  after(() => cluster.close());

  it('1 worker and 4 worker processes give the report of one pass on 200,000 followers', {
    timeout: 900_000,
  }, async () => {
    reference = await singlePass(items200k());
    const first = await cluster.jobs.submit({
      owner: 'test',
      followers: sourceOf(items200k()),
      options: OPTIONS,
    });
    const one = await cluster.spawnWorker();
    const byOne = await cluster.waitForJob(first);
    one.kill('SIGTERM');
    const second = await cluster.jobs.submit({
      owner: 'test',
      followers: sourceOf(items200k()),
      options: OPTIONS,
    });
    await Promise.all([1, 2, 3, 4].map(() => cluster.spawnWorker()));
    const byFour = await cluster.waitForJob(second);
    assert.equal((await cluster.store.jobs.getJob(second))?.shardCount, 8);
    assert.deepEqual(byOne, reference);
    assert.deepEqual(byFour, reference);
    for (const child of cluster.workers) child.kill('SIGTERM');
  });

  it('a worker killed (kill -9) mid-shard: another takes the shard and the report is the uninterrupted one', {
    timeout: 600_000,
  }, async () => {
    const items = followersOf(100_000);
    const uninterrupted = await singlePass(items);
    const id = await cluster.jobs.submit({ owner: 'test', followers: sourceOf(items), options: OPTIONS });
    const doomed = await cluster.spawnWorker();
    // Mid-shard: a shard started (attempts counted) and none finished yet.
    while ((await cluster.shardsUnderWay(id)) === 0) await delay(50);
    doomed.kill('SIGKILL');
    await cluster.spawnWorker();
    assert.deepEqual(await cluster.waitForJob(id), uninterrupted);
    for (const child of cluster.workers) child.kill('SIGTERM');
  });
});
