// Tree benchmark: realreach's tree evaluation and exact TreeSHAP against XGBoost's single-thread predict and pred_contribs on the same trees (each bundled model's, loaded into XGBoost) and the same matrix, the two sides' repeats interleaved.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Account } from '../src/core/account.ts';
import { loadDetector } from '../src/model/detector.ts';
import { explainMargin } from '../src/model/explain/explain.ts';
import { predictMargins } from '../src/model/gbdt/predict.ts';
import { gbdtModelFromJson } from '../src/model/gbdt/serialize.ts';
import { treeDepth } from '../src/model/gbdt/tree.ts';
import { treesOf } from '../src/model/model-file.ts';
import { median } from './readers.ts';
import { makeFollower, seededRandom, syntheticAccount } from './synthetic-accounts.ts';

const PYTHON = '/usr/bin/python3';
const PEER = join(import.meta.dirname, 'trees-peer.py');
/** Repeats of each side, interleaved: enough for a median on a shared machine. */
const MIN_REPEATS = 7;

/** Seconds of one run: wall clock, and the CPU time of the process (which other load on the machine barely moves). */
interface Timing {
  wall: number;
  cpu: number;
}

/** Rows per second from the median wall and the median CPU seconds of the repeats. */
export interface TreeRates {
  wall: number;
  cpu: number;
}

export interface TreeBenchModel {
  name: string;
  trees: number;
  depth: number;
  features: number;
  nodes: number;
  rows: number;
  explainRows: number;
  repeats: number;
  predict: TreeRates;
  treeShap: TreeRates;
  peer?: {
    version: string;
    nodes: number;
    predict: TreeRates;
    predContribs: TreeRates;
    /** Explained rows whose attributions differ from XGBoost's by more than AGREEMENT anywhere. */
    rowsApart: number;
    /** The largest attribution difference over the other rows. */
    largestDifference: number;
  };
}

/**
 * XGBoost computes TreeSHAP in float32 (leaf values, covers, path weights), so the same attributions agree to about
 * 1e-6 of the margin; a row further apart took another path, its value within float32 rounding of a threshold.
 */
const AGREEMENT = 1e-4;

export interface TreeBenchResult {
  models: TreeBenchModel[];
  /** One-minute load average before and after the section. */
  load: [number, number];
  /** Why XGBoost was not measured, when it was not. */
  peerMissing?: string;
}

function timed(run: () => void): Timing {
  const cpu = process.cpuUsage();
  const started = performance.now();
  run();
  const used = process.cpuUsage(cpu);
  return { wall: (performance.now() - started) / 1000, cpu: (used.user + used.system) / 1e6 };
}

function rates(rows: number, timings: Timing[]): TreeRates {
  return {
    wall: rows / median(timings.map((t) => t.wall)),
    cpu: rows / median(timings.map((t) => t.cpu)),
  };
}

function peerMissing(): string | undefined {
  try {
    execFileSync(PYTHON, ['-c', 'import xgboost, numpy'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return `${PYTHON} with xgboost and numpy is absent (Debian: apt-get install -y python3-xgboost)`;
  }
}

/** The XGBoost peer process: trains on start, then times one predict or pred_contribs per request. */
class Peer {
  readonly #child;
  readonly #lines: AsyncIterator<string>;
  constructor(folder: string) {
    this.#child = spawn(PYTHON, [PEER, folder], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.#lines = createInterface({ input: this.#child.stdout })[Symbol.asyncIterator]();
  }
  async next<T>(): Promise<T> {
    const { value, done } = await this.#lines.next();
    if (done) throw new Error(`${PEER} ended early`);
    return JSON.parse(value) as T;
  }
  ask(command: 'predict' | 'contribs'): Promise<Timing> {
    this.#child.stdin.write(`${command}\n`);
    return this.next<Timing>();
  }
  /** Has the peer write its contributions of the explained rows to its folder's contribs.f64. */
  async writeContribs(): Promise<void> {
    this.#child.stdin.write('write\n');
    await this.next<object>();
  }
  close(): void {
    this.#child.stdin.end('quit\n');
  }
}

/** How far our attributions of the explained rows are from XGBoost's pred_contribs (its last column is the bias). */
async function compareContribs(
  peer: Peer,
  folder: string,
  ours: (row: number) => Float64Array,
): Promise<{ rowsApart: number; largestDifference: number }> {
  await peer.writeContribs();
  const bytes = readFileSync(join(folder, 'contribs.f64'));
  const theirs = new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
  let rowsApart = 0;
  let largestDifference = 0;
  const width = ours(0).length + 1;
  for (let row = 0; row < theirs.length / width; row++) {
    const attributions = ours(row);
    let largest = 0;
    attributions.forEach((value, feature) => {
      largest = Math.max(largest, Math.abs(value - (theirs[row * width + feature] as number)));
    });
    if (largest > AGREEMENT) rowsApart++;
    else largestDifference = Math.max(largestDifference, largest);
  }
  return { rowsApart, largestDifference };
}

export async function benchTrees(options: {
  dir: string;
  scale: number;
  repeats: number;
  log: (line: string) => void;
}): Promise<TreeBenchResult> {
  const rows = Math.max(4_000, Math.round(200_000 * options.scale));
  const explainRows = Math.max(500, Math.round(5_000 * options.scale));
  const repeats = Math.max(MIN_REPEATS, options.repeats);
  const missing = peerMissing();
  const loadBefore = loadavg()[0] as number;
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
    // Warm-up: the layouts and explainMargin's tables are built before timing, the code optimised.
    for (let r = 0; r < 3; r++) predictMargins(gbdt, matrix, margins);
    for (let i = 0; i < Math.min(explainRows, 500); i++) explainMargin(gbdt, matrix, i * width);
    const trees = gbdt.trees.length;
    const depth = Math.max(...gbdt.trees.map(treeDepth));
    let peer: Peer | undefined;
    let peerHello: { xgboost: string; nodes: number } | undefined;
    if (missing === undefined) {
      const folder = join(options.dir, `trees-${name}`);
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, 'matrix.f64'), new Uint8Array(matrix.buffer));
      writeFileSync(join(folder, 'trees.json'), JSON.stringify(treesOf(detector.model)));
      const spec = { rows, features: width, explainRows };
      writeFileSync(join(folder, 'spec.json'), JSON.stringify(spec));
      options.log(`trees: loading ${name}'s trees into XGBoost…`);
      peer = new Peer(folder);
      peerHello = await peer.next<{ xgboost: string; nodes: number }>();
    }
    const ours = { predict: [] as Timing[], shap: [] as Timing[] };
    const theirs = { predict: [] as Timing[], contribs: [] as Timing[] };
    options.log(`trees: ${repeats} interleaved repeats for ${name}…`);
    for (let r = 0; r < repeats; r++) {
      ours.predict.push(timed(() => predictMargins(gbdt, matrix, margins)));
      if (peer) theirs.predict.push(await peer.ask('predict'));
      ours.shap.push(
        timed(() => {
          for (let i = 0; i < explainRows; i++) explainMargin(gbdt, matrix, i * width);
        }),
      );
      if (peer) theirs.contribs.push(await peer.ask('contribs'));
    }
    const agreement = peer
      ? await compareContribs(
          peer,
          join(options.dir, `trees-${name}`),
          (i) => explainMargin(gbdt, matrix, i * width).attributions,
        )
      : undefined;
    peer?.close();
    const model: TreeBenchModel = {
      name,
      trees,
      depth,
      features: width,
      nodes: gbdt.trees.reduce((sum, tree) => sum + tree.feature.length, 0),
      rows,
      explainRows,
      repeats,
      predict: rates(rows, ours.predict),
      treeShap: rates(explainRows, ours.shap),
    };
    if (peerHello) {
      model.peer = {
        version: peerHello.xgboost,
        nodes: peerHello.nodes,
        predict: rates(rows, theirs.predict),
        predContribs: rates(explainRows, theirs.contribs),
        ...(agreement as { rowsApart: number; largestDifference: number }),
      };
    }
    models.push(model);
  }
  const load: [number, number] = [loadBefore, loadavg()[0] as number];
  return missing === undefined ? { models, load } : { models, load, peerMissing: missing };
}

const rate = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

function ratio(ours: number, theirs: number | undefined): string {
  return theirs === undefined ? '—' : `${(ours / theirs).toFixed(2)}`;
}

export function renderTreeBench(result: TreeBenchResult): string {
  const repeats = result.models[0]?.repeats ?? 0;
  const lines = [
    '## Trees',
    '',
    'one thread, the same synthetic feature matrix and the same trees for both (each model’s, loaded into XGBoost)',
    `(predict: margins of a prebuilt matrix, a fresh DMatrix for XGBoost; TreeSHAP: pred_contribs). ${repeats} repeats`,
    'of each side, interleaved; rows/s from the median process CPU time (which the machine’s other load barely moves)',
    `and, in brackets, from the median wall time; load average ${result.load[0].toFixed(1)} before, ${result.load[1].toFixed(1)} after.`,
    'A ratio is realreach’s rows/s over XGBoost’s (above 1: realreach is faster; goal >= 1). Exactness: the explained',
    `rows whose attributions differ from pred_contribs' by more than ${AGREEMENT} (a threshold within float32 rounding),`,
    'and the largest difference over the others (XGBoost works in float32):',
    '',
    '| model | trees × depth, features | nodes (XGBoost) | predict rows/s | XGBoost | ratio CPU (wall) | TreeSHAP rows/s | XGBoost | ratio CPU (wall) | rows apart, largest difference |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const m of result.models) {
    const peer = m.peer;
    lines.push(
      `| ${m.name} | ${m.trees} × ${m.depth}, ${m.features} | ${m.nodes} (${peer ? peer.nodes : '—'}) ` +
        `| ${rate.format(m.predict.cpu)} (${rate.format(m.predict.wall)}) ` +
        `| ${peer ? `${rate.format(peer.predict.cpu)} (${rate.format(peer.predict.wall)})` : '—'} ` +
        `| ${ratio(m.predict.cpu, peer?.predict.cpu)} (${ratio(m.predict.wall, peer?.predict.wall)}) ` +
        `| ${rate.format(m.treeShap.cpu)} (${rate.format(m.treeShap.wall)}) ` +
        `| ${peer ? `${rate.format(peer.predContribs.cpu)} (${rate.format(peer.predContribs.wall)})` : '—'} ` +
        `| ${ratio(m.treeShap.cpu, peer?.predContribs.cpu)} (${ratio(m.treeShap.wall, peer?.predContribs.wall)}) ` +
        `| ${peer ? `${peer.rowsApart} of ${m.explainRows}, ${peer.largestDifference.toExponential(1)}` : '—'} |`,
    );
  }
  if (result.peerMissing) lines.push('', `XGBoost not measured: ${result.peerMissing}`);
  return `${lines.join('\n')}\n`;
}
