// Boosts trees on the logistic loss (Newton steps), with row/feature sampling and early stopping on held-out rows.

import { checkLabelledMatrix, type LabelledMatrix, selectRows } from '../labelled-matrix.ts';
import { sigmoid, softplus } from '../logistic.ts';
import { createSeededRandom, sampleAscending } from '../seeded-random.ts';
import { stratifiedHoldout } from '../training/cross-validate.ts';
import { binMatrix, fitFeatureBins } from './bins.ts';
import { createTreeGrower } from './grow-tree.ts';
import type { GbdtModel } from './model.ts';
import { type GbdtParams, resolveGbdtParams } from './params.ts';
import { leafIndex, type Tree } from './tree.ts';

export interface GbdtTrainingOptions {
  /**
   * Rows scored after every tree for early stopping. When absent and early stopping is on, a stratified
   * `validationFraction` of the training rows is held out instead (chosen by the seed).
   */
  validation?: LabelledMatrix;
  /** A weight per training row (e.g. to balance classes); absent means 1 each. */
  sampleWeights?: Float64Array;
}

export interface GbdtTraining {
  model: GbdtModel;
  /** Weighted mean log loss on the validation rows after each tree grown; empty without validation rows. */
  validationLoss: number[];
}

/**
 * Trains on `labels.length` rows of `nFeatures` values (`matrix` row-major, NaN = missing). With early stopping on,
 * the model keeps the trees up to the lowest validation loss. Throws a RangeError on malformed input or params,
 * or when the labels are all of one class.
 */
export function trainGbdt(
  matrix: Float64Array,
  labels: Uint8Array,
  nFeatures: number,
  params: Partial<GbdtParams> = {},
  options: GbdtTrainingOptions = {},
): GbdtTraining {
  const resolved = resolveGbdtParams(params);
  const signs = resolved.monotoneConstraints;
  if (signs !== undefined && signs.length !== nFeatures)
    throw new RangeError(`monotoneConstraints has ${signs.length} signs for ${nFeatures} features`);
  const training: LabelledMatrix =
    options.sampleWeights === undefined
      ? { matrix, labels, nFeatures }
      : { matrix, labels, nFeatures, weights: options.sampleWeights };
  checkLabelledMatrix(training, 'training rows');
  if (options.validation !== undefined) {
    checkLabelledMatrix(options.validation, 'validation rows');
    if (options.validation.nFeatures !== nFeatures) {
      throw new RangeError(
        `validation rows have ${options.validation.nFeatures} features, training ${nFeatures}`,
      );
    }
    return boost(training, options.validation, resolved);
  }
  if (resolved.earlyStoppingRounds === 0) return boost(training, undefined, resolved);
  const split = stratifiedHoldout(labels, resolved.validationFraction, resolved.seed);
  if (split.holdoutRows.length === 0) return boost(training, undefined, resolved);
  return boost(selectRows(training, split.fitRows), selectRows(training, split.holdoutRows), resolved);
}

function boost(
  fit: LabelledMatrix,
  validation: LabelledMatrix | undefined,
  params: GbdtParams,
): GbdtTraining {
  const { matrix, labels, nFeatures } = fit;
  const nRows = labels.length;
  const weights = fit.weights ?? new Float64Array(nRows).fill(1);
  const baseScore = priorLogOdds(labels, weights);

  const bins = fitFeatureBins(matrix, nFeatures, params.maxBins);
  const gradients = new Float64Array(nRows);
  const hessians = new Float64Array(nRows);
  const growTree = createTreeGrower(
    bins,
    { codes: binMatrix(bins, matrix), nFeatures, gradients, hessians },
    params,
  );

  const random = createSeededRandom(params.seed);
  const rows = new Int32Array(nRows);
  const rowsPerTree = Math.max(1, Math.round(params.subsample * nRows));
  const features = new Int32Array(Math.max(1, Math.round(params.colsampleByTree * nFeatures)));
  const margins = new Float64Array(nRows).fill(baseScore);
  const validationMargins = new Float64Array(validation?.labels.length ?? 0).fill(baseScore);
  const validationWeights = validation?.weights ?? new Float64Array(validationMargins.length).fill(1);

  const trees: Tree[] = [];
  const validationLoss: number[] = [];
  let bestRound = -1;
  for (let round = 0; round < params.nEstimators; round++) {
    setLogisticGradients(margins, labels, weights, gradients, hessians);
    sampleAscending(nRows, rowsPerTree, random, rows);
    sampleAscending(nFeatures, features.length, random, features);
    const tree = growTree(rows, rowsPerTree, features);
    trees.push(tree);
    addTreeMargins(tree, matrix, nFeatures, margins);
    if (validation === undefined) continue;
    addTreeMargins(tree, validation.matrix, nFeatures, validationMargins);
    const loss = meanLogLoss(validationMargins, validation.labels, validationWeights);
    validationLoss.push(loss);
    if (bestRound < 0 || loss < (validationLoss[bestRound] as number)) bestRound = round;
    else if (params.earlyStoppingRounds > 0 && round - bestRound >= params.earlyStoppingRounds) break;
  }
  const kept =
    validation !== undefined && params.earlyStoppingRounds > 0 ? trees.slice(0, bestRound + 1) : trees;
  return { model: { nFeatures, baseScore, trees: kept, params }, validationLoss };
}

function priorLogOdds(labels: Uint8Array, weights: Float64Array): number {
  let positive = 0;
  let negative = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] === 1) positive += weights[i] as number;
    else negative += weights[i] as number;
  }
  if (!(positive > 0 && negative > 0)) {
    throw new RangeError(
      `training rows need both labels with positive weight (weight of 1s: ${positive}, of 0s: ${negative})`,
    );
  }
  return Math.log(positive / negative);
}

/** Hessians are floored so that a leaf of confidently scored rows still has a finite Newton step. */
const MIN_HESSIAN = 1e-16;

function setLogisticGradients(
  margins: Float64Array,
  labels: Uint8Array,
  weights: Float64Array,
  gradients: Float64Array,
  hessians: Float64Array,
): void {
  for (let i = 0; i < margins.length; i++) {
    const probability = sigmoid(margins[i] as number);
    const weight = weights[i] as number;
    gradients[i] = (probability - (labels[i] as number)) * weight;
    hessians[i] = Math.max(probability * (1 - probability), MIN_HESSIAN) * weight;
  }
}

function addTreeMargins(tree: Tree, matrix: Float64Array, nFeatures: number, margins: Float64Array): void {
  for (let row = 0; row < margins.length; row++) {
    margins[row] =
      (margins[row] as number) + (tree.value[leafIndex(tree, matrix, row * nFeatures)] as number);
  }
}

/** Weighted mean of the log loss log(1 + e^m) - y m of margins m. */
function meanLogLoss(margins: Float64Array, labels: Uint8Array, weights: Float64Array): number {
  let total = 0;
  let weightSum = 0;
  for (let i = 0; i < margins.length; i++) {
    const margin = margins[i] as number;
    total += (weights[i] as number) * (softplus(margin) - (labels[i] as number) * margin);
    weightSum += weights[i] as number;
  }
  return total / weightSum;
}
