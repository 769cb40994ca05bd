// Scale-out on PostgreSQL: audit followers/s with 1 and 2 `realreach worker` processes (pg-boss, the built CLI) with each phase's wall and CPU time, each worker's timeline (shards taken, idle gaps, where its main thread's time went), who used the machine's cores meanwhile, the queue's overhead per shard, the merge of 100 shard partials, and the storage each follower costs.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { auditPart, type FollowerSource } from '../src/audit/audit-followers.ts';
import {
  type AuditPartial,
  mergeAuditPartials,
  parseAuditPartial,
  serializeAuditPartial,
} from '../src/audit/audit-partial.ts';
import type { ReadItem } from '../src/ingest/read.ts';
import { DEFAULT_DELIVERY, SHARD_QUEUE } from '../src/jobs/audit/audit-job-messages.ts';
import { AuditJobService } from '../src/jobs/audit/audit-job-service.ts';
import { encodeRecords } from '../src/jobs/audit/shard-records.ts';
import { type PhaseTiming, TIMING_LINE_PREFIX } from '../src/jobs/phase-timing.ts';
import type { JobQueue } from '../src/jobs/queue/job-queue.ts';
import { PgBossQueue } from '../src/jobs/queue/pg-boss-queue.ts';
import { loadDetector } from '../src/model/detector.ts';
import { openPostgresStore } from '../src/store/dialects/postgres.ts';
import type { Store } from '../src/store/store.ts';
import { BackendWaits } from './backend-waits.ts';
import { benchCopyOrder, type CopyOrderRun, renderCopyOrder } from './copy-order.ts';
import { type MachineCpu, type MachineSnapshot, machineCpuBetween, machineSnapshot } from './machine-cpu.ts';
import { CpuSampler } from './process-cpu.ts';
import { makeFollower, seededRandom, syntheticAccount } from './synthetic-accounts.ts';

/** The shipped CLI (`realreach worker` as installed: dist/, with bin/realreach.js's V8 flags). */
const BIN = resolve(import.meta.dirname, '..', 'bin', 'realreach.js');
const DIST_MAIN = resolve(import.meta.dirname, '..', 'dist', 'interfaces', 'cli', 'main.js');
const DIST_BUILT = resolve(import.meta.dirname, '..', 'dist', '.built');
const SRC = resolve(import.meta.dirname, '..', 'src');

/** The newest modification time of a file under `dir` (ms). */
function newestUnder(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestUnder(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Why the built CLI cannot be measured (missing, or older than a source file), or undefined. */
function distProblem(): string | undefined {
  if (!existsSync(DIST_MAIN) || !existsSync(DIST_BUILT))
    return `${DIST_MAIN} is missing: run \`npm run build\` first (the workers run the built CLI)`;
  if (statSync(DIST_BUILT).mtimeMs < newestUnder(SRC))
    return 'dist/ is older than a file under src/: run `npm run build` first (the workers run the built CLI)';
  return undefined;
}
const URL = process.env.REALREACH_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SHARD_RECORDS = 25_000;
/** The workers' PostgreSQL connections carry this name, so their backends' CPU can be found. */
const WORKER_APPLICATION = 'realreach-bench-worker';

interface TimeSpent {
  count: number;
  wallMs: number;
  cpuMs: number;
}

/** One timed job: from queued to saved, with where the time went. */
export interface ScaleRun {
  workers: number;
  seconds: number;
  followersPerSecond: number;
  /** Reading the upload into shards and storing them (the submitting process). */
  submit: TimeSpent;
  /** Each phase summed over shards (`shard:*`) or the one merge (`finish:*`), as the workers timed them. */
  phases: Record<string, TimeSpent>;
  /** Each worker's CPU in shard phases: the busiest is the parallel part of the critical path. */
  shardCpuMsByWorker: number[];
  /** The busiest worker's shards + the merge and final save: the CPU on the queued-to-saved path that waiting less cannot shorten. */
  criticalCpuMs: number;
  /** Queue waits: first shard queued to taken, last shard saved to merge taken, audit saved to job seen done. */
  waitsMs: { firstShard: number; merge: number; seenDone: number };
  /** CPU of the worker processes and of their PostgreSQL backends while the job ran (from /proc). */
  cpuMs: { workers: number; postgres: number };
  /** How long the backends were runnable but waiting for a core (/proc/<pid>/schedstat). */
  postgresRunQueueMs: number;
  /** Each worker's shards and merge on the job's clock (ms from queued), in the order it took them. */
  timelines: WorkerTimeline[];
  /** The whole machine's CPU from queued to done, by who used it (undefined without /proc). */
  machine?: MachineCpu;
  /** What the workers' backends were doing from queued to done (pg_stat_activity, sampled), seconds summed over backends. */
  backendWaits: { activity: string; seconds: number }[];
}

/** A phase as one worker lived it, summed over its shards: wall and CPU, and its main thread's share of the wall. */
interface ThreadTime {
  wallMs: number;
  cpuMs: number;
  runMs: number;
  runQueueMs: number;
}

/** One shard (or the merge) on a worker's timeline: from its first phase's start to its last's end, ms from queued. */
interface Span {
  shard?: number;
  startMs: number;
  endMs: number;
  /** Wall ms by phase name without its prefix (`read`, `model`, `score`, …). */
  phases: Record<string, number>;
}

export interface WorkerTimeline {
  spans: Span[];
  /** Wall ms from one shard's end to the next one's start on this worker: fetching the next message. */
  gapsMs: number[];
  /** The shard phases on this worker, summed over its shards. */
  phases: Record<string, ThreadTime>;
}

/** Groups one worker's timings of one job into spans on the job's clock, with the gaps between shards. */
function timelineOf(mine: readonly PhaseTiming[], queuedAt: number): WorkerTimeline {
  const bySpan = new Map<string, Span>();
  const phases: Record<string, ThreadTime> = {};
  for (const timing of mine) {
    const key = timing.shard === undefined ? 'merge' : `shard ${timing.shard}`;
    const start = timing.startedAt - queuedAt;
    const end = start + timing.wallMs;
    const span = bySpan.get(key) ?? { shard: timing.shard, startMs: start, endMs: end, phases: {} };
    span.startMs = Math.min(span.startMs, start);
    span.endMs = Math.max(span.endMs, end);
    const name = timing.phase.slice(timing.phase.indexOf(':') + 1);
    span.phases[name] = (span.phases[name] ?? 0) + timing.wallMs;
    bySpan.set(key, span);
    if (timing.shard !== undefined) {
      const sum = phases[timing.phase] ?? { wallMs: 0, cpuMs: 0, runMs: 0, runQueueMs: 0 };
      sum.wallMs += timing.wallMs;
      sum.cpuMs += timing.cpuMs;
      sum.runMs += timing.thread?.runMs ?? Number.NaN;
      sum.runQueueMs += timing.thread?.runQueueMs ?? Number.NaN;
      phases[timing.phase] = sum;
    }
  }
  const spans = [...bySpan.values()].sort((a, b) => a.startMs - b.startMs);
  const shards = spans.filter((span) => span.shard !== undefined);
  const gapsMs = shards.slice(1).map((span, i) => span.startMs - (shards[i] as Span).endMs);
  return { spans, gapsMs, phases };
}

export interface ScaleBench {
  skipped?: string;
  followers: number;
  shards: number;
  rates: ScaleRun[];
  overheadShards: number;
  overheadMsPerShard: number;
  mergeShards: number;
  mergeMs: number;
  parseMs: number;
  partialBytes: number;
  inputBytesPerFollower: number;
  followerRowBytes: number;
  /** Two shards' rows COPYed one after the other and side by side, in the order scored and in the type index's. */
  copyOrder: CopyOrderRun[];
  loadBefore: number[];
  loadAfter: number[];
}

function followers(n: number, seed: number): ReadItem[] {
  const random = seededRandom(seed);
  const observedAt = new Date('2026-10-01T00:00:00Z');
  return Array.from({ length: n }, (_, i) => ({
    ok: true as const,
    account: syntheticAccount(makeFollower(random, i, 0.3, observedAt)),
  }));
}

function sourceOf(items: ReadItem[]): FollowerSource {
  return {
    format: { name: 'realreach' },
    input: { display: 'bench.jsonl' },
    notes: [],
    async *batches() {
      for (let start = 0; start < items.length; start += 2000) yield items.slice(start, start + 2000);
    },
  };
}

async function spawnWorker(env: NodeJS.ProcessEnv, timings: PhaseTiming[][]): Promise<ChildProcess> {
  const child = spawn(process.execPath, [BIN, 'worker'], {
    env: { ...env, REALREACH_JOB_TIMINGS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const mine: PhaseTiming[] = [];
  timings.push(mine);
  let output = '';
  let pending = '';
  child.stderr?.on('data', (chunk) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (line.startsWith(TIMING_LINE_PREFIX))
        mine.push(JSON.parse(line.slice(TIMING_LINE_PREFIX.length)) as PhaseTiming);
      else output += `${line}\n`;
    }
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

async function waitDone(store: Store, id: number): Promise<void> {
  for (;;) {
    const job = await store.jobs.getJob(id);
    if (job?.state === 'done') return;
    if (job && job.state !== 'queued' && job.state !== 'running')
      throw new Error(`job ${id}: ${job.state} ${job.error}`);
    // Often: the wait to see the job done is in both timings, one worker's and two's.
    await delay(20);
  }
}

const spent = (timings: readonly { wallMs: number; cpuMs: number }[]): TimeSpent => ({
  count: timings.length,
  wallMs: timings.reduce((sum, timing) => sum + timing.wallMs, 0),
  cpuMs: timings.reduce((sum, timing) => sum + timing.cpuMs, 0),
});

/** When a job's first shard message was sent: its clock starts there (a worker may take it before the rest are sent). */
interface FirstSend {
  perf?: number;
  epoch?: number;
  /** This process's CPU then (the submission's ends there). */
  cpu?: NodeJS.CpuUsage;
  machine?: MachineSnapshot;
}

/** `queue`, noting in `first` when the first shard message after a reset is sent. */
function noteFirstSend(queue: JobQueue, first: FirstSend): JobQueue {
  return {
    kind: queue.kind,
    start: () => queue.start(),
    send(name, data, options) {
      if (name === SHARD_QUEUE && first.perf === undefined) {
        first.perf = performance.now();
        first.epoch = Date.now();
        first.cpu = process.cpuUsage();
        first.machine = machineSnapshot();
      }
      return queue.send(name, data, options);
    },
    work: (name, options, handler) => queue.work(name, options, handler),
    cancel: (name, id) => queue.cancel(name, id),
    stop: () => queue.stop(),
  };
}

/**
 * Submits `items` and times the job from queued (its first shard message sent) to done with `workers` worker
 * processes already waiting; the submission (reading the upload into shards and storing them, which the API does
 * before it answers 202) is timed apart.
 */
async function timedJob(
  jobs: AuditJobService,
  first: FirstSend,
  store: Store,
  pool: pg.Pool,
  env: NodeJS.ProcessEnv,
  items: ReadItem[],
  workers: number,
): Promise<ScaleRun> {
  const timings: PhaseTiming[][] = [];
  const children = await Promise.all(Array.from({ length: workers }, () => spawnWorker(env, timings)));
  const sampler = new CpuSampler(pool, WORKER_APPLICATION);
  children.forEach((child, i) => {
    sampler.add(child.pid as number, `worker ${i + 1}`);
  });
  try {
    await sampler.start();
    // Idle backends are not counted: started now, it counts from the first shard taken on.
    const waits = new BackendWaits(URL, WORKER_APPLICATION);
    await waits.start();
    first.perf = undefined;
    const submitStart = performance.now();
    const submitCpu = process.cpuUsage();
    const id = await jobs.submit({
      owner: 'bench',
      followers: sourceOf(items),
      options: { tableSize: 100, explainTop: 100 },
    });
    const start = first.perf ?? performance.now();
    const sentCpu = first.cpu ?? process.cpuUsage();
    const submitted = {
      at: first.epoch ?? Date.now(),
      wallMs: start - submitStart,
      cpu: { user: sentCpu.user - submitCpu.user, system: sentCpu.system - submitCpu.system },
    };
    const machineBefore = first.machine;
    await waitDone(store, id);
    const seconds = (performance.now() - start) / 1000;
    const doneAt = Date.now();
    const machineAfter = machineSnapshot();
    const backendWaits = await waits.stop();
    const cpu = await sampler.stop();
    // The merge's last timing line is written after the job is marked done: give it a moment to arrive.
    for (let waited = 0; waited < 2000; waited += 50) {
      if (timings.flat().some((timing) => timing.jobId === id && timing.phase === 'finish:close')) break;
      await delay(50);
    }
    const all = timings.flat().filter((timing) => timing.jobId === id);
    const phases: Record<string, TimeSpent> = {};
    for (const name of [...new Set(all.map((timing) => timing.phase))].sort())
      phases[name] = spent(all.filter((timing) => timing.phase === name));
    const shardCpuMsByWorker = timings.map(
      (mine) =>
        spent(mine.filter((timing) => timing.jobId === id && timing.phase.startsWith('shard:'))).cpuMs,
    );
    const submit = {
      count: 1,
      wallMs: submitted.wallMs,
      cpuMs: (submitted.cpu.user + submitted.cpu.system) / 1000,
    };
    const finish = spent(all.filter((timing) => timing.phase.startsWith('finish:')));
    const end = (timing: PhaseTiming) => timing.startedAt + timing.wallMs;
    const shardTimings = all.filter((timing) => timing.shard !== undefined);
    const firstShard = Math.min(...shardTimings.map((timing) => timing.startedAt));
    const lastShard = Math.max(...shardTimings.map(end));
    const finishTimings = all.filter((timing) => timing.shard === undefined);
    const mergeStart = Math.min(...finishTimings.map((timing) => timing.startedAt));
    const finishEnd = Math.max(...finishTimings.map(end));
    let workerCpu = 0;
    for (const [group, ms] of cpu) if (group !== 'postgres') workerCpu += ms;
    return {
      workers,
      seconds,
      followersPerSecond: items.length / seconds,
      submit,
      phases,
      shardCpuMsByWorker,
      criticalCpuMs: Math.max(...shardCpuMsByWorker) + finish.cpuMs,
      waitsMs: {
        firstShard: firstShard - submitted.at,
        merge: mergeStart - lastShard,
        seenDone: doneAt - finishEnd,
      },
      cpuMs: { workers: workerCpu, postgres: cpu.get('postgres') ?? 0 },
      postgresRunQueueMs: sampler.runQueueMs().get('postgres') ?? 0,
      backendWaits,
      timelines: timings.map((mine) =>
        timelineOf(
          mine.filter((timing) => timing.jobId === id),
          submitted.at,
        ),
      ),
      ...(machineBefore && machineAfter
        ? {
            machine: machineCpuBetween(machineBefore, machineAfter, (pid, comm) => {
              const group = sampler.groupOf(pid);
              if (group === 'postgres') return 'their PostgreSQL backends';
              if (group !== undefined) return 'workers';
              if (pid === process.pid) return 'the bench (submitting, polling the job)';
              if (comm === 'postgres')
                return 'other PostgreSQL processes (WAL writer, checkpointer, autovacuum, the bench’s connections)';
              return 'other processes on the machine';
            }),
          }
        : {}),
    };
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((child) => new Promise((done) => child.once('exit', done))));
  }
}

async function measureMerge(shards: number, perShard: number) {
  const detector = await loadDetector('x');
  const items = followers(shards * perShard, 7);
  const texts: string[] = [];
  let inputBytes = 0;
  for (let shard = 0; shard < shards; shard++) {
    const records = items.slice(shard * perShard, (shard + 1) * perShard);
    const { partial } = await auditPart(
      {
        async *batches() {
          yield records;
        },
      },
      {
        detectorFor: async () => detector,
        tableSize: 100,
        mostSuspicious: 10,
        firstPosition: shard * perShard,
      },
    );
    texts.push(serializeAuditPartial(partial));
    // What a shard keeps in the database until its audit is saved: its input, gzipped.
    inputBytes += encodeRecords(records).length;
  }
  const parseStart = performance.now();
  const parts = texts.map(parseAuditPartial);
  const parseMs = performance.now() - parseStart;
  const mergeStart = performance.now();
  let merged: AuditPartial = parts[0] as AuditPartial;
  for (const part of parts.slice(1)) merged = mergeAuditPartials(merged, part);
  const mergeMs = performance.now() - mergeStart;
  return {
    parseMs,
    mergeMs,
    partialBytes: Math.round(texts.reduce((sum, text) => sum + text.length, 0) / shards),
    inputBytesPerFollower: inputBytes / items.length,
  };
}

export async function benchScale(options: {
  scale: number;
  log: (line: string) => void;
}): Promise<ScaleBench> {
  const loadBefore = loadavg();
  const merge = await measureMerge(100, 500);
  const base: ScaleBench = {
    followers: 0,
    shards: 0,
    rates: [],
    overheadShards: 0,
    overheadMsPerShard: 0,
    mergeShards: 100,
    mergeMs: merge.mergeMs,
    parseMs: merge.parseMs,
    partialBytes: merge.partialBytes,
    inputBytesPerFollower: merge.inputBytesPerFollower,
    followerRowBytes: 0,
    copyOrder: [],
    loadBefore,
    loadAfter: loadBefore,
  };
  const stale = distProblem();
  if (stale !== undefined) return { ...base, skipped: stale };
  const pool = new pg.Pool({ connectionString: URL, max: 2 });
  pool.on('error', () => undefined);
  try {
    await pool.query('select 1');
  } catch (error) {
    await pool.end();
    return { ...base, skipped: `no PostgreSQL at ${URL}: ${(error as Error).message}` };
  }
  const storeSchema = `rr_bench_${randomBytes(5).toString('hex')}`;
  const bossSchema = `rr_bboss_${randomBytes(5).toString('hex')}`;
  const store = await openPostgresStore({ connectionString: URL, schema: storeSchema });
  const first: FirstSend = {};
  const jobs = new AuditJobService({
    store,
    queue: noteFirstSend(
      new PgBossQueue({ connectionString: URL, schema: bossSchema, log: () => {} }),
      first,
    ),
    detector: () => loadDetector('x'),
    shardRecords: SHARD_RECORDS,
    maxOpenJobs: 1000,
    delivery: { ...DEFAULT_DELIVERY, expireInSeconds: 600 },
  });
  const env = {
    ...process.env,
    DATABASE_URL: `${URL}${URL.includes('?') ? '&' : '?'}application_name=${WORKER_APPLICATION}`,
    REALREACH_PG_SCHEMA: storeSchema,
    REALREACH_PGBOSS_SCHEMA: bossSchema,
  };
  try {
    await jobs.start();
    const n = Math.max(SHARD_RECORDS * 2, Math.round(200_000 * options.scale));
    const items = followers(n, 1);
    const rates: ScaleBench['rates'] = [];
    for (const workers of [1, 2]) {
      options.log(`scale: ${n} followers with ${workers} worker process(es)…`);
      rates.push(await timedJob(jobs, first, store, pool, env, items, workers));
    }
    options.log('scale: queue overhead with 100 one-follower shards…');
    const tiny = new AuditJobService({
      store,
      queue: noteFirstSend(
        new PgBossQueue({ connectionString: URL, schema: bossSchema, log: () => {} }),
        first,
      ),
      detector: () => loadDetector('x'),
      shardRecords: 1,
      maxOpenJobs: 1000,
    });
    await tiny.start();
    const overheadShards = 100;
    const overhead = await timedJob(tiny, first, store, pool, env, followers(overheadShards, 3), 1);
    await tiny.stop();
    options.log('scale: two shards COPYed one after the other and side by side, in two orders…');
    const copyOrder = await benchCopyOrder(URL, await loadDetector('x'), {
      perShard: SHARD_RECORDS,
      repeats: 5,
    });
    const rows = await pool.query(
      `select pg_total_relation_size('${storeSchema}.audit_followers')::float8 as bytes, (select count(*) from ${storeSchema}.audit_followers)::float8 as n`,
    );
    return {
      ...base,
      followers: n,
      shards: Math.ceil(n / SHARD_RECORDS),
      rates,
      overheadShards,
      overheadMsPerShard: (overhead.seconds * 1000) / overheadShards,
      followerRowBytes: rows.rows[0].bytes / rows.rows[0].n,
      copyOrder,
      loadAfter: loadavg(),
    };
  } finally {
    await jobs.stop();
    await store.close();
    await pool.query(`drop schema if exists ${storeSchema} cascade`);
    await pool.query(`drop schema if exists ${bossSchema} cascade`);
    await pool.end();
  }
}

/** Phases in the order a job lives them, with what each does. */
const PHASES: [string, string][] = [
  ['shard:read', 'shard: job row, input read and decoded'],
  ['shard:score', 'shard: scoring (features, trees, tally)'],
  ['shard:save', "shard: partial and its followers' rows saved"],
  ['shard:handoff', 'shard: last one? queue the merge'],
  ['finish:merge', 'merge: partials read and merged'],
  ['finish:report', 'merge: report (bootstrap, explanations)'],
  ['finish:save', 'merge: audit row saved (with a sample: its rows)'],
  ['finish:close', 'merge: job done, shard data released'],
];

const sec = (ms: number) => (ms / 1000).toFixed(2);
const workersLabel = (n: number) => `${n} worker${n === 1 ? '' : 's'}`;

/** Whether the wall ratio was measured at rest: what other processes took of the cores during each run. */
function atRest(rates: readonly ScaleRun[]): string {
  const others = rates.map((rate) => {
    const machine = rate.machine;
    if (machine === undefined) return undefined;
    const ms = (machine.byGroup.get('other processes on the machine') ?? 0) + machine.unaccountedMs;
    return ms / machine.wallMs;
  });
  if (others.some((cores) => cores === undefined)) return '';
  const cores = others as number[];
  return Math.max(...cores) < 0.1
    ? ' Other processes took under 0.1 of a core meanwhile: at rest.'
    : ` **Not at rest**: other processes took ${cores.map((core) => core.toFixed(2)).join(' and ')} of a core during the runs (the table below), so this ratio is partly theirs.`;
}

/** Each worker's shards on the job's clock, and how much of the job it was busy. */
function renderTimelines(rates: readonly ScaleRun[]): string[] {
  const lines = [
    "Each worker's timeline, seconds from queued (the first shard message sent): `#shard start→end (wall s of each phase)`, and between shards the gap while it fetched the next message:",
    '',
    '```',
  ];
  for (const rate of rates) {
    lines.push(`${workersLabel(rate.workers)}, job done at ${rate.seconds.toFixed(2)}:`);
    rate.timelines.forEach((timeline, i) => {
      const parts: string[] = [];
      timeline.spans.forEach((span, k) => {
        const previous = timeline.spans[k - 1];
        if (previous) parts.push(`(+${sec(span.startMs - previous.endMs)})`);
        const phases = Object.entries(span.phases)
          .map(([name, ms]) => `${name} ${sec(ms)}`)
          .join(', ');
        parts.push(
          `${span.shard === undefined ? 'merge' : `#${span.shard}`} ${sec(span.startMs)}→${sec(span.endMs)} (${phases})`,
        );
      });
      lines.push(`  worker ${i + 1}: ${parts.join(' ')}`);
    });
  }
  lines.push(
    '```',
    '',
    '| workers | worker | shards | first shard taken at (s) | busy (s, share of the job) | idle between shards (s, longest) | idle after its last shard and merge (s) |',
    '| ------: | -----: | -----: | -----------------------: | -------------------------: | -------------------------------: | --------------------------------------: |',
  );
  for (const rate of rates)
    rate.timelines.forEach((timeline, i) => {
      const shards = timeline.spans.filter((span) => span.shard !== undefined);
      const busy = timeline.spans.reduce((sum, span) => sum + span.endMs - span.startMs, 0);
      const gaps = timeline.gapsMs.reduce((sum, gap) => sum + gap, 0);
      const last = Math.max(...timeline.spans.map((span) => span.endMs));
      // A shard taken while the rest were being sent starts before the job's clock (0 = all sent).
      const window = rate.seconds * 1000 - Math.min(0, shards[0]?.startMs ?? 0);
      lines.push(
        `| ${rate.workers} | ${i + 1} | ${shards.length} | ${sec(shards[0]?.startMs ?? Number.NaN)} | ${sec(busy)} (${Math.round((busy / window) * 100)} %) | ${sec(gaps)} (${sec(Math.max(0, ...timeline.gapsMs))}) | ${sec(rate.seconds * 1000 - last)} |`,
      );
    });
  lines.push('');
  return lines;
}

/** Where each shard phase's wall time went on the workers' main threads (Linux schedstat). */
function renderThreads(rates: readonly ScaleRun[]): string[] {
  const names = ['shard:read', 'shard:model', 'shard:score', 'shard:save'];
  const lines = [
    "The workers' main threads in each shard phase, summed over shards (s): wall = on a core + waiting for a core (runnable, the cores taken) + asleep (waiting for the database, the event loop's next event, or V8's helper threads); CPU counts every thread of the process:",
    '',
    '| phase | workers | wall | main thread on a core | waiting for a core | asleep | process CPU |',
    '| :---- | ------: | ---: | --------------------: | -----------------: | -----: | ----------: |',
  ];
  for (const name of names)
    for (const rate of rates) {
      const sum = { wallMs: 0, cpuMs: 0, runMs: 0, runQueueMs: 0 };
      for (const timeline of rate.timelines) {
        const phase = timeline.phases[name];
        if (!phase) continue;
        sum.wallMs += phase.wallMs;
        sum.cpuMs += phase.cpuMs;
        sum.runMs += phase.runMs;
        sum.runQueueMs += phase.runQueueMs;
      }
      lines.push(
        `| ${name} | ${rate.workers} | ${sec(sum.wallMs)} | ${sec(sum.runMs)} | ${sec(sum.runQueueMs)} | ${sec(sum.wallMs - sum.runMs - sum.runQueueMs)} | ${sec(sum.cpuMs)} |`,
      );
    }
  lines.push('');
  return lines;
}

/** What the workers' backends did from queued to done. */
function renderBackendWaits(rates: readonly ScaleRun[]): string[] {
  const activities = [...new Set(rates.flatMap((rate) => rate.backendWaits.map((wait) => wait.activity)))];
  const seconds = (rate: ScaleRun, activity: string) =>
    rate.backendWaits.find((wait) => wait.activity === activity)?.seconds ?? 0;
  activities.sort((a, b) => rates.reduce((sum, rate) => sum + seconds(rate, b) - seconds(rate, a), 0));
  return [
    `What the workers' PostgreSQL backends were doing from queued to done, seconds summed over backends (pg_stat_activity sampled every 20 ms; \`idle\` between transactions not counted). Of their time "on a core", they were on one (their CPU) ${rates.map((rate) => sec(rate.cpuMs.postgres)).join(' and ')} s, and waiting for one ${rates.map((rate) => sec(rate.postgresRunQueueMs)).join(' and ')} s (/proc schedstat):`,
    '',
    `| backend activity | ${rates.map((rate) => workersLabel(rate.workers)).join(' | ')} |`,
    `| :-- | ${rates.map(() => '--:').join(' | ')} |`,
    ...activities.map(
      (activity) =>
        `| ${activity} | ${rates.map((rate) => seconds(rate, activity).toFixed(2)).join(' | ')} |`,
    ),
    '',
  ];
}

/** Who used the machine's cores from queued to done (/proc). */
function renderMachine(rates: readonly ScaleRun[]): string[] {
  const machines = rates.map((rate) => rate.machine);
  if (machines.some((machine) => machine === undefined)) return [];
  const all = machines as MachineCpu[];
  const groups = [...new Set(all.flatMap((machine) => [...machine.byGroup.keys()]))].sort();
  const row = (label: string, value: (machine: MachineCpu) => number) =>
    `| ${label} | ${all.map((machine) => `${sec(value(machine))} (${(value(machine) / machine.wallMs).toFixed(2)})`).join(' | ')} |`;
  return [
    "The machine's CPU from queued to done, core-seconds (cores on average), from /proc: whatever was not the workers and their backends competed with them for the cores.",
    '',
    `| | ${rates.map((rate) => workersLabel(rate.workers)).join(' | ')} |`,
    `| :-- | ${rates.map(() => '--:').join(' | ')} |`,
    row('busy, every process', (machine) => machine.busyMs),
    ...groups.map((group) => row(group, (machine) => machine.byGroup.get(group) ?? 0)),
    row(
      'busy, not accounted to a live process (processes that exited meanwhile)',
      (machine) => machine.unaccountedMs,
    ),
    row('idle', (machine) => machine.idleMs),
    row('stolen by the hypervisor', (machine) => machine.stealMs),
    '',
  ];
}

/** CPU ms per 1,000 followers, one decimal. */
const perThousand = (ms: number, followers: number) => ((ms / followers) * 1000).toFixed(1);

export function renderScaleBench(bench: ScaleBench): string {
  const load = (values: number[]) => values.map((value) => value.toFixed(2)).join(' ');
  const lines = ['## Scale-out: audit jobs on PostgreSQL (pg-boss, `realreach worker` processes)', ''];
  if (bench.skipped) lines.push(`Skipped: ${bench.skipped}`, '');
  else {
    const [one, two] = bench.rates;
    lines.push(
      `${bench.followers.toLocaleString('en-US')} followers in ${bench.shards} shards of ${SHARD_RECORDS.toLocaleString('en-US')}, timed from queued (its first shard message sent: a worker may take it while the rest are sent) to the audit saved (merge and final save included):`,
      '',
      '| workers | seconds | followers/s | CPU s: workers | CPU s: their PostgreSQL backends | cores busy |',
      '| ------: | ------: | ----------: | -------------: | -------------------------------: | ---------: |',
      ...bench.rates.map(
        (rate) =>
          `| ${rate.workers} | ${rate.seconds.toFixed(1)} | ${Math.round(rate.followersPerSecond).toLocaleString('en-US')} | ${sec(rate.cpuMs.workers)} | ${sec(rate.cpuMs.postgres)} | ${((rate.cpuMs.workers + rate.cpuMs.postgres) / 1000 / rate.seconds).toFixed(2)} |`,
      ),
      '',
      `Per 1,000 followers (each scored and its row stored): ${bench.rates.map((rate) => `${rate.workers} worker${rate.workers === 1 ? '' : 's'} ${perThousand(rate.cpuMs.workers, bench.followers)} ms of worker CPU and ${perThousand(rate.cpuMs.postgres, bench.followers)} ms of their PostgreSQL backends'`).join('; ')} — CPU time, which the machine's load changes far less than wall time.`,
      '',
    );
    if (one && two) {
      const finishCpu = (run: ScaleRun) =>
        Object.entries(run.phases)
          .filter(([name]) => name.startsWith('finish:'))
          .reduce((sum, [, phase]) => sum + phase.cpuMs, 0);
      const serial = finishCpu(one) / one.criticalCpuMs;
      lines.push(
        'Where the time went (wall and CPU seconds of the worker doing it, summed over shards; the busiest worker sets the pace):',
        '',
        '| phase | 1 worker: wall | CPU | 2 workers: wall | CPU |',
        '| :---- | -------------: | --: | --------------: | --: |',
        `| submit: upload read into shards and stored (API side, before queued) | ${sec(one.submit.wallMs)} | ${sec(one.submit.cpuMs)} | ${sec(two.submit.wallMs)} | ${sec(two.submit.cpuMs)} |`,
        ...PHASES.map(([name, label]) => {
          const a = one.phases[name];
          const b = two.phases[name];
          const cell = (phase: TimeSpent | undefined) =>
            phase ? `${sec(phase.wallMs)} | ${sec(phase.cpuMs)}` : '– | –';
          return `| ${label} | ${cell(a)} | ${cell(b)} |`;
        }),
        `| queue waits: first shard queued to taken (the rest may still be being sent), last saved to merge taken, audit saved to job seen done | ${[one.waitsMs.firstShard, one.waitsMs.merge, one.waitsMs.seenDone].map(sec).join(', ')} | | ${[two.waitsMs.firstShard, two.waitsMs.merge, two.waitsMs.seenDone].map(sec).join(', ')} | |`,
        `| shard CPU by worker | ${one.shardCpuMsByWorker.map(sec).join(', ')} | | ${two.shardCpuMsByWorker.map(sec).join(', ')} | |`,
        '',
        `2 workers / 1 worker, wall: **${(two.followersPerSecond / one.followersPerSecond).toFixed(2)}×** (goal ≥ 1.8× on 2 cores).${atRest(bench.rates)}`,
        `2 workers / 1 worker, CPU on the critical path (busiest worker's shards + merge): **${(one.criticalCpuMs / two.criticalCpuMs).toFixed(2)}×** — what the wall ratio would be with a free core per worker and for PostgreSQL.`,
        `Serial share of the 1-worker CPU (merge and final save): ${(serial * 100).toFixed(1)} %, so at most ${(1 / (serial + (1 - serial) / 2)).toFixed(2)}× on 2 workers (Amdahl).`,
        '',
      );
    }
    lines.push(
      ...renderTimelines(bench.rates),
      ...renderThreads(bench.rates),
      ...renderBackendWaits(bench.rates),
      ...renderMachine(bench.rates),
      ...renderCopyOrder(bench.copyOrder, SHARD_RECORDS),
    );
    lines.push(
      `Queue overhead: ${bench.overheadMsPerShard.toFixed(1)} ms a shard (a job of ${bench.overheadShards} one-follower shards, 1 worker, queued to saved).`,
      `Storage: shard input ${bench.inputBytesPerFollower.toFixed(0)} B a follower (gzipped JSON lines, kept until the audit is saved); a saved follower row ${bench.followerRowBytes.toFixed(0)} B with its indexes (written by the shard that scored it).`,
    );
  }
  lines.push(
    `Merge of ${bench.mergeShards} shard partials: ${bench.mergeMs.toFixed(1)} ms (+ ${bench.parseMs.toFixed(1)} ms parsing their JSON, ${Math.round(bench.partialBytes / 1024)} KiB a partial).`,
    `Load average (1, 5, 15 min) before: ${load(bench.loadBefore)}; after: ${load(bench.loadAfter)} — the machine is shared: read the ratios, not the absolute times.`,
    '',
  );
  return lines.join('\n');
}
