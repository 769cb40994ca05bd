// Memory benchmark: peak RSS of the shipped CLI (`node bin/realreach.js audit`, built dist/) on 1x and 5x synthetic followers, on 1 thread and on 2, the check that 5x stays within +10 % of 1x, and the duplicate check's own cost.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Account } from '../src/core/account.ts';
import { DuplicateAccounts } from '../src/ingest/duplicates/duplicate-accounts.ts';
import { CLI, ensureBuiltCli } from '../src/interfaces/cli/_test-cli.ts';

/** The growth allowed from 1x to 5x the followers. */
export const MEMORY_GROWTH_ALLOWED = 0.1;

/** Preloaded into the CLI's process: writes its peak RSS (KiB) and CPU time (µs; every thread) to the file REALREACH_BENCH_RSS names. */
const RECORD_PEAK_RSS = `data:text/javascript,${encodeURIComponent(
  "import { writeFileSync } from 'node:fs'; process.on('exit', () => { const u = process.resourceUsage(); writeFileSync(process.env.REALREACH_BENCH_RSS, u.maxRSS + ' ' + (u.userCPUTime + u.systemCPUTime)); });",
)}`;

interface MemoryRun {
  threads: number;
  followers: number;
  peakRssMiB: number;
  seconds: number;
  cpuSeconds: number;
}

/** `realreach audit FILE --format json --threads N` as a user runs it; its peak RSS and what it read. */
function auditPeakRss(path: string, threads: number): MemoryRun {
  const dir = mkdtempSync(join(tmpdir(), 'realreach-bench-rss-'));
  try {
    const rssFile = join(dir, 'rss');
    const started = process.hrtime.bigint();
    const result = spawnSync(
      process.execPath,
      ['--import', RECORD_PEAK_RSS, CLI, 'audit', path, '--format', 'json', '--threads', String(threads)],
      {
        encoding: 'utf8',
        env: { ...process.env, REALREACH_BENCH_RSS: rssFile },
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (result.status !== 0) throw new Error(`realreach audit failed (${result.status}): ${result.stderr}`);
    const report = JSON.parse(result.stdout) as { followersRead: number };
    const [peakRssKiB, cpuMicroseconds] = readFileSync(rssFile, 'utf8').split(' ').map(Number);
    return {
      threads,
      followers: report.followersRead,
      peakRssMiB: (peakRssKiB as number) / 1024,
      seconds,
      cpuSeconds: (cpuMicroseconds as number) / 1e6,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface MemoryBenchResult {
  /** Per thread count: the 1x run and the 5x run. */
  runs: { small: MemoryRun; large: MemoryRun }[];
  load: [number, number];
}

/** Audits both files on 1 thread and on 2, in turn (1x then 5x for each). */
export function benchMemory(smallPath: string, largePath: string): MemoryBenchResult {
  ensureBuiltCli();
  const load0 = loadavg()[0] as number;
  const runs = [1, 2].map((threads) => ({
    small: auditPeakRss(smallPath, threads),
    large: auditPeakRss(largePath, threads),
  }));
  return { runs, load: [load0, loadavg()[0] as number] };
}

const count = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const growthOf = ({ small, large }: { small: MemoryRun; large: MemoryRun }) =>
  large.peakRssMiB / small.peakRssMiB - 1;

export function renderMemoryBench(result: MemoryBenchResult): string {
  const lines = [
    '## Memory',
    '',
    `peak RSS of \`realreach audit FILE --format json --threads N\` (built dist/, X v1.1 JSONL, every thread of the process), load average ${result.load[0].toFixed(1)} → ${result.load[1].toFixed(1)}:`,
    ...result.runs.map((pair) => {
      const { small, large } = pair;
      const growth = growthOf(pair);
      const time = (run: MemoryRun) => `${run.seconds.toFixed(0)} s, ${run.cpuSeconds.toFixed(0)} CPU-s`;
      return `  ${small.threads} thread${small.threads === 1 ? ' ' : 's'}  ${small.peakRssMiB.toFixed(0)} MiB at ${count.format(small.followers)} followers (${time(small)}), ${large.peakRssMiB.toFixed(0)} MiB at ${count.format(large.followers)} (${time(large)}): ${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)} % (goal: within +${MEMORY_GROWTH_ALLOWED * 100} %)`;
    }),
  ];
  return `${lines.join('\n')}\n`;
}

/** The memory claim: at 5x the followers, peak RSS within +10 % of 1x's, on each thread count. Undefined when it holds. */
export function memoryCheckFailure(result: MemoryBenchResult): string | undefined {
  const failures = result.runs
    .filter((pair) => growthOf(pair) > MEMORY_GROWTH_ALLOWED)
    .map(
      (pair) =>
        `${pair.small.threads} thread(s): ${pair.small.peakRssMiB.toFixed(0)} → ${pair.large.peakRssMiB.toFixed(0)} MiB (+${(growthOf(pair) * 100).toFixed(1)} %)`,
    );
  if (failures.length === 0) return undefined;
  return `audit peak RSS grew more than ${MEMORY_GROWTH_ALLOWED * 100} % from 1x to 5x the followers: ${failures.join('; ')}`;
}

export interface DuplicateCheckBench {
  keys: number;
  /** CPU µs a new key (every key distinct). */
  newKeyMicros: number;
  repeats: number;
  /** CPU µs a repeat of a key read long before (on disk by then), and the disk lookups they took. */
  farRepeatMicros: number;
  diskLookups: number;
}

/** The duplicate check alone, in this process: `keys` distinct X ids, then `repeats` repeats of early ones. */
export function benchDuplicateCheck(keys: number, repeats: number): DuplicateCheckBench {
  const set = new DuplicateAccounts();
  try {
    const id = (i: number) => ({ platform: 'x', id: String(1e15 + i * 7919) }) as Account;
    let started = process.cpuUsage();
    for (let i = 0; i < keys; i++) set.repeats(id(i));
    const inserting = process.cpuUsage(started);
    started = process.cpuUsage();
    for (let i = 0; i < repeats; i++) set.repeats(id((i * 104_729) % Math.floor(keys / 2)));
    const repeating = process.cpuUsage(started);
    if (set.duplicates !== repeats)
      throw new Error(`the check found ${set.duplicates} of ${repeats} repeats`);
    return {
      keys,
      newKeyMicros: (inserting.user + inserting.system) / keys,
      repeats,
      farRepeatMicros: (repeating.user + repeating.system) / repeats,
      diskLookups: set.diskLookups,
    };
  } finally {
    set.close();
  }
}

export function renderDuplicateCheckBench(result: DuplicateCheckBench): string {
  return `duplicate check alone (src/ingest/duplicates/duplicate-accounts.ts): ${result.newKeyMicros.toFixed(2)} CPU-µs a new key over ${count.format(result.keys)} distinct keys; ${result.farRepeatMicros.toFixed(0)} CPU-µs a repeat of a key from the list's first half (${count.format(result.repeats)} repeats, ${count.format(result.diskLookups)} settled on disk)\n`;
}
