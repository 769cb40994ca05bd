// Stratified k-fold cross-validation of the calibrated GBDT and the logistic-regression baseline in the same folds.
import { predictLogistic, trainLogistic } from '../baselines/logistic-regression.ts';
import type { GbdtParams } from '../gbdt/params.ts';
import type { LabelledMatrix } from '../labelled-matrix.ts';
import { outOfFoldScores, stratifiedFolds } from '../training/cross-validate.ts';
import { trainCalibratedGbdt } from './calibrated-gbdt.ts';
import { type EvaluationMetrics, summariseEvaluation } from './evaluation-metrics.ts';

export interface CrossValidationSettings {
  folds: number;
  seed: number;
  params: Partial<GbdtParams>;
}

export interface CrossValidationOutcome {
  gbdt: EvaluationMetrics;
  logistic: EvaluationMetrics;
  /** How many folds chose each calibration. */
  calibrations: Record<string, number>;
  meanTrees: number;
}

/** Each row is scored by models trained on the other folds; the GBDT is calibrated inside each outer fold. */
export function crossValidate(
  data: LabelledMatrix,
  settings: CrossValidationSettings,
): CrossValidationOutcome {
  const folds = stratifiedFolds(data.labels, settings.folds, settings.seed);
  const calibrations: Record<string, number> = {};
  let trees = 0;
  const gbdtProbabilities = outOfFoldScores(data, folds, (fit, heldOut) => {
    const model = trainCalibratedGbdt(fit, settings.params, settings.seed);
    calibrations[model.calibration] = (calibrations[model.calibration] ?? 0) + 1;
    trees += model.trees;
    return model.probabilities(heldOut.matrix);
  });
  const logisticProbabilities = outOfFoldScores(data, folds, (fit, heldOut) =>
    predictLogistic(trainLogistic(fit.matrix, fit.labels, fit.nFeatures), heldOut.matrix),
  );
  return {
    gbdt: summariseEvaluation(gbdtProbabilities, data.labels),
    logistic: summariseEvaluation(logisticProbabilities, data.labels),
    calibrations,
    meanTrees: Math.round((trees / settings.folds) * 10) / 10,
  };
}
