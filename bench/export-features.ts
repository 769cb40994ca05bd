// Writes the evaluation's feature matrices, labels, folds and collections as CSV, so bench/peers.py trains peers on exactly the same rows.
// Usage: node --import tsx bench/export-features.ts <out-dir> [--datasets <dir>]
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ALL_FEATURES, FEATURE_SET_VERSION, type FeatureSet } from '../src/features/index.ts';
import { stratifiedFolds } from '../src/model/cross-validate.ts';
import {
  matrixOfRows,
  readEvaluationData,
  rowsOfCollections,
} from '../src/model/evaluation/evaluation-data.ts';
import { CV_DATASETS, CV_FOLDS, EVALUATION_SEED, X_COLLECTIONS } from '../src/model/evaluation/protocols.ts';
import { locoFeatureSet } from '../src/model/evaluation/training-mixes.ts';
import type { LabelledMatrix } from '../src/model/labelled-matrix.ts';

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
const manifest = {
  seed: EVALUATION_SEED,
  folds: CV_FOLDS,
  featureSetVersion: FEATURE_SET_VERSION,
  crossValidation,
  leaveOneCollectionOut: { file: 'loco-x.csv', features: locoFeatures.names, collections: X_COLLECTIONS },
};
writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
process.stderr.write(`wrote ${Object.keys(crossValidation).length + 1} tables and manifest.json to ${out}\n`);
