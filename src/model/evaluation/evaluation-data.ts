// Reads every labelled collection the evaluation uses once, and builds 0/1-labelled feature matrices from chosen rows.
import type { Account, Label } from '../../core/account.ts';
import type { FeatureSet } from '../../features/index.ts';
import type { LabelledMatrix } from '../labelled-matrix.ts';
import { type LabelledAccounts, readLabelledDatasets } from '../training/labelled-data.ts';
import { balancedWeights } from '../training/train-model.ts';
import { INSTAGRAM_DATASETS, POSITIVE_LABELS, X_DATASETS } from './protocols.ts';

/** The X and Instagram collections, read from the datasets folder. */
export function readEvaluationData(root: string): Promise<LabelledAccounts> {
  return readLabelledDatasets([...X_DATASETS, ...INSTAGRAM_DATASETS], root);
}

/** Rows (ascending) whose collection is one of `collections`. */
export function rowsOfCollections(
  labelled: Pick<LabelledAccounts, 'collections'>,
  collections: readonly string[],
): number[] {
  const rows: number[] = [];
  labelled.collections.forEach((collection, row) => {
    if (collections.includes(collection)) rows.push(row);
  });
  return rows;
}

export function isPositive(label: Label): boolean {
  return POSITIVE_LABELS.includes(label);
}

/** The feature rows of `rows`, labelled 1 for fake or bot, weighted so both classes count equally when both occur. */
export function matrixOfRows(
  labelled: Pick<LabelledAccounts, 'accounts' | 'labels'>,
  rows: readonly number[],
  featureSet: FeatureSet,
): LabelledMatrix {
  const width = featureSet.names.length;
  const matrix = new Float64Array(rows.length * width);
  const labels = new Uint8Array(rows.length);
  rows.forEach((row, i) => {
    featureSet.extract(labelled.accounts[row] as Account, matrix, i * width);
    labels[i] = isPositive(labelled.labels[row] as Label) ? 1 : 0;
  });
  return { matrix, labels, nFeatures: width, weights: balancedWeights(labels) };
}
