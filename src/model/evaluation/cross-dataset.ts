// Trains on one set of rows and tests on another: the calibrated GBDT, optionally the logistic baseline, and the domain-shift flag.
import { predictLogistic, trainLogistic } from '../baselines/logistic-regression.ts';
import { fitDomainProfile, unlikeness } from '../domain-profile.ts';
import type { GbdtParams } from '../gbdt/params.ts';
import type { LabelledMatrix } from '../labelled-matrix.ts';
import { trainCalibratedGbdt } from './calibrated-gbdt.ts';
import { type EvaluationMetrics, summariseEvaluation } from './evaluation-metrics.ts';

export interface TransferSettings {
  seed: number;
  params: Partial<GbdtParams>;
  /** Also train the logistic-regression baseline on the same rows. */
  withLogistic?: boolean;
}

export interface TransferOutcome {
  gbdt: EvaluationMetrics;
  logistic?: EvaluationMetrics;
  /** Share of test rows the training data's domain profile calls unlike it (unlikeness above its threshold). */
  unlikeShare: number;
  trees: number;
}

/** Both matrices must have the same columns. */
export function trainAndTest(
  train: LabelledMatrix,
  test: LabelledMatrix,
  settings: TransferSettings,
): TransferOutcome {
  if (train.nFeatures !== test.nFeatures) {
    throw new RangeError(`training rows have ${train.nFeatures} features, test rows ${test.nFeatures}`);
  }
  const model = trainCalibratedGbdt(train, settings.params, settings.seed);
  const profile = fitDomainProfile(train.matrix, train.nFeatures);
  let unlike = 0;
  for (let row = 0; row < test.labels.length; row++) {
    if (unlikeness(profile, test.matrix, row * test.nFeatures) > profile.threshold) unlike++;
  }
  const outcome: TransferOutcome = {
    gbdt: summariseEvaluation(model.probabilities(test.matrix), test.labels),
    unlikeShare: Math.round((unlike / Math.max(test.labels.length, 1)) * 1e6) / 1e6,
    trees: model.trees,
  };
  if (settings.withLogistic) {
    const logistic = trainLogistic(train.matrix, train.labels, train.nFeatures);
    outcome.logistic = summariseEvaluation(predictLogistic(logistic, test.matrix), test.labels);
  }
  return outcome;
}
