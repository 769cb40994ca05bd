// Leave-one-collection-out validation: for each collection, train on the chosen rows of the others and test on all of its rows.
import type { Label } from '../../core/account.ts';
import type { FeatureSet } from '../../features/index.ts';
import type { LabelledAccounts } from '../training/labelled-data.ts';
import { type TransferOutcome, type TransferSettings, trainAndTest } from './cross-dataset.ts';
import { isPositive, matrixOfRows } from './evaluation-data.ts';

/** Which labelled rows a model is trained on: positives of some kinds, humans of some collections. */
export interface TrainingMix {
  name: string;
  description: string;
  trainsOn(collection: string, label: Label): boolean;
}

export const EVERY_ROW: TrainingMix = {
  name: 'all',
  description: 'every collection, every label',
  trainsOn: () => true,
};

export interface LocoSplit {
  heldOut: string;
  /** Rows of the other collections that the mix trains on, ascending. */
  trainRows: number[];
  /** Every row of the held-out collection, ascending. */
  testRows: number[];
}

export function locoSplits(
  labelled: Pick<LabelledAccounts, 'collections' | 'labels'>,
  collections: readonly string[],
  mix: TrainingMix = EVERY_ROW,
): LocoSplit[] {
  return collections.map((heldOut) => {
    const trainRows: number[] = [];
    const testRows: number[] = [];
    labelled.collections.forEach((collection, row) => {
      if (collection === heldOut) testRows.push(row);
      else if (collections.includes(collection) && mix.trainsOn(collection, labelled.labels[row] as Label))
        trainRows.push(row);
    });
    return { heldOut, trainRows, testRows };
  });
}

export interface LocoOutcome {
  heldOut: string;
  rows: number;
  positives: number;
  trainingRows: number;
  /** Absent when the training rows lack a class; `skipped` says why. */
  outcome?: TransferOutcome;
  skipped?: string;
}

export function leaveOneCollectionOut(
  labelled: Pick<LabelledAccounts, 'accounts' | 'labels' | 'collections'>,
  collections: readonly string[],
  featureSet: FeatureSet,
  mix: TrainingMix,
  settings: TransferSettings,
  log: (line: string) => void = () => {},
): LocoOutcome[] {
  return locoSplits(labelled, collections, mix).map(({ heldOut, trainRows, testRows }) => {
    const positives = testRows.filter((row) => isPositive(labelled.labels[row] as Label)).length;
    const trainingPositives = trainRows.filter((row) => isPositive(labelled.labels[row] as Label)).length;
    const base = { heldOut, rows: testRows.length, positives, trainingRows: trainRows.length };
    if (trainingPositives === 0 || trainingPositives === trainRows.length) {
      const missing = trainingPositives === 0 ? 'fake or bot' : 'human';
      return { ...base, skipped: `no ${missing} rows left to train on` };
    }
    const outcome = trainAndTest(
      matrixOfRows(labelled, trainRows, featureSet),
      matrixOfRows(labelled, testRows, featureSet),
      settings,
    );
    log(
      `LOCO ${mix.name} -> ${heldOut}: balanced accuracy ${outcome.gbdt.balancedAccuracy}, ROC AUC ${outcome.gbdt.rocAuc ?? 'n/a'}`,
    );
    return { ...base, outcome };
  });
}
