// Start-up benchmark: the built CLI's `--help`, `inspect` of a 10-line file and the demo audit against a bare `node -e 0`, run in turn (side by side), median of N each.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CLI, ensureBuiltCli } from '../src/interfaces/cli/_test-cli.ts';
import { median } from './readers.ts';

const DEMO = resolve(import.meta.dirname, '..', 'examples', 'demo-audience');

export interface StartupBenchResult {
  runs: number;
  /** Median wall-clock seconds of each command. */
  bare: number;
  help: number;
  inspect: number;
  demoAudit: number;
}

function seconds(args: string[]): number {
  const started = process.hrtime.bigint();
  execFileSync(process.execPath, args, { stdio: 'ignore' });
  return Number(process.hrtime.bigint() - started) / 1e9;
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
  const times: Record<keyof typeof commands, number[]> = { bare: [], help: [], inspect: [], demoAudit: [] };
  for (let run = 0; run < options.runs; run++) {
    for (const [name, args] of Object.entries(commands))
      times[name as keyof typeof commands].push(seconds(args));
  }
  return {
    runs: options.runs,
    bare: median(times.bare),
    help: median(times.help),
    inspect: median(times.inspect),
    demoAudit: median(times.demoAudit),
  };
}

export function renderStartupBench(result: StartupBenchResult): string {
  const row = (what: string, value: number, goal: string) =>
    `  ${what.padEnd(44)} ${(value * 1000).toFixed(0).padStart(5)} ms  ${(value / result.bare).toFixed(2)}x node -e 0${goal}`;
  return `${[
    '## Start-up',
    '',
    `the built CLI (bin/realreach.js → dist/), median of ${result.runs} runs each, run in turn:`,
    `  ${'node -e 0'.padEnd(44)} ${(result.bare * 1000).toFixed(0).padStart(5)} ms`,
    row('realreach --help', result.help, ' (goal <= 2x)'),
    row('realreach inspect <10-line file>', result.inspect, ' (goal <= 2x)'),
    row('realreach audit of the demo (2,500 followers)', result.demoAudit, ''),
  ].join('\n')}\n`;
}
