// CPU time of other processes (worker processes, their PostgreSQL backends) from /proc, sampled while they run: a backend that exits between samples keeps its last reading.
import { readFileSync } from 'node:fs';
import type pg from 'pg';

/** Clock ticks a second in /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** How long a process's main thread (a PostgreSQL backend's only one) was runnable but waiting for a core, in ms. */
export function processRunQueueMs(pid: number): number | undefined {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]) / 1e6;
  } catch {
    return undefined;
  }
}

/** User + system CPU of a process in ms, or undefined when it is gone (or there is no /proc). */
export function processCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/**
 * CPU used by a set of processes since `start()`: the given pids and every PostgreSQL backend whose
 * application_name is `applicationName` (looked up at each sample). Processes first seen after start count from zero.
 */
export class CpuSampler {
  readonly #pool: pg.Pool;
  readonly #applicationName: string;
  readonly #groups = new Map<number, string>();
  readonly #base = new Map<number, number>();
  readonly #last = new Map<number, number>();
  readonly #queueBase = new Map<number, number>();
  readonly #queueLast = new Map<number, number>();
  #timer: NodeJS.Timeout | undefined;
  #sampling: Promise<void> = Promise.resolve();

  constructor(pool: pg.Pool, applicationName: string) {
    this.#pool = pool;
    this.#applicationName = applicationName;
  }

  /** Follows `pid` under `group` (e.g. `worker 1`); backends are grouped as `postgres`. */
  add(pid: number, group: string): void {
    this.#groups.set(pid, group);
  }

  /** The group of a process followed so far (a worker, or `postgres` for their backends), or undefined. */
  groupOf(pid: number): string | undefined {
    return this.#groups.get(pid);
  }

  async #sample(): Promise<void> {
    const { rows } = await this.#pool.query<{ pid: number }>(
      'select pid from pg_stat_activity where application_name = $1',
      [this.#applicationName],
    );
    for (const { pid } of rows) if (!this.#groups.has(pid)) this.#groups.set(pid, 'postgres');
    for (const pid of this.#groups.keys()) {
      const cpu = processCpuMs(pid);
      if (cpu !== undefined) this.#last.set(pid, cpu);
      const queued = processRunQueueMs(pid);
      if (queued !== undefined) this.#queueLast.set(pid, queued);
    }
  }

  async start(intervalMs = 250): Promise<void> {
    await this.#sample();
    for (const [pid, cpu] of this.#last) this.#base.set(pid, cpu);
    for (const [pid, queued] of this.#queueLast) this.#queueBase.set(pid, queued);
    this.#timer = setInterval(() => {
      this.#sampling = this.#sampling.then(() => this.#sample()).catch(() => undefined);
    }, intervalMs);
  }

  /** Stops sampling; CPU ms by group since start. */
  async stop(): Promise<Map<string, number>> {
    clearInterval(this.#timer);
    await this.#sampling;
    await this.#sample();
    const byGroup = new Map<string, number>();
    for (const [pid, group] of this.#groups) {
      const used = (this.#last.get(pid) ?? 0) - (this.#base.get(pid) ?? 0);
      byGroup.set(group, (byGroup.get(group) ?? 0) + used);
    }
    return byGroup;
  }

  /** After stop(): ms each group's main threads were runnable but waiting for a core, since start. */
  runQueueMs(): Map<string, number> {
    const byGroup = new Map<string, number>();
    for (const [pid, group] of this.#groups) {
      const waited = (this.#queueLast.get(pid) ?? 0) - (this.#queueBase.get(pid) ?? 0);
      byGroup.set(group, (byGroup.get(group) ?? 0) + waited);
    }
    return byGroup;
  }
}
