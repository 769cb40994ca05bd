// Audit jobs on PostgreSQL with pg-boss and real worker processes: 1 worker and 4 give the report of one pass on 200,000 followers; a worker killed mid-shard, a server killed during uploads and a PostgreSQL restarted under load all end in that same report (or no job at all).
import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { type AuditOptions, auditFollowers, type FollowerSource } from '../src/audit/audit-followers.ts';
import type { AuditReport } from '../src/audit/report-schema.ts';
import { openAccountReader, type ReadItem } from '../src/ingest/read.ts';
import { DEFAULT_DELIVERY } from '../src/jobs/audit/audit-job-messages.ts';
import type { QueuedAuditOptions } from '../src/jobs/audit/audit-job-options.ts';
import { AuditJobService } from '../src/jobs/audit/audit-job-service.ts';
import { PgBossQueue } from '../src/jobs/queue/pg-boss-queue.ts';
import { type Detector, loadDetector } from '../src/model/detector.ts';
import { openPostgresStore } from '../src/store/dialects/postgres.ts';
import type { Store } from '../src/store/store.ts';
import { POSTGRES_URL, postgresSkip } from './postgres-under-test.ts';
import { spawnRealreachWorker } from './realreach-worker.ts';
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
  /** A token the servers this test starts take. */
  token?: string;

  /**
   * `expireSeconds`: when a shard's delivery expires (its worker presumed dead) and it is retried. Short (20 s) where a
   * test kills a worker, so its shard comes back soon; long where none is killed, so a machine loaded by other work
   * (four workers on two cores take longer than 20 s a shard there) does not expire live shards into a failed job.
   */
  constructor(
    readonly url: string,
    readonly expireSeconds = 20,
  ) {
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
      delivery: { ...DEFAULT_DELIVERY, retryDelaySeconds: 1, expireInSeconds: this.expireSeconds },
    });
    await this.jobs.start();
    this.token = (await this.store.createToken('test')).token;
  }

  env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      DATABASE_URL: this.url,
      REALREACH_PG_SCHEMA: this.storeSchema,
      REALREACH_PGBOSS_SCHEMA: this.bossSchema,
      REALREACH_SHARD_EXPIRE_SECONDS: String(this.expireSeconds),
      REALREACH_SHARD_RETRY_DELAY_SECONDS: '1',
      REALREACH_QUEUE_MAINTENANCE_SECONDS: '1',
    };
  }

  /** A `realreach worker` process; resolves once it says it is working. */
  async spawnWorker(): Promise<ChildProcess> {
    return spawnRealreachWorker(MAIN, this.env(), this.workers);
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

/** `realreach serve --workers 0` on the cluster's schemas; resolves with its URL and first token once it listens. */
async function spawnServer(cluster: Cluster): Promise<{ child: ChildProcess; url: string; token: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', MAIN, 'serve', '--port', '0', '--workers', '0', '--no-example'],
    { env: cluster.env(), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  cluster.workers.add(child);
  child.on('exit', () => cluster.workers.delete(child));
  let output = '';
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  return new Promise((done, fail) => {
    child.stdout?.on('data', (chunk) => {
      output += chunk;
      const url = /dashboard (http:\/\/\S+\/) /.exec(output)?.[1];
      if (url) done({ child, url, token: cluster.token ?? '' });
    });
    child.on('exit', (code) => fail(new Error(`serve exited (${code}): ${output}`)));
  });
}

/** Every stored job has all its shards: the count and the records they hold add up. */
async function assertJobsWhole(cluster: Cluster): Promise<number> {
  const { rows } = await cluster.pool.query(
    `select j.id, j.shard_count, j.records::int as records, count(s.shard)::int as shards, coalesce(sum(s.records), 0)::int as held
     from ${cluster.storeSchema}.audit_jobs j left join ${cluster.storeSchema}.audit_job_shards s on s.job_id = j.id
     group by j.id`,
  );
  for (const row of rows) {
    assert.equal(
      row.shards,
      row.shard_count,
      `job ${row.id}: ${row.shards} shards stored of ${row.shard_count}`,
    );
    assert.equal(row.held, row.records, `job ${row.id}: ${row.held} records stored of ${row.records}`);
  }
  return rows.length;
}

/** A PostgreSQL cluster of this test's own, on a random port in a temporary folder (run as the postgres user when root). */
class PrivateCluster {
  /** Made by start(), so a run that skips these tests leaves no folder behind. */
  dir = '';
  readonly port = 20_000 + Math.floor(Math.random() * 20_000);
  readonly url = `postgres://postgres@127.0.0.1:${this.port}/postgres`;

  #run(command: string, args: string[]): void {
    const asRoot = process.getuid?.() === 0;
    execFileSync(
      asRoot ? 'runuser' : join(PG_BIN, command),
      asRoot ? ['-u', 'postgres', '--', join(PG_BIN, command), ...args] : args,
      {
        stdio: 'ignore',
      },
    );
  }

  start(): void {
    this.dir = mkdtempSync(join(tmpdir(), 'realreach-pg-'));
    chmodSync(this.dir, 0o777);
    if (process.getuid?.() === 0) execFileSync('chown', ['postgres', this.dir]);
    this.#run('initdb', ['-D', join(this.dir, 'data'), '-A', 'trust', '-U', 'postgres']);
    this.#ctl('start');
  }

  #ctl(action: string): void {
    this.#run('pg_ctl', [
      '-D',
      join(this.dir, 'data'),
      '-l',
      join(this.dir, 'log'),
      '-w',
      '-m',
      'fast',
      '-o',
      `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1`,
      action,
    ]);
  }

  restart(): void {
    this.#ctl('restart');
  }

  stop(): void {
    if (this.dir === '') return;
    try {
      this.#ctl('stop');
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}

before(async () => {
  if (postgresSkip) return;
  detector = await loadDetector('x');
  for await (const item of await openAccountReader(DEMO)) demo.push(item);
});

describe('audit jobs on PostgreSQL (pg-boss, worker processes): 1 worker and 4', {
  skip: postgresSkip,
}, () => {
  // No worker is killed here: shards expire only after 10 min, as by default.
  const cluster = new Cluster(POSTGRES_URL, 600);
  const items200k = () => followersOf(200_000);

  before(async () => {
    await cluster.open();
  });
  after(() => cluster.close());

  it('1 worker and 4 worker processes give the report of one pass on 200,000 followers', {
    timeout: 900_000,
  }, async () => {
    const reference = await singlePass(items200k());
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
});

describe('audit jobs on PostgreSQL (pg-boss, worker processes)', { skip: postgresSkip }, () => {
  const cluster = new Cluster(POSTGRES_URL);

  before(async () => {
    await cluster.open();
  });
  after(() => cluster.close());

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

  it('a server killed (kill -9) right after accepting an upload leaves a queued job the workers finish; killed mid-upload, no job', {
    timeout: 600_000,
  }, async () => {
    const lines = readFileSync(DEMO, 'utf8').trim().split('\n');
    const body = Array.from({ length: 60_000 }, (_, i) => {
      const record = JSON.parse(lines[i % lines.length] as string) as { id: string };
      return JSON.stringify({ ...record, id: `${record.id}-${Math.floor(i / lines.length)}` });
    }).join('\n');
    const server = await spawnServer(cluster);
    const response = await fetch(`${server.url}api/v1/audits?filename=followers.jsonl`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${cluster.token}`, 'Content-Type': 'application/x-ndjson' },
      body,
    });
    server.child.kill('SIGKILL');
    assert.equal(response.status, 202, await response.clone().text());
    const jobId = Number(response.headers.get('location')?.split('/').at(-1));
    assert.equal((await cluster.store.jobs.getJob(jobId))?.state, 'queued');
    await assertJobsWhole(cluster);

    const again = await spawnServer(cluster);
    const before = (await cluster.store.jobs.listJobs({ limit: 1000 })).length;
    const controller = new AbortController();
    // An upload that never ends on its own — until it is aborted: a body still pulled after the abort (fetch drains
    // it) would otherwise arm a 200 ms timer for ever and keep this file from exiting.
    const slow = new ReadableStream<Uint8Array>({
      async pull(stream) {
        if (controller.signal.aborted) {
          stream.close();
          return;
        }
        stream.enqueue(new TextEncoder().encode(`${body.slice(0, 2_000_000)}\n`));
        await delay(200);
      },
    });
    const upload = fetch(`${again.url}api/v1/audits?filename=slow.jsonl`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${cluster.token}`, 'Content-Type': 'application/x-ndjson' },
      body: slow,
      duplex: 'half',
      signal: controller.signal,
    } as RequestInit).catch(() => undefined);
    await delay(1500);
    again.child.kill('SIGKILL');
    controller.abort();
    await upload;
    assert.equal(
      (await cluster.store.jobs.listJobs({ limit: 1000 })).length,
      before,
      'no job from the cut upload',
    );
    await assertJobsWhole(cluster);

    await cluster.spawnWorker();
    const report = await cluster.waitForJob(jobId);
    assert.equal(report.followersRead, 60_000);
    for (const child of cluster.workers) child.kill('SIGTERM');
  });
});

describe('audit jobs through a PostgreSQL restart', { skip: postgresSkip }, () => {
  const server = new PrivateCluster();
  let cluster: Cluster;

  before(async () => {
    server.start();
    cluster = new Cluster(server.url);
    await cluster.open();
  });
  after(async () => {
    await cluster.close().catch(() => undefined);
    server.stop();
  });

  it('workers reconnect after PostgreSQL restarts under load and finish with the report of one pass', {
    timeout: 600_000,
  }, async () => {
    const items = followersOf(100_000);
    const uninterrupted = await singlePass(items);
    const id = await cluster.jobs.submit({ owner: 'test', followers: sourceOf(items), options: OPTIONS });
    await Promise.all([cluster.spawnWorker(), cluster.spawnWorker()]);
    while ((await cluster.shardsUnderWay(id)) === 0) await delay(50);
    server.restart();
    assert.deepEqual(await cluster.waitForJob(id, 480_000), uninterrupted);
    for (const child of cluster.workers) child.kill('SIGTERM');
  });
});
