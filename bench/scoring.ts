// Scoring benchmark: training time of each bundled model, and accounts a CPU second of scoring on one core with and without reasons (process CPU time, which the machine's other load moves far less than the wall).
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import type { Account } from '../src/core/account.ts';
import { loadDetector } from '../src/model/detector.ts';
import { BUNDLED_MODEL_NAMES } from '../src/model/model-file.ts';
import { trainModelFile } from '../src/model/training/train-model-file.ts';
import { readTrainingConfig } from '../src/model/training/training-config.ts';
import { median } from './readers.ts';
import { makeFollower, seededRandom, syntheticAccount } from './synthetic-accounts.ts';

const DATASETS = resolve(import.meta.dirname, '..', '..', 'shared', 'datasets');
const rate = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

const cpuSecondsSince = (started: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1e6;
};

/** A batch of synthetic followers as Accounts (what every reader produces). */
function syntheticAccounts(count: number, seed: number): Account[] {
  const random = seededRandom(seed);
  const observedAt = new Date('2026-06-01T00:00:00Z');
  return Array.from({ length: count }, (_, i) => syntheticAccount(makeFollower(random, i, 0.3, observedAt)));
}

export interface ScoringBenchResult {
  training: { name: string; seconds: number; trees: number; rows: number }[] | string;
  accounts: number;
  fromAccounts: number;
  fromFeatureVectors: number;
  featureExtraction: number;
  withReasons: number;
  reasonsAccounts: number;
}

export async function benchScoring(options: {
  scale: number;
  repeats: number;
  log: (line: string) => void;
}): Promise<ScoringBenchResult> {
  let training: ScoringBenchResult['training'] = `skipped: ${DATASETS} is absent`;
  if (existsSync(DATASETS)) {
    training = [];
    for (const name of BUNDLED_MODEL_NAMES) {
      options.log(`training ${name}…`);
      const config = await readTrainingConfig(
        resolve(import.meta.dirname, '..', 'models', `${name}.config.json`),
      );
      const started = performance.now();
      // x is trained with its two members (a union: their trees, its calibration).
      const { model } = await trainModelFile(config, DATASETS);
      training.push({
        name,
        seconds: (performance.now() - started) / 1000,
        trees: model.card.trees,
        rows: model.card.rowsPerClass.positive + model.card.rowsPerClass.negative,
      });
    }
  }
  const detector = await loadDetector('x');
  const width = detector.featureSet.names.length;
  const batchSize = 100_000;
  const batches = Math.max(1, Math.round(10 * options.scale));
  const fromAccounts: number[] = [];
  const fromVectors: number[] = [];
  const extraction: number[] = [];
  for (let repeat = 0; repeat < options.repeats; repeat++) {
    let accountSeconds = 0;
    let vectorSeconds = 0;
    let extractSeconds = 0;
    for (let b = 0; b < batches; b++) {
      const accounts = syntheticAccounts(batchSize, 1000 * repeat + b + 1);
      const matrix = new Float64Array(batchSize * width);
      const out = new Float64Array(batchSize);
      let started = process.cpuUsage();
      for (let i = 0; i < batchSize; i++)
        detector.featureSet.extract(accounts[i] as Account, matrix, i * width);
      extractSeconds += cpuSecondsSince(started);
      started = process.cpuUsage();
      detector.scoreRows(matrix, out);
      vectorSeconds += cpuSecondsSince(started);
      started = process.cpuUsage();
      detector.scoreAccounts(accounts);
      accountSeconds += cpuSecondsSince(started);
    }
    const total = batches * batchSize;
    fromAccounts.push(total / accountSeconds);
    fromVectors.push(total / vectorSeconds);
    extraction.push(total / extractSeconds);
  }
  const reasonsAccounts = Math.max(500, Math.round(5000 * options.scale));
  const explained = syntheticAccounts(reasonsAccounts, 99);
  const started = process.cpuUsage();
  for (const account of explained) detector.score(account, 3);
  const withReasons = reasonsAccounts / cpuSecondsSince(started);
  return {
    training,
    accounts: batches * batchSize,
    fromAccounts: median(fromAccounts),
    fromFeatureVectors: median(fromVectors),
    featureExtraction: median(extraction),
    withReasons,
    reasonsAccounts,
  };
}

/** `readerRate`: the X v1.1 JSONL reader's records/s, when the readers section ran in the same run. */
export function renderScoringBench(result: ScoringBenchResult, readerRate?: number): string {
  const lines = ['## Detector', ''];
  if (typeof result.training === 'string') lines.push(`training: ${result.training}`);
  else {
    lines.push(
      '| bundled model | training rows | trees | training time (5-fold calibration + final fit) |',
      '|---|---:|---:|---:|',
    );
    for (const t of result.training)
      lines.push(`| ${t.name} | ${rate.format(t.rows)} | ${t.trees} | ${t.seconds.toFixed(1)} s |`);
  }
  lines.push(
    '',
    `scoring with the x model, one core, ${rate.format(result.accounts)} synthetic accounts (median of repeats; accounts a CPU second, load ${loadavg()[0]?.toFixed(1)}):`,
    `  from feature vectors (trees + calibration)   ${rate.format(result.fromFeatureVectors)} accounts/s (goal >= 1,000,000)`,
    `  feature extraction alone                     ${rate.format(result.featureExtraction)} accounts/s`,
    `  from Accounts (features + trees + calibration + domain check)   ${rate.format(result.fromAccounts)} accounts/s`,
    ...(readerRate === undefined
      ? []
      : [
          `  ratio of that to the X v1.1 JSONL reader rate (${rate.format(readerRate)} records/s): ${(result.fromAccounts / readerRate).toFixed(2)}`,
        ]),
    `  with 3 reasons each (exact TreeSHAP), ${rate.format(result.reasonsAccounts)} accounts   ${rate.format(result.withReasons)} accounts/s`,
  );
  return `${lines.join('\n')}\n`;
}
