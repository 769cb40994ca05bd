// Times the phases of audit jobs (reading a shard, scoring it, saving it, the merge, the final save) in wall-clock and CPU time, and on Linux where the main thread's wall time went (on a core, waiting for one, asleep), for the scale benchmark and for operators who ask.
import { readFileSync } from 'node:fs';

/** One phase of one shard (or of a job's merge), as a worker lived it. */
export interface PhaseTiming {
  phase: string;
  jobId: number;
  shard?: number;
  /** When the phase began (ms since the epoch): phases of several processes line up on one clock. */
  startedAt: number;
  wallMs: number;
  /** CPU time this process spent meanwhile (user + system): on a loaded machine wall time grows, CPU time hardly does. */
  cpuMs: number;
  /**
   * The calling thread's share of the wall time (Linux, from /proc/thread-self/schedstat; absent elsewhere): on a
   * core, and runnable but waiting for a core (taken by other threads or processes). The rest of the wall time it
   * slept: waiting for the database, for the event loop's next event, or for helper threads (V8's parallel GC).
   */
  thread?: { runMs: number; runQueueMs: number };
}

export type PhaseReporter = (timing: PhaseTiming) => void;

/** The calling thread's time on a core and waiting in the run queue (ms), or undefined without /proc. */
function threadSchedule(): { runMs: number; runQueueMs: number } | undefined {
  try {
    const [run, waited] = readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ');
    return { runMs: Number(run) / 1e6, runQueueMs: Number(waited) / 1e6 };
  } catch {
    return undefined;
  }
}

/** Runs `work` and reports its wall and CPU time under `phase`; a failed phase is not reported. */
export async function timePhase<T>(
  report: PhaseReporter | undefined,
  phase: string,
  at: { jobId: number; shard?: number },
  work: () => Promise<T>,
): Promise<T> {
  if (report === undefined) return work();
  const startedAt = Date.now();
  const wall = performance.now();
  const cpu = process.cpuUsage();
  const scheduled = threadSchedule();
  const result = await work();
  const used = process.cpuUsage(cpu);
  const wallMs = performance.now() - wall;
  const after = threadSchedule();
  report({
    phase,
    ...at,
    startedAt,
    wallMs,
    cpuMs: (used.user + used.system) / 1000,
    ...(scheduled && after
      ? {
          thread: {
            runMs: after.runMs - scheduled.runMs,
            runQueueMs: after.runQueueMs - scheduled.runQueueMs,
          },
        }
      : {}),
  });
  return result;
}

/** The prefix of a timing line on stderr (`REALREACH_JOB_TIMINGS=1`), followed by the timing as JSON. */
export const TIMING_LINE_PREFIX = 'realreach job timing ';

/** Timings as lines on stderr when REALREACH_JOB_TIMINGS=1, else none. */
export function phaseReporterFromEnv(env: NodeJS.ProcessEnv = process.env): PhaseReporter | undefined {
  if (env.REALREACH_JOB_TIMINGS !== '1') return undefined;
  return (timing) => process.stderr.write(`${TIMING_LINE_PREFIX}${JSON.stringify(timing)}\n`);
}
