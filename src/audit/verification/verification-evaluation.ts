// The verification simulation on the shared collections: each collection scored by a model trained without it (leave-one-collection-out), audiences mixed from its rows at known fake shares, reviewed with the dataset's labels as the person's, and the markdown section of EVALUATION.md.

import type { Label } from '../../core/account.ts';
import { type FeatureSet, GENERAL_FEATURES, selectFeatures } from '../../features/index.ts';
import { trainCalibratedGbdt } from '../../model/evaluation/calibrated-gbdt.ts';
import {
  isPositive,
  matrixOfRows,
  readEvaluationData,
  rowsOfCollections,
} from '../../model/evaluation/evaluation-data.ts';
import { locoFeatureSet } from '../../model/evaluation/mixes/training-mixes.ts';
import { EVALUATION_PARAMS, EVALUATION_SEED, X_COLLECTIONS } from '../../model/evaluation/protocols.ts';
import { markdownTable } from '../../model/evaluation/report/markdown-table.ts';
import type { LabelledAccounts } from '../../model/training/labelled-data.ts';
import {
  type ScoredPool,
  type SimulationCell,
  type SimulationSettings,
  simulateVerification,
} from './verification-simulation.ts';

export const VERIFICATION_SECTION_START = '<!-- verification-simulation:start -->';
export const VERIFICATION_SECTION_END = '<!-- verification-simulation:end -->';

/** Collections that hold both classes, each held out of its model in turn. */
const X_HELD_OUT = ['cresci-2015', 'cresci-2017', 'cresci-stock-2018', 'twibot-22'];

export const VERIFICATION_SETTINGS: SimulationSettings = {
  shares: [0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 1],
  repeats: 5,
  audienceSize: 2000,
  labelCounts: [50, 100, 200],
  seed: EVALUATION_SEED,
};

export interface PoolDescription {
  name: string;
  trainedOn: string;
  humans: number;
  fakes: number;
  /** ROC AUC of the held-out rows' scores. */
  rocAuc: number;
}

export interface VerificationEvaluation {
  command: string;
  settings: SimulationSettings;
  pools: PoolDescription[];
  cells: SimulationCell[];
}

function rocAuc(humans: Float64Array, fakes: Float64Array): number {
  const all = [...Array.from(humans, (p) => ({ p, fake: 0 })), ...Array.from(fakes, (p) => ({ p, fake: 1 }))];
  all.sort((a, b) => a.p - b.p);
  let rankSum = 0;
  let i = 0;
  while (i < all.length) {
    let j = i;
    while (j < all.length && (all[j] as { p: number }).p === (all[i] as { p: number }).p) j++;
    const rank = (i + j + 1) / 2;
    for (let k = i; k < j; k++) if ((all[k] as { fake: number }).fake === 1) rankSum += rank;
    i = j;
  }
  return (rankSum - (fakes.length * (fakes.length + 1)) / 2) / (fakes.length * humans.length);
}

/** Trains on `trainRows`, scores `testRows`, and splits the scores by the dataset's label. */
function scorePool(
  labelled: LabelledAccounts,
  featureSet: FeatureSet,
  name: string,
  trainedOn: string,
  trainRows: number[],
  testRows: number[],
): { pool: ScoredPool; description: PoolDescription } {
  const model = trainCalibratedGbdt(
    matrixOfRows(labelled, trainRows, featureSet),
    EVALUATION_PARAMS,
    EVALUATION_SEED,
  );
  const test = matrixOfRows(labelled, testRows, featureSet);
  const scores = model.probabilities(test.matrix);
  const humans: number[] = [];
  const fakes: number[] = [];
  testRows.forEach((row, i) => {
    (isPositive(labelled.labels[row] as Label) ? fakes : humans).push(scores[i] as number);
  });
  const pool = { name, humans: Float64Array.from(humans), fakes: Float64Array.from(fakes) };
  return {
    pool,
    description: {
      name,
      trainedOn,
      humans: humans.length,
      fakes: fakes.length,
      rocAuc: Math.round(rocAuc(pool.humans, pool.fakes) * 1000) / 1000,
    },
  };
}

export async function runVerificationEvaluation(options: {
  root: string;
  command: string;
  settings?: SimulationSettings;
  log?: (line: string) => void;
}): Promise<VerificationEvaluation> {
  const log = options.log ?? (() => {});
  const settings = options.settings ?? VERIFICATION_SETTINGS;
  const labelled = await readEvaluationData(options.root);
  const scored: ReturnType<typeof scorePool>[] = [];
  const xFeatures = locoFeatureSet();
  for (const heldOut of X_HELD_OUT.filter((collection) => X_COLLECTIONS.includes(collection))) {
    const others = X_COLLECTIONS.filter((collection) => collection !== heldOut);
    scored.push(
      scorePool(
        labelled,
        xFeatures,
        heldOut,
        'every other X collection',
        rowsOfCollections(labelled, others),
        rowsOfCollections(labelled, [heldOut]),
      ),
    );
    log(`verification: ${heldOut} scored by a model trained without it`);
  }
  const general = selectFeatures(GENERAL_FEATURES);
  for (const [heldOut, other] of [
    ['instafake', 'kaggle-instagram'],
    ['kaggle-instagram', 'instafake'],
  ] as const) {
    scored.push(
      scorePool(
        labelled,
        general,
        heldOut,
        `${other} (general features)`,
        rowsOfCollections(labelled, [other]),
        rowsOfCollections(labelled, [heldOut]),
      ),
    );
    log(`verification: ${heldOut} scored by a model trained on ${other}`);
  }
  const cells = simulateVerification(
    scored.map((entry) => entry.pool),
    settings,
  );
  log(`verification: ${cells.reduce((sum, cell) => sum + cell.audiences, 0)} reviewed audiences simulated`);
  return { command: options.command, settings, pools: scored.map((entry) => entry.description), cells };
}

const pct = (value: number) => `${(value * 100).toFixed(1)} %`;
const points = (value: number) => `${(value * 100).toFixed(1)}`;

interface Totals {
  audiences: number;
  coveredPpi: number;
  coveredClassical: number;
  coveredRandom: number;
  widthPpi: number;
  widthClassical: number;
  widthRandom: number;
  error: number;
}

function totals(cells: readonly SimulationCell[]): Totals {
  const sum: Totals = {
    audiences: 0,
    coveredPpi: 0,
    coveredClassical: 0,
    coveredRandom: 0,
    widthPpi: 0,
    widthClassical: 0,
    widthRandom: 0,
    error: 0,
  };
  for (const cell of cells) {
    sum.audiences += cell.audiences;
    sum.coveredPpi += cell.coveredPpi;
    sum.coveredClassical += cell.coveredClassical;
    sum.coveredRandom += cell.coveredRandom;
    sum.widthPpi += cell.widthPpi * cell.audiences;
    sum.widthClassical += cell.widthClassical * cell.audiences;
    sum.widthRandom += cell.widthRandom * cell.audiences;
    sum.error += cell.modelOnlyError * cell.audiences;
  }
  return sum;
}

/** The section of EVALUATION.md, between its markers (so `eval --only verification` can replace it in place). */
export function renderVerificationSection(result: VerificationEvaluation): string {
  const { settings, cells } = result;
  const lines: string[] = [
    VERIFICATION_SECTION_START,
    '## Verification with a labelled sample (`realreach review` + `audit --labels`)',
    '',
    `Command: \`${result.command}\` (this section alone: \`realreach eval --only verification\`).`,
    '',
    'Each collection below is scored by a model that never saw it (leave-one-collection-out: the X collections by a ' +
      'model trained on every other X collection, with the LOCO features; each Instagram collection by a model trained ' +
      `on the other, with the general features). From its scored rows, audiences of ${settings.audienceSize.toLocaleString('en-US')} followers are mixed at ` +
      `${settings.shares.map((share) => `${share * 100}`).join(', ')} % fake (drawn with replacement), ${settings.repeats} seeded audiences per collection and share. ` +
      "Each audience is reviewed as `realreach review` does it (a keyed draw stratified by p(fake), at least 2 labels per band, the rest in proportion), the dataset's labels playing the person's, " +
      'and `audit --labels` estimates the fake share (stratified prediction-powered inference, PPI++ weight). Coverage is the share of audiences whose 95 % interval holds the true share. ' +
      'Compared on the same audiences: the labels alone on the same stratified sample (λ = 0, the classical stratified interval), and the labels alone from a simple random sample of the same size (no model at all).',
    '',
    markdownTable(
      [
        'labels:',
        'audiences:',
        'coverage (PPI):',
        'coverage, labels alone (stratified):',
        'coverage, labels alone (random sample):',
        'mean width (PPI):',
        'width, labels alone (stratified):',
        'width, labels alone (random sample):',
      ],
      settings.labelCounts.map((labels) => {
        const t = totals(cells.filter((cell) => cell.labels === labels));
        return [
          String(labels),
          String(t.audiences),
          pct(t.coveredPpi / t.audiences),
          pct(t.coveredClassical / t.audiences),
          pct(t.coveredRandom / t.audiences),
          `${points(t.widthPpi / t.audiences)} pp`,
          `${points(t.widthClassical / t.audiences)} pp`,
          `${points(t.widthRandom / t.audiences)} pp`,
        ];
      }),
    ),
    '',
    'Per held-out collection, 100 labels (widths in share points; the model-only error is the mean |mean p(fake) − truth|, what the labels have to correct):',
    '',
    markdownTable(
      [
        'collection',
        'scored by a model trained on',
        'humans:',
        'fakes / bots:',
        'ROC AUC unseen:',
        'model-only error:',
        'coverage (PPI):',
        'width (PPI):',
        'width, labels alone (stratified):',
        'width, labels alone (random sample):',
      ],
      result.pools.flatMap((pool) => {
        const t = totals(cells.filter((cell) => cell.labels === 100 && cell.pool === pool.name));
        if (t.audiences === 0) return [];
        return [
          [
            pool.name,
            pool.trainedOn,
            pool.humans.toLocaleString('en-US'),
            pool.fakes.toLocaleString('en-US'),
            pool.rocAuc.toFixed(3),
            `${points(t.error / t.audiences)} pp`,
            pct(t.coveredPpi / t.audiences),
            points(t.widthPpi / t.audiences),
            points(t.widthClassical / t.audiences),
            points(t.widthRandom / t.audiences),
          ],
        ];
      }),
    ),
    '',
    'By true fake share, 100 labels, every collection:',
    '',
    markdownTable(
      [
        'fake share:',
        'audiences:',
        'coverage (PPI):',
        'width (PPI):',
        'width, labels alone (random sample):',
      ],
      settings.shares.flatMap((share) => {
        const t = totals(cells.filter((cell) => cell.labels === 100 && cell.share === share));
        if (t.audiences === 0) return [];
        return [
          [
            `${share * 100} %`,
            String(t.audiences),
            pct(t.coveredPpi / t.audiences),
            `${points(t.widthPpi / t.audiences)} pp`,
            `${points(t.widthRandom / t.audiences)} pp`,
          ],
        ];
      }),
    ),
    '',
    VERIFICATION_SECTION_END,
    '',
  ];
  return lines.join('\n');
}

/** The report with its verification section replaced, or appended when it has none. */
export function replaceVerificationSection(report: string, section: string): string {
  const start = report.indexOf(VERIFICATION_SECTION_START);
  const end = report.indexOf(VERIFICATION_SECTION_END);
  if (start < 0 || end < start) return `${report.trimEnd()}\n\n${section}`;
  const after = report.slice(end + VERIFICATION_SECTION_END.length).replace(/^\n+/, '');
  return `${report.slice(0, start)}${section}${after}`;
}
