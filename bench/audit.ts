// Audit benchmark: end-to-end audits of 1M synthetic followers (JSONL) on one thread and on two, against the bare JSON.parse line rate on the same file, in wall and CPU time (peak RSS at 1M vs 5M: memory.ts).
import { execFileSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { ensureBuiltCli } from '../src/interfaces/cli/_test-cli.ts';
import { median } from './readers.ts';
import type { ThreadCpuSplit } from './thread-cpu.ts';

interface Run {
  seconds: number;
  rate: number;
  /** Followers (records) per CPU second, every thread of the process counted. */
  cpuRate: number;
  cpuSeconds: number;
  peakRssMiB: number;
}

interface AuditRun extends Run {
  followers: number;
  headline: string;
  /** CPU seconds by thread (Linux only). */
  threadCpu?: ThreadCpuSplit;
}

/** Medians of the runs' CPU seconds by thread, and two ratios taken per run: less load-sensitive than the wall's. */
export interface ThreadCpuMedians {
  main: number;
  /** The worker threads' (none on one thread). */
  workers: number;
  /** V8's GC and compiler helpers and libuv's pool. */
  helpers: number;
  /** The busiest audit thread's CPU seconds (main or a worker): the critical path, helpers aside. */
  busiest: number;
}

const AUDIT_RATE = join(import.meta.dirname, 'audit-rate.ts');
const READ_RATE = join(import.meta.dirname, 'read-rate.ts');

function run<T>(script: string, args: string[]): T {
  const output = execFileSync(process.execPath, ['--import', 'tsx', script, ...args], { encoding: 'utf8' });
  return JSON.parse(output) as T;
}

export interface AuditBenchResult {
  small: number;
  repeats: number;
  bare: { rate: number; cpuRate: number };
  oneThread: { rate: number; cpuRate: number; cpuSeconds: number };
  twoThreads: { rate: number; cpuRate: number; cpuSeconds: number };
  /** CPU seconds by thread, on one thread and on two (when /proc gives them). */
  threadCpu?: { one: ThreadCpuMedians; two: ThreadCpuMedians };
  /** Per repeat, one thread's main-thread CPU over two threads' busiest thread's: the speed-up idle cores would give, helpers aside. */
  busiestRatio?: number;
  /** Per repeat, two threads' CPU seconds (all threads) over one thread's. */
  cpuRatio: number;
  /** The one-over-two-thread ratio of each repeat, whose median is printed (ratios in the same run). */
  threadRatio: number;
  oneOverBare: number;
  oneOverBareCpu: number;
  /** 1-minute load average before and after the section. */
  load: [number, number];
}

/**
 * Each repeat runs, in turn, the bare parse, the audit on one thread and on two (fresh processes, the built
 * library); the ratios are taken per repeat and their medians printed.
 */
export function benchAudit(smallPath: string, repeats: number): AuditBenchResult {
  ensureBuiltCli();
  const load0 = loadavg()[0] as number;
  const bare: Run[] = [];
  const one: AuditRun[] = [];
  const two: AuditRun[] = [];
  for (let i = 0; i < repeats; i++) {
    bare.push(run<Run>(READ_RATE, [smallPath, '--bare']));
    one.push(run<AuditRun>(AUDIT_RATE, [smallPath, '--threads', '1']));
    two.push(run<AuditRun>(AUDIT_RATE, [smallPath, '--threads', '2']));
    if ((two[i] as AuditRun).headline !== (one[i] as AuditRun).headline)
      throw new Error('the audit on two threads gave another headline than on one');
  }
  const pick = (runs: Run[]) => ({
    rate: median(runs.map((r) => r.rate)),
    cpuRate: median(runs.map((r) => r.cpuRate)),
    cpuSeconds: median(runs.map((r) => r.cpuSeconds)),
  });
  const splits = (runs: AuditRun[]) => runs.map((r) => r.threadCpu).filter((split) => split !== undefined);
  const threadMedians = (runs: AuditRun[]): ThreadCpuMedians => {
    const split = splits(runs);
    return {
      main: median(split.map((s) => s.main)),
      workers: median(split.map((s) => s.started)),
      helpers: median(split.map((s) => s.helpers)),
      busiest: median(split.map((s) => Math.max(s.main, s.started))),
    };
  };
  const haveThreads = splits(one).length === repeats && splits(two).length === repeats;
  return {
    small: (one[0] as AuditRun).followers,
    repeats,
    bare: pick(bare),
    oneThread: pick(one),
    twoThreads: pick(two),
    ...(haveThreads && {
      threadCpu: { one: threadMedians(one), two: threadMedians(two) },
      busiestRatio: median(
        two.map((r, i) => {
          const mine = r.threadCpu as ThreadCpuSplit;
          return ((one[i] as AuditRun).threadCpu as ThreadCpuSplit).main / Math.max(mine.main, mine.started);
        }),
      ),
    }),
    cpuRatio: median(two.map((r, i) => r.cpuSeconds / (one[i] as AuditRun).cpuSeconds)),
    threadRatio: median(two.map((r, i) => r.rate / (one[i] as AuditRun).rate)),
    oneOverBare: median(one.map((r, i) => r.rate / (bare[i] as Run).rate)),
    oneOverBareCpu: median(one.map((r, i) => r.cpuRate / (bare[i] as Run).cpuRate)),
    load: [load0, loadavg()[0] as number],
  };
}

const rate = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const percent = (ratio: number) => `${(ratio * 100).toFixed(0)} %`;

export function renderAuditBench(result: AuditBenchResult): string {
  const { bare, oneThread, twoThreads } = result;
  const lines = [
    '## Audit',
    '',
    `realreach audit of ${rate.format(result.small)} synthetic followers (X v1.1 JSONL, x model and its kind models, reasons for the 100 most suspicious; built dist/), median of ${result.repeats} runs taken in turn; load average ${result.load[0].toFixed(1)} → ${result.load[1].toFixed(1)} on ${availableParallelism()} cores:`,
    '                        wall: followers/s    CPU: followers/CPU-s (all threads)',
    `  bare JSON.parse/line  ${rate.format(bare.rate).padStart(12)}          ${rate.format(bare.cpuRate).padStart(12)}`,
    `  audit, 1 thread       ${rate.format(oneThread.rate).padStart(12)}          ${rate.format(oneThread.cpuRate).padStart(12)}   (${oneThread.cpuSeconds.toFixed(1)} CPU-s)`,
    `  audit, 2 threads      ${rate.format(twoThreads.rate).padStart(12)}          ${rate.format(twoThreads.cpuRate).padStart(12)}   (${twoThreads.cpuSeconds.toFixed(1)} CPU-s)`,
    `  1 thread / bare       ${percent(result.oneOverBare)} wall, ${percent(result.oneOverBareCpu)} CPU (goal >= 50 %)`,
    `  2 threads / 1 thread  ${result.threadRatio.toFixed(2)}x wall (goal >= 1.8x on 2 idle cores; under load the wall ratio says little); CPU-s ${result.cpuRatio.toFixed(2)}x one thread's`,
  ];
  const split = result.threadCpu;
  if (split) {
    const seconds = (value: number) => `${value.toFixed(2)} s`;
    lines.push(
      '  CPU-s by thread        main      worker   V8/libuv helpers',
      `    1 thread           ${seconds(split.one.main).padStart(8)}  ${'-'.padStart(8)}  ${seconds(split.one.helpers).padStart(8)}`,
      `    2 threads          ${seconds(split.two.main).padStart(8)}  ${seconds(split.two.workers).padStart(8)}  ${seconds(split.two.helpers).padStart(8)}`,
      `  1 thread's main / 2 threads' busiest thread: ${(result.busiestRatio as number).toFixed(2)}x (the speed-up with a core free for each thread and the helpers; less load-sensitive than the wall)`,
    );
  }
  return `${lines.join('\n')}\n`;
}
