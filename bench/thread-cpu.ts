// CPU time of this process's threads from /proc/self/task (Linux): the main thread, the threads that were already running (V8's GC and compiler helpers, libuv's pool) and those started since (worker threads).
import { readdirSync, readFileSync } from 'node:fs';

/** CPU ms of each live thread of this process (by thread id), or undefined without /proc. */
export function threadCpuMs(): Map<number, number> | undefined {
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return undefined;
  }
  const cpu = new Map<number, number>();
  for (const tid of tids) {
    try {
      // schedstat's first field: ns spent on a CPU (finer than stat's ticks)
      cpu.set(
        Number(tid),
        Number(readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ')[0]) / 1e6,
      );
    } catch {
      // the thread ended between the listing and the read: its time goes with the threads started in between
    }
  }
  return cpu;
}

export interface ThreadCpuSplit {
  /** The main thread's CPU seconds. */
  main: number;
  /** Threads started in between (running still or ended): the audit's worker threads. */
  started: number;
  /** The other threads that ran before and after: V8's helpers (concurrent and parallel GC, compilation), libuv's pool. */
  helpers: number;
}

/**
 * Splits the process's CPU seconds between two readings of `threadCpuMs` (and `process.cpuUsage` over the same span)
 * into the main thread, the other threads there at both readings, and the rest: threads started in between. (Start
 * libuv's pool before the first reading, with any asynchronous file call, so that its threads count as helpers.)
 */
export function splitThreadCpu(
  before: Map<number, number>,
  after: Map<number, number>,
  processCpuSeconds: number,
): ThreadCpuSplit {
  let main = 0;
  let helpers = 0;
  for (const [tid, ms] of after) {
    const was = before.get(tid);
    if (was === undefined) continue;
    if (tid === process.pid) main = (ms - was) / 1000;
    else helpers += (ms - was) / 1000;
  }
  return { main, helpers, started: Math.max(0, processCpuSeconds - main - helpers) };
}
