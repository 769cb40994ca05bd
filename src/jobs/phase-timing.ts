// Times the phases of audit jobs (reading a shard, scoring it, saving it, the merge, the final save) in wall-clock and CPU time, for the scale benchmark and for operators who ask.

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
}

export type PhaseReporter = (timing: PhaseTiming) => void;

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
  const result = await work();
  const used = process.cpuUsage(cpu);
  report({
    phase,
    ...at,
    startedAt,
    wallMs: performance.now() - wall,
    cpuMs: (used.user + used.system) / 1000,
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
