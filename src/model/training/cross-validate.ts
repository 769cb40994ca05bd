// Seeded splits of rows that keep each fold's share of labels (k folds or one holdout), and out-of-fold scores.
import { type LabelledMatrix, selectRows } from '../labelled-matrix.ts';
import { createSeededRandom, shuffleInPlace } from '../seeded-random.ts';

/** The rows of each label, each list shuffled by one seeded stream (label 0 first). */
function shuffledRowsByLabel(labels: Uint8Array, seed: number): [Int32Array, Int32Array] {
  const positives = labels.reduce((sum, label) => sum + label, 0);
  const byLabel: [Int32Array, Int32Array] = [
    new Int32Array(labels.length - positives),
    new Int32Array(positives),
  ];
  let negativesFilled = 0;
  let positivesFilled = 0;
  for (let row = 0; row < labels.length; row++) {
    if (labels[row] === 1) byLabel[1][positivesFilled++] = row;
    else byLabel[0][negativesFilled++] = row;
  }
  const random = createSeededRandom(seed);
  shuffleInPlace(byLabel[0], random);
  shuffleInPlace(byLabel[1], random);
  return byLabel;
}

/**
 * The fold (0..k-1) of every row: each label's rows are shuffled and dealt round-robin, the deal carrying on from
 * one label to the next, so fold sizes differ by at most one and each label is spread as evenly as it can be.
 */
export function stratifiedFolds(labels: Uint8Array, k: number, seed: number): Uint8Array {
  if (!Number.isInteger(k) || k < 2 || k > 255 || k > labels.length) {
    throw new RangeError(
      `stratifiedFolds: k must be an integer in 2..min(255, rows = ${labels.length}), got ${k}`,
    );
  }
  const folds = new Uint8Array(labels.length);
  let dealt = 0;
  for (const rows of shuffledRowsByLabel(labels, seed)) {
    for (const row of rows) folds[row] = dealt++ % k;
  }
  return folds;
}

/** Rows to fit on and rows held out, each ascending. */
export interface HoldoutSplit {
  fitRows: Int32Array;
  holdoutRows: Int32Array;
}

/** Holds out round(fraction x count) rows of each label, chosen by the seed. */
export function stratifiedHoldout(labels: Uint8Array, fraction: number, seed: number): HoldoutSplit {
  if (!(fraction > 0 && fraction < 1)) {
    throw new RangeError(`stratifiedHoldout: fraction must be in (0, 1), got ${fraction}`);
  }
  const heldOut = new Uint8Array(labels.length);
  for (const rows of shuffledRowsByLabel(labels, seed)) {
    const holdoutCount = Math.round(fraction * rows.length);
    for (let i = 0; i < holdoutCount; i++) heldOut[rows[i] as number] = 1;
  }
  const holdoutCount = heldOut.reduce((sum, flag) => sum + flag, 0);
  const fitRows = new Int32Array(labels.length - holdoutCount);
  const holdoutRows = new Int32Array(holdoutCount);
  let fitFilled = 0;
  let holdoutFilled = 0;
  for (let row = 0; row < labels.length; row++) {
    if (heldOut[row] === 1) holdoutRows[holdoutFilled++] = row;
    else fitRows[fitFilled++] = row;
  }
  return { fitRows, holdoutRows };
}

/** Fits on `fit` and returns one score per row of `heldOut`, in its row order. */
export type FitAndScore = (fit: LabelledMatrix, heldOut: LabelledMatrix, fold: number) => Float64Array;

/**
 * Every row's score from a model that did not see it: for each fold, fits on the other folds and scores this one.
 * Folds with no rows are skipped.
 */
export function outOfFoldScores(
  data: LabelledMatrix,
  folds: Uint8Array,
  fitAndScore: FitAndScore,
): Float64Array {
  if (folds.length !== data.labels.length) {
    throw new RangeError(`outOfFoldScores: ${folds.length} fold numbers for ${data.labels.length} rows`);
  }
  const scores = new Float64Array(folds.length);
  const foldCount = folds.reduce((most, fold) => Math.max(most, fold + 1), 0);
  for (let fold = 0; fold < foldCount; fold++) {
    const fitRows: number[] = [];
    const heldOutRows: number[] = [];
    folds.forEach((rowFold, row) => {
      (rowFold === fold ? heldOutRows : fitRows).push(row);
    });
    if (heldOutRows.length === 0) continue;
    const foldScores = fitAndScore(selectRows(data, fitRows), selectRows(data, heldOutRows), fold);
    if (foldScores.length !== heldOutRows.length) {
      throw new RangeError(
        `outOfFoldScores: fold ${fold} returned ${foldScores.length} scores for ${heldOutRows.length} rows`,
      );
    }
    heldOutRows.forEach((row, i) => {
      scores[row] = foldScores[i] as number;
    });
  }
  return scores;
}
