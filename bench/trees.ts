// Tree benchmark: realreach's tree evaluation and exact TreeSHAP against XGBoost's single-thread predict and pred_contribs, for trees of the same count, depth and feature count, on the same matrix.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Account } from '../src/core/account.ts';
import { loadDetector } from '../src/model/detector.ts';
import { explainMargin } from '../src/model/explain.ts';
import { predictMargins } from '../src/model/gbdt/predict.ts';
import { gbdtModelFromJson } from '../src/model/gbdt/serialize.ts';
import { treeDepth } from '../src/model/gbdt/tree.ts';
import { treesOf } from '../src/model/model-file.ts';
import { makeFollower, seededRandom, syntheticAccount } from './synthetic-accounts.ts';

const PYTHON = '/usr/bin/python3';
const PEER = join(import.meta.dirname, 'trees-peer.py');

export interface TreeBenchModel {
  name: string;
  trees: number;
  depth: number;
  features: number;
  nodes: number;
  rows: number;
  explainRows: number;
  /** Rows/s on one thread. */
  predict: number;
  treeShap: number;
  peer?: { version: string; predict: number; predContribs: number; nodes: number };
}

export interface TreeBenchResult {
  models: TreeBenchModel[];
  /** Why XGBoost was not measured, when it was not. */
  peerMissing?: string;
}

function timed(run: () => void): number {
  const started = performance.now();
  run();
  return (performance.now() - started) / 1000;
}

function peerMissing(): string | undefined {
  try {
    execFileSync(PYTHON, ['-c', 'import xgboost, numpy'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return `${PYTHON} with xgboost and numpy is absent (Debian: apt-get install -y python3-xgboost)`;
  }
}

export async function benchTrees(options: {
  dir: string;
  scale: number;
  repeats: number;
  log: (line: string) => void;
}): Promise<TreeBenchResult> {
  const rows = Math.max(4_000, Math.round(200_000 * options.scale));
  const explainRows = Math.max(500, Math.round(5_000 * options.scale));
  const missing = peerMissing();
  const models: TreeBenchModel[] = [];
  // x is the union of its two kind models (no trees of its own): its trees are theirs.
  for (const name of ['x-fake-follower', 'x-spam-bot', 'general']) {
    const detector = await loadDetector(name);
    const gbdt = gbdtModelFromJson(treesOf(detector.model));
    const width = detector.featureSet.names.length;
    const random = seededRandom(7);
    const observedAt = new Date('2026-06-01T00:00:00Z');
    const matrix = new Float64Array(rows * width);
    for (let i = 0; i < rows; i++) {
      const account: Account = syntheticAccount(makeFollower(random, i, 0.3, observedAt));
      detector.featureSet.extract(account, matrix, i * width);
    }
    const margins = new Float64Array(rows);
    options.log(`trees: ${name}, ${rows} rows…`);
    predictMargins(gbdt, matrix, margins); // warm-up, and the tables of explainMargin built before timing
    explainMargin(gbdt, matrix, 0);
    const predictSeconds: number[] = [];
    const shapSeconds: number[] = [];
    for (let r = 0; r < options.repeats; r++) {
      predictSeconds.push(timed(() => predictMargins(gbdt, matrix, margins)));
      shapSeconds.push(
        timed(() => {
          for (let i = 0; i < explainRows; i++) explainMargin(gbdt, matrix, i * width);
        }),
      );
    }
    const model: TreeBenchModel = {
      name,
      trees: gbdt.trees.length,
      depth: Math.max(...gbdt.trees.map(treeDepth)),
      features: width,
      nodes: gbdt.trees.reduce((sum, tree) => sum + tree.feature.length, 0),
      rows,
      explainRows,
      predict: rows / Math.min(...predictSeconds),
      treeShap: explainRows / Math.min(...shapSeconds),
    };
    if (missing === undefined) {
      const folder = join(options.dir, `trees-${name}`);
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, 'matrix.f64'), new Uint8Array(matrix.buffer));
      // Labels the peer learns from: this model's own verdicts, so its trees split on the same signal.
      writeFileSync(
        join(folder, 'labels.u8'),
        Uint8Array.from(margins, (margin) => (margin > 0 ? 1 : 0)),
      );
      const spec = {
        rows,
        features: width,
        trees: model.trees,
        depth: model.depth,
        explainRows,
        repeats: options.repeats,
      };
      writeFileSync(join(folder, 'spec.json'), JSON.stringify(spec));
      options.log(`trees: XGBoost peer for ${name}…`);
      const peer = JSON.parse(execFileSync(PYTHON, [PEER, folder], { encoding: 'utf8' }));
      model.peer = {
        version: peer.xgboost,
        predict: peer.predict,
        predContribs: peer.predContribs,
        nodes: peer.nodes,
      };
    }
    models.push(model);
  }
  return missing === undefined ? { models } : { models, peerMissing: missing };
}

const rate = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function renderTreeBench(result: TreeBenchResult): string {
  const lines = [
    '## Trees',
    '',
    'one thread, the same synthetic feature matrix for both; XGBoost trained with the same tree count and depth',
    '(predict: margins of a prebuilt matrix, a fresh DMatrix for XGBoost; TreeSHAP: pred_contribs); the fastest',
    'of the repeats on each side, the run least disturbed by the other load on the machine:',
    '',
    '| model | trees × depth, features | nodes (XGBoost) | predict rows/s | XGBoost | ratio | TreeSHAP rows/s | XGBoost | ratio |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const m of result.models) {
    const peer = m.peer;
    lines.push(
      `| ${m.name} | ${m.trees} × ${m.depth}, ${m.features} | ${m.nodes} (${peer ? peer.nodes : '—'}) | ${rate.format(m.predict)} | ${peer ? rate.format(peer.predict) : '—'} | ${peer ? `${(m.predict / peer.predict).toFixed(2)} (goal >= 1)` : '—'} | ${rate.format(m.treeShap)} | ${peer ? rate.format(peer.predContribs) : '—'} | ${peer ? `${(m.treeShap / peer.predContribs).toFixed(2)} (goal >= 1)` : '—'} |`,
    );
  }
  if (result.peerMissing) lines.push('', `XGBoost not measured: ${result.peerMissing}`);
  return `${lines.join('\n')}\n`;
}
