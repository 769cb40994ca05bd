// The judge's flow with the shipped CLI and the bundled models: audiences mixed from the shared collections at known fake shares, `realreach review --n 100` drawn, its label column filled with the dataset's labels, `realreach audit --labels`, and how often the interval covers the truth (beside the model alone).
// Run: node --import tsx scripts/check-review-cli.ts [--datasets DIR] [--seeds 2]
// The bundled models were trained on these collections (in-distribution for most of them); EVALUATION.md's
// verification section measures the estimator with models that never saw the collection.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { Label } from '../src/core/account.ts';
import { toRealreachRecord } from '../src/ingest/formats/realreach.ts';
import { ensureBuiltCli } from '../src/interfaces/cli/_test-cli.ts';
import { isPositive, readEvaluationData } from '../src/model/evaluation/evaluation-data.ts';
import { createSeededRandom } from '../src/model/seeded-random.ts';

const ROOT = resolve(import.meta.dirname, '..');
const CLI = join(ROOT, 'bin', 'realreach.js');
const COLLECTIONS = [
  'cresci-2015',
  'cresci-2017',
  'cresci-stock-2018',
  'twibot-22',
  'instafake',
  'kaggle-instagram',
];
const SHARES = [0, 0.05, 0.3, 0.6, 1];
const MAX_AUDIENCE = 1000;
const LABELS = 100;

const { values } = parseArgs({
  options: { datasets: { type: 'string' }, seeds: { type: 'string', default: '2' } },
});
const seeds = Number(values.seeds);
const data = await readEvaluationData(resolve(values.datasets ?? resolve(ROOT, '..', 'shared', 'datasets')));
ensureBuiltCli();
const dir = mkdtempSync(join(tmpdir(), 'realreach-review-check-'));
const run = (args: string[]) =>
  execFileSync(process.execPath, [CLI, ...args], { maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] });

function shuffled(rows: readonly number[], random: () => number): number[] {
  const copy = [...rows];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as number, copy[i] as number];
  }
  return copy;
}

let audiences = 0;
let coveredLabelled = 0;
let coveredModel = 0;
let width = 0;
try {
  for (const collection of COLLECTIONS) {
    const humans: number[] = [];
    const fakes: number[] = [];
    data.collections.forEach((name, row) => {
      if (name === collection) (isPositive(data.labels[row] as Label) ? fakes : humans).push(row);
    });
    for (const share of SHARES)
      for (let seed = 1; seed <= seeds; seed++) {
        // as many followers as the collection allows without repeating one, up to MAX_AUDIENCE
        const size = Math.min(
          MAX_AUDIENCE,
          share < 1 ? Math.floor(humans.length / (1 - share)) : MAX_AUDIENCE,
          share > 0 ? Math.floor(fakes.length / share) : MAX_AUDIENCE,
        );
        const fakeCount = Math.round(size * share);
        const random = createSeededRandom(seed * 7919 + Math.round(share * 100));
        const rows = [
          ...shuffled(fakes, random).slice(0, fakeCount),
          ...shuffled(humans, random).slice(0, size - fakeCount),
        ];
        const truth = new Map<string, string>();
        const lines = rows.map((row) => {
          const account = data.accounts[row];
          if (account === undefined) throw new RangeError(`no row ${row}`);
          truth.set(account.id, isPositive(data.labels[row] as Label) ? 'fake' : 'real');
          return JSON.stringify(toRealreachRecord(account));
        });
        const followers = join(dir, `${collection}-${share}-${seed}.jsonl`);
        const review = `${followers}.review.csv`;
        writeFileSync(followers, `${lines.join('\n')}\n`);
        run(['review', followers, '--n', String(LABELS), '--seed', String(seed), '--out', review]);
        const drawn = parse(readFileSync(review, 'utf8'), { columns: true }) as Record<string, string>[];
        const filled = drawn.map((row) => ({ ...row, label: truth.get((row.id ?? '').replace(/^'/, '')) }));
        writeFileSync(review, stringify(filled, { header: true }));
        const report = JSON.parse(
          run(['audit', followers, '--labels', review, '--format', 'json']).toString(),
        );
        const t = fakeCount / size;
        const labelled = report.verification.fakeShare;
        const model = report.verification.modelOnly.fakeShare;
        const covers = (interval: { low: number; high: number }) => interval.low <= t && t <= interval.high;
        audiences++;
        if (covers(labelled)) coveredLabelled++;
        if (covers(model)) coveredModel++;
        width += labelled.high - labelled.low;
        const pct = (x: number) => (100 * x).toFixed(1);
        process.stdout.write(
          `${collection}, ${size} followers, truth ${pct(t)} %: labelled ${pct(labelled.estimate)} (${pct(labelled.low)}–${pct(labelled.high)}) ${covers(labelled) ? 'covers' : 'MISSES'}; model alone ${pct(model.estimate)} (${pct(model.low)}–${pct(model.high)}) ${covers(model) ? 'covers' : 'misses'}\n`,
        );
      }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.stdout.write(
  `\n${LABELS} labels: the labelled interval covers the truth in ${coveredLabelled} of ${audiences} audiences (mean width ${((100 * width) / audiences).toFixed(1)} pp); the model alone in ${coveredModel}\n`,
);
