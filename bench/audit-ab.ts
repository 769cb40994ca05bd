// Interleaved A/B of whole audits: bench/audit-rate.ts's audit run with each of two or more built trees in turn (each a checkout with its node_modules, built by `node scripts/build.mjs`: dist/, bench/ and models/ are read from it), the order reversed every round, with CPU seconds by thread and the per-round ratios to the first tree.
// node --import tsx bench/audit-ab.ts FILE --rounds 5 --threads 1 TREE_A TREE_B [TREE_C …]
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { median } from './readers.ts';
import type { ThreadCpuSplit } from './thread-cpu.ts';

interface Run {
  cpuSeconds: number;
  seconds: number;
  threadCpu?: ThreadCpuSplit;
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { rounds: { type: 'string', default: '5' }, threads: { type: 'string', default: '1' } },
});
const [file, ...trees] = positionals;
if (!file || trees.length < 2)
  throw new Error('usage: audit-ab.ts FILE [--rounds N] [--threads N] TREE_A TREE_B …');
const load = () =>
  loadavg()
    .map((value) => value.toFixed(1))
    .join(' ');
const runs: Run[][] = trees.map(() => []);
process.stdout.write(`load ${load()} at ${new Date().toISOString()}\n`);
for (let round = 0; round < Number(values.rounds); round++) {
  const order = trees.map((_, k) => (round % 2 === 0 ? k : trees.length - 1 - k));
  for (const k of order) {
    const tree = trees[k] as string;
    const output = execFileSync(
      process.execPath,
      ['--import', 'tsx', join(tree, 'bench', 'audit-rate.ts'), file, '--threads', values.threads],
      { encoding: 'utf8' },
    );
    const run = JSON.parse(output) as Run;
    (runs[k] as Run[]).push(run);
    const split = run.threadCpu;
    process.stdout.write(
      `round ${round} ${tree}: CPU-s ${run.cpuSeconds.toFixed(2)}${split ? ` (main ${split.main.toFixed(2)}, workers ${split.started.toFixed(2)}, helpers ${split.helpers.toFixed(2)})` : ''}, wall ${run.seconds.toFixed(2)} s, load ${load()}\n`,
    );
  }
}
const first = runs[0] as Run[];
for (let k = 1; k < trees.length; k++) {
  const mine = runs[k] as Run[];
  const ratios = mine.map((run, round) => run.cpuSeconds / (first[round] as Run).cpuSeconds);
  process.stdout.write(
    `${trees[k]} / ${trees[0]}: median CPU-s ${median(first.map((run) => run.cpuSeconds)).toFixed(2)} -> ${median(mine.map((run) => run.cpuSeconds)).toFixed(2)}; per-round ratios ${ratios.map((ratio) => ratio.toFixed(3)).join(' ')}, median ${median(ratios).toFixed(3)}\n`,
  );
}
process.stdout.write(`load ${load()} at ${new Date().toISOString()}\n`);
