// Start-up benchmark: the built CLI's `--help`, `inspect` of a 10-line file and the demo audit against a bare `node -e 0`, run in turn (side by side), median of N each, in wall time and in the CPU time of the process (GNU time's user + system, which the machine's other load moves far less).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { CLI, ensureBuiltCli } from '../src/interfaces/cli/_test-cli.ts';
import { median } from './readers.ts';

const DEMO = resolve(import.meta.dirname, '..', 'examples', 'demo-audience');

/** GNU time, which reports a process's user and system CPU time (absent: CPU time is not measured). */
const TIME = '/usr/bin/time';

type Command = 'bare' | 'help' | 'inspect' | 'demoAudit';

/**
 * Set, it names a file of certificates that every Node process parses as it starts (node::crypto::UseExtraCaCerts):
 * 418 M of `node -e 0`'s 505 M instructions on the session-10 machine (valgrind --tool=cachegrind), about 35 of its
 * 54 ms. The ratios are then against a slower bare start; the bench also times `node -e 0` without it, to say so.
 */
const EXTRA_CA_CERTS = process.env.NODE_EXTRA_CA_CERTS;

export interface StartupBenchResult {
  runs: number;
  /** Median wall-clock seconds of each command. */
  wall: Record<Command, number>;
  /** Median CPU seconds (user + system) of each command's process, when GNU time is there. */
  cpu?: Record<Command, number>;
  /** One-minute load average before and after. */
  load: [number, number];
  /** When NODE_EXTRA_CA_CERTS is set: its value, and `node -e 0`'s median wall and CPU seconds without it. */
  withoutExtraCaCerts?: { file: string; wall: number; cpu?: number };
}

function run(
  args: string[],
  cpuFile: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): { wall: number; cpu: number | undefined } {
  const started = process.hrtime.bigint();
  if (cpuFile === undefined) execFileSync(process.execPath, args, { stdio: 'ignore', env });
  else
    execFileSync(TIME, ['-f', '%U %S', '-o', cpuFile, process.execPath, ...args], { stdio: 'ignore', env });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (cpuFile === undefined) return { wall, cpu: undefined };
  const [user, system] = readFileSync(cpuFile, 'utf8').trim().split(/\s+/).slice(-2).map(Number);
  return { wall, cpu: (user as number) + (system as number) };
}

export function benchStartup(options: { dir: string; runs: number }): StartupBenchResult {
  ensureBuiltCli();
  const tenLines = join(options.dir, 'ten-followers.jsonl');
  const lines = readFileSync(join(DEMO, 'followers.jsonl'), 'utf8').split('\n').slice(0, 10);
  writeFileSync(tenLines, `${lines.join('\n')}\n`);
  const commands = {
    bare: ['-e', '0'],
    help: [CLI, '--help'],
    inspect: [CLI, 'inspect', tenLines],
    demoAudit: [CLI, 'audit', join(DEMO, 'followers.jsonl'), '--profile', join(DEMO, 'profile.json')],
  };
  const cpuFile = existsSync(TIME) ? join(options.dir, 'startup-cpu.txt') : undefined;
  const names = Object.keys(commands) as Command[];
  const walls = new Map(names.map((name) => [name, [] as number[]]));
  const cpus = new Map(names.map((name) => [name, [] as number[]]));
  const { NODE_EXTRA_CA_CERTS: _file, ...envWithout } = process.env;
  const bareWithout = { walls: [] as number[], cpus: [] as number[] };
  const loadBefore = loadavg()[0] as number;
  for (let round = 0; round < options.runs; round++) {
    for (const name of names) {
      const { wall, cpu } = run(commands[name], cpuFile);
      walls.get(name)?.push(wall);
      if (cpu !== undefined) cpus.get(name)?.push(cpu);
    }
    if (EXTRA_CA_CERTS !== undefined) {
      const { wall, cpu } = run(commands.bare, cpuFile, envWithout);
      bareWithout.walls.push(wall);
      if (cpu !== undefined) bareWithout.cpus.push(cpu);
    }
  }
  const medians = (times: Map<Command, number[]>) =>
    Object.fromEntries(names.map((name) => [name, median(times.get(name) ?? [])])) as Record<Command, number>;
  return {
    runs: options.runs,
    wall: medians(walls),
    ...(cpuFile === undefined ? {} : { cpu: medians(cpus) }),
    load: [loadBefore, loadavg()[0] as number],
    ...(EXTRA_CA_CERTS !== undefined && {
      withoutExtraCaCerts: {
        file: EXTRA_CA_CERTS,
        wall: median(bareWithout.walls),
        ...(cpuFile !== undefined && { cpu: median(bareWithout.cpus) }),
      },
    }),
  };
}

export function renderStartupBench(result: StartupBenchResult): string {
  const { wall, cpu } = result;
  const row = (what: string, name: Command, goal: string) =>
    `  ${what.padEnd(44)} ${(wall[name] * 1000).toFixed(0).padStart(5)} ms  ${(wall[name] / wall.bare).toFixed(2)}x` +
    (cpu ? `  ${(cpu[name] * 1000).toFixed(0).padStart(5)} ms  ${(cpu[name] / cpu.bare).toFixed(2)}x` : '') +
    goal;
  return `${[
    '## Start-up',
    '',
    `the built CLI (bin/realreach.js → dist/), median of ${result.runs} runs each, run in turn; wall time and ratio to`,
    `node -e 0, then ${cpu ? "the process's CPU time (user + system) and its ratio" : 'no CPU time (GNU time is absent)'};`,
    `load average ${result.load[0].toFixed(1)} before, ${result.load[1].toFixed(1)} after:`,
    row('node -e 0', 'bare', ''),
    row('realreach --help', 'help', ' (goal <= 2x)'),
    row('realreach inspect <10-line file>', 'inspect', ' (goal <= 2x)'),
    row('realreach audit of the demo (2,500 followers)', 'demoAudit', ''),
    ...extraCaCertsNote(result),
  ].join('\n')}\n`;
}

function extraCaCertsNote(result: StartupBenchResult): string[] {
  const without = result.withoutExtraCaCerts;
  if (without === undefined) return [];
  const ms = (seconds: number) => `${(seconds * 1000).toFixed(0)} ms`;
  return [
    `NODE_EXTRA_CA_CERTS is set (${without.file}): every process above parses it as it starts; node -e 0 without it:`,
    `${ms(without.wall)} wall${without.cpu === undefined ? '' : `, ${ms(without.cpu)} CPU`} (median of ${result.runs}, in the same rounds) — the ratios above are against the slower start.`,
  ];
}
