// A store schema and a pg-boss schema of their own on the test PostgreSQL, the `realreach` CLI and `realreach worker` processes run against them: what the fetch-job tests with real processes share.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { fetchedFollowerLines } from '../src/jobs/fetch/fetched-followers.ts';
import { openPostgresStore } from '../src/store/dialects/postgres.ts';
import type { FetchJob } from '../src/store/jobs/fetch-job-store.ts';
import type { Store } from '../src/store/store.ts';
import { POSTGRES_URL } from './postgres-under-test.ts';
import { spawnRealreachWorker } from './realreach-worker.ts';

export const MAIN = resolve(import.meta.dirname, '..', 'src', 'interfaces', 'cli', 'main.ts');

export class FetchCluster {
  readonly storeSchema = `rr_fetch_${randomBytes(5).toString('hex')}`;
  readonly bossSchema = `rr_fboss_${randomBytes(5).toString('hex')}`;
  readonly children = new Set<ChildProcess>();
  readonly pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 2 });
  readonly dir = mkdtempSync(join(tmpdir(), 'realreach-fetch-jobs-'));
  store!: Store;

  /** `pagesPerStep` pages a fetch step; `extraEnv` for every process (an X token). */
  constructor(
    readonly pagesPerStep: number,
    readonly extraEnv: NodeJS.ProcessEnv = {},
  ) {}

  async open(): Promise<void> {
    this.pool.on('error', () => undefined);
    this.store = await openPostgresStore({ connectionString: POSTGRES_URL, schema: this.storeSchema });
  }

  env(): NodeJS.ProcessEnv {
    const { REALREACH_FAULT: _fault, ...inherited } = process.env;
    return {
      ...inherited,
      DATABASE_URL: POSTGRES_URL,
      REALREACH_PG_SCHEMA: this.storeSchema,
      REALREACH_PGBOSS_SCHEMA: this.bossSchema,
      REALREACH_QUEUE_MAINTENANCE_SECONDS: '1',
      REALREACH_FETCH_PAGES_PER_STEP: String(this.pagesPerStep),
      // A killed worker's step is taken again 6 s after it began (a step here takes about 0.6 s).
      REALREACH_FETCH_EXPIRE_SECONDS: '6',
      REALREACH_FETCH_RETRY_DELAY_SECONDS: '1',
      ...this.extraEnv,
    };
  }

  /** Runs `realreach <args>` to its end; resolves with its stdout. */
  async run(args: string[]): Promise<string> {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
      env: this.env(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise<number | null>((done) => child.on('exit', done));
    assert.equal(code, 0, `realreach ${args.join(' ')} exited ${code}: ${stderr}`);
    return stdout;
  }

  /** `realreach fetch <profile> --queue --base-url <url> …args`: the job's id. */
  async submit(profile: string, baseUrl: string, args: string[] = []): Promise<number> {
    const out = await this.run(['fetch', profile, '--queue', '--base-url', baseUrl, ...args]);
    return Number(out.trim());
  }

  /** A `realreach worker` process; resolves once it says it is working. */
  async spawnWorker(): Promise<ChildProcess> {
    return spawnRealreachWorker(MAIN, this.env(), this.children, ['--fetches', '2']);
  }

  /**
   * A `realreach worker` told to kill itself at `fault` (REALREACH_FAULT): resolves with the signal it ended by
   * and its output, whether or not it got to say it was working.
   */
  async runDoomedWorker(
    fault: string,
    timeoutMs = 120_000,
  ): Promise<{ signal: string | null; output: string }> {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'worker', '--fetches', '2'], {
      env: { ...this.env(), REALREACH_FAULT: fault },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.children.add(child);
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    const signal = await new Promise<string | null>((done) => child.on('exit', (_code, sig) => done(sig)));
    clearTimeout(timer);
    this.children.delete(child);
    return { signal, output };
  }

  async waitFor(id: number, until: (job: FetchJob) => boolean, timeoutMs = 120_000): Promise<FetchJob> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const job = await this.store.fetchJobs.getFetchJob(id);
      assert.ok(job, `no fetch job ${id}`);
      assert.ok(
        job.state !== 'failed' && job.state !== 'cancelled',
        `fetch job ${id}: ${job.state} ${job.error}`,
      );
      if (until(job)) return job;
      assert.ok(Date.now() < deadline, `fetch job ${id} not there in time: ${JSON.stringify(job)}`);
      await delay(100);
    }
  }

  async followerLines(id: number): Promise<string[]> {
    let text = '';
    for await (const lines of fetchedFollowerLines(this.store, id)) text += lines;
    return text.split('\n').filter((line) => line !== '');
  }

  async stopWorkers(): Promise<void> {
    const exits = [...this.children].map((child) => new Promise((done) => child.on('exit', done)));
    for (const child of this.children) child.kill('SIGTERM');
    await Promise.race([Promise.all(exits), delay(20_000)]);
  }

  async close(): Promise<void> {
    for (const child of this.children) child.kill('SIGKILL');
    await this.store?.close().catch(() => undefined);
    try {
      await this.pool.query(`drop schema if exists ${this.storeSchema} cascade`);
      await this.pool.query(`drop schema if exists ${this.bossSchema} cascade`);
    } finally {
      await this.pool.end();
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}

/** A record without the time it was read (two fetches read at different times; everything else must match). */
export function withoutReadTime(line: string): Record<string, unknown> {
  const { observedAt: _observedAt, ...rest } = JSON.parse(line) as Record<string, unknown>;
  return rest;
}
