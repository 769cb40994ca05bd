// Trains the GBDT the way a bundled model is trained and calibrates it without touching the rows it will be tested on.
//
// The trainer holds out a stratified share of the training rows for early stopping anyway; the same rows' margins
// fit the calibration. Test rows are never seen by either; the calibration rows did choose the number of trees,
// which makes the calibration slightly optimistic about the training distribution, never about the test rows.
import type { Calibration } from '../calibrate.ts';
import { applyCalibration, fitCalibration } from '../calibrate.ts';
import type { GbdtParams } from '../gbdt/params.ts';
import { resolveGbdtParams } from '../gbdt/params.ts';
import { predictMargins } from '../gbdt/predict.ts';
import { trainGbdt } from '../gbdt/train.ts';
import { type LabelledMatrix, selectRows } from '../labelled-matrix.ts';
import { stratifiedHoldout } from '../training/cross-validate.ts';

export interface CalibratedGbdt {
  /** Calibrated p(positive) for every row of a matrix with the training columns. */
  probabilities(matrix: Float64Array): Float64Array;
  trees: number;
  calibration: Calibration['kind'];
}

export function trainCalibratedGbdt(
  data: LabelledMatrix,
  params: Partial<GbdtParams>,
  seed: number,
): CalibratedGbdt {
  const resolved = resolveGbdtParams({ ...params, seed });
  const split = stratifiedHoldout(data.labels, resolved.validationFraction, seed);
  const fit = selectRows(data, split.fitRows);
  const held = selectRows(data, split.holdoutRows);
  const { model } = trainGbdt(fit.matrix, fit.labels, data.nFeatures, resolved, {
    sampleWeights: fit.weights,
    validation: held,
  });
  const margins = (matrix: Float64Array) =>
    predictMargins(model, matrix, new Float64Array(matrix.length / data.nFeatures));
  const calibration = fitCalibration(margins(held.matrix), held.labels, seed);
  return {
    probabilities: (matrix) => margins(matrix).map((margin) => applyCalibration(calibration, margin)),
    trees: model.trees.length,
    calibration: calibration.kind,
  };
}
