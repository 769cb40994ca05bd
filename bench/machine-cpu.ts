// Where a 2-core machine's CPU went over an interval: /proc/stat's totals (busy, idle, stolen by the hypervisor) and every process's CPU from /proc/<pid>/stat, so a benchmark can say who shared the cores with the processes it timed.
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks a second in /proc (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;
const ticksToMs = (ticks: number) => (ticks * 1000) / TICKS_PER_SECOND;

export interface MachineSnapshot {
  at: number;
  /** Summed over every core, in ms: busy (user, nice, system, irq, softirq), idle (idle, iowait), steal. */
  busyMs: number;
  idleMs: number;
  stealMs: number;
  /** CPU ms (user + system) and command name of every process alive. */
  processes: Map<number, { comm: string; cpuMs: number }>;
}

/** A snapshot of the machine's CPU counters, or undefined without /proc. */
export function machineSnapshot(): MachineSnapshot | undefined {
  let total: string;
  try {
    total = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  } catch {
    return undefined;
  }
  const [user, nice, system, idle, iowait, irq, softirq, steal] = total
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number) as number[];
  const processes = new Map<number, { comm: string; cpuMs: number }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      processes.set(Number(name), { comm, cpuMs: ticksToMs(Number(fields[11]) + Number(fields[12])) });
    } catch {
      // gone between the listing and the read
    }
  }
  return {
    at: performance.now(),
    busyMs: ticksToMs((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0)),
    idleMs: ticksToMs((idle ?? 0) + (iowait ?? 0)),
    stealMs: ticksToMs(steal ?? 0),
    processes,
  };
}

export interface MachineCpu {
  wallMs: number;
  busyMs: number;
  idleMs: number;
  stealMs: number;
  /** CPU ms by group of the processes alive at the end (those started meanwhile count from zero). */
  byGroup: Map<string, number>;
  /** Busy time no process alive at the end accounts for: processes that exited meanwhile, and the kernel's threads' share of rounding. */
  unaccountedMs: number;
}

/** The machine's CPU between two snapshots, processes grouped by `groupOf(pid, comm)`. */
export function machineCpuBetween(
  before: MachineSnapshot,
  after: MachineSnapshot,
  groupOf: (pid: number, comm: string) => string,
): MachineCpu {
  const byGroup = new Map<string, number>();
  let accounted = 0;
  for (const [pid, { comm, cpuMs }] of after.processes) {
    const used = cpuMs - (before.processes.get(pid)?.cpuMs ?? 0);
    if (used <= 0) continue;
    const group = groupOf(pid, comm);
    byGroup.set(group, (byGroup.get(group) ?? 0) + used);
    accounted += used;
  }
  const busyMs = after.busyMs - before.busyMs;
  return {
    wallMs: after.at - before.at,
    busyMs,
    idleMs: after.idleMs - before.idleMs,
    stealMs: after.stealMs - before.stealMs,
    byGroup,
    unaccountedMs: Math.max(0, busyMs - accounted),
  };
}
