// Writes the evaluation's feature matrices, labels, folds and collections as CSV, so bench/peers.py trains peers on exactly the same rows.
// Usage: node --import tsx bench/export-features.ts <out-dir> [--datasets <dir>]
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ALL_FEATURES, FEATURE_SET_VERSION, type FeatureSet } from '../src/features/index.ts';
import {
  matrixOfRows,
  readEvaluationData,
  rowsOfCollections,
} from '../src/model/evaluation/evaluation-data.ts';
import {
  FAKE_FOLLOWER_SIGNS,
  KIND_CANDIDATES,
  type KindCandidate,
  featureSetOf as kindFeatureSet,
  kindSplits,
  SPAM_BOT_SIGNS,
} from '../src/model/evaluation/kind-mixes.ts';
import { locoFeatureSet } from '../src/model/evaluation/mixes/training-mixes.ts';
import { CV_DATASETS, CV_FOLDS, EVALUATION_SEED, X_COLLECTIONS } from '../src/model/evaluation/protocols.ts';
import type { LabelledMatrix } from '../src/model/labelled-matrix.ts';
import { stratifiedFolds } from '../src/model/training/cross-validate.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    datasets: { type: 'string', default: resolve(import.meta.dirname, '..', '..', 'shared', 'datasets') },
  },
});
const out = positionals[0];
if (out === undefined) throw new Error('usage: export-features.ts <out-dir> [--datasets <dir>]');

/** One CSV: the features (empty = missing), the 0/1 label, then one extra column per row. */
function writeTable(
  file: string,
  featureSet: FeatureSet,
  data: LabelledMatrix,
  extra: string,
  extraValues: readonly (string | number)[],
) {
  const width = data.nFeatures;
  const lines = [[...featureSet.names, 'label', extra].join(',')];
  for (let row = 0; row < data.labels.length; row++) {
    const cells = Array.from(data.matrix.subarray(row * width, (row + 1) * width), (value) =>
      Number.isNaN(value) ? '' : String(value),
    );
    lines.push([...cells, String(data.labels[row]), String(extraValues[row])].join(','));
  }
  writeFileSync(join(out as string, file), `${lines.join('\n')}\n`);
}

/** The kind candidates the peers are trained like (features, rows), and the signs their monotone XGBoost gets. */
const PEER_KIND_CANDIDATE = { fake: 'every-human', bot: 'spam-and-every-human-general' } as const;
const PEER_MONOTONE_SIGNS = { fake: FAKE_FOLLOWER_SIGNS, bot: SPAM_BOT_SIGNS } as const;

const labelled = await readEvaluationData(values.datasets as string);
const crossValidation: Record<string, { file: string; features: readonly string[] }> = {};
for (const { collection } of CV_DATASETS) {
  const data = matrixOfRows(labelled, rowsOfCollections(labelled, [collection]), ALL_FEATURES);
  const file = `cv-${collection}.csv`;
  writeTable(
    file,
    ALL_FEATURES,
    data,
    'fold',
    Array.from(stratifiedFolds(data.labels, CV_FOLDS, EVALUATION_SEED)),
  );
  crossValidation[collection] = { file, features: ALL_FEATURES.names };
}
const locoFeatures = locoFeatureSet();
const locoRows = rowsOfCollections(labelled, X_COLLECTIONS);
writeTable(
  'loco-x.csv',
  locoFeatures,
  matrixOfRows(labelled, locoRows, locoFeatures),
  'collection',
  locoRows.map((row) => labelled.collections[row] as string),
);
// Per-kind leave-one-collection-out: one table per kind over the X rows, the chosen feature set of the kind's
// general candidates, labelled 1 for that kind, with one column per held-out test saying whether the row trains
// (train), is tested (test) or is left out (empty) — the very splits kind-mixes.ts uses.
const kindTables: Record<
  string,
  { file: string; candidate: string; features: readonly string[]; heldOut: string[]; monotone: number[] }
> = {};
for (const kind of ['fake', 'bot'] as const) {
  const candidate = KIND_CANDIDATES[kind].find((c) => c.name === PEER_KIND_CANDIDATE[kind]) as KindCandidate;
  const featureSet = kindFeatureSet(candidate.features, candidate.exclude);
  const splits = kindSplits(labelled, kind, candidate);
  const rows = [...new Set(splits.flatMap((split) => [...split.trainRows, ...split.testRows]))].sort(
    (a, b) => a - b,
  );
  const roles = splits.map((split) => {
    const train = new Set(split.trainRows);
    const test = new Set(split.testRows);
    return (row: number) => (train.has(row) ? 'train' : test.has(row) ? 'test' : '');
  });
  const data = matrixOfRows(labelled, rows, featureSet);
  rows.forEach((row, i) => {
    data.labels[i] = labelled.labels[row] === kind ? 1 : 0;
  });
  const file = `kind-${kind}.csv`;
  const width = data.nFeatures;
  const lines = [[...featureSet.names, 'label', ...splits.map((split) => `role:${split.held}`)].join(',')];
  rows.forEach((row, i) => {
    const cells = Array.from(data.matrix.subarray(i * width, (i + 1) * width), (value) =>
      Number.isNaN(value) ? '' : String(value),
    );
    lines.push([...cells, String(data.labels[i]), ...roles.map((role) => role(row))].join(','));
  });
  writeFileSync(join(out as string, file), `${lines.join('\n')}\n`);
  const signs = PEER_MONOTONE_SIGNS[kind];
  kindTables[kind] = {
    file,
    candidate: candidate.name,
    features: featureSet.names,
    heldOut: splits.map((split) => split.held),
    monotone: featureSet.names.map((name) => signs[name]?.sign ?? 0),
  };
}
const manifest = {
  seed: EVALUATION_SEED,
  folds: CV_FOLDS,
  featureSetVersion: FEATURE_SET_VERSION,
  crossValidation,
  leaveOneCollectionOut: { file: 'loco-x.csv', features: locoFeatures.names, collections: X_COLLECTIONS },
  kinds: kindTables,
};
writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
process.stderr.write(`wrote ${Object.keys(crossValidation).length + 1} tables and manifest.json to ${out}\n`);
