// Scores of binary predictions against 0/1 labels: threshold metrics, ranking metrics, and probability quality.

export interface ConfusionMatrix {
  truePositives: number;
  falsePositives: number;
  trueNegatives: number;
  falseNegatives: number;
}

/** Counts at a threshold: a row is predicted positive when its score is >= `threshold`. */
export function confusionMatrix(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  threshold = 0.5,
): ConfusionMatrix {
  checkSameLength(scores, labels);
  const counts = { truePositives: 0, falsePositives: 0, trueNegatives: 0, falseNegatives: 0 };
  for (let i = 0; i < labels.length; i++) {
    const predictedPositive = (scores[i] as number) >= threshold;
    if (labels[i] === 1) {
      if (predictedPositive) counts.truePositives++;
      else counts.falseNegatives++;
    } else if (predictedPositive) counts.falsePositives++;
    else counts.trueNegatives++;
  }
  return counts;
}

/** Ratios with an empty denominator are 0 (as scikit-learn's `zero_division=0`). */
function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

export function accuracy(matrix: ConfusionMatrix): number {
  const correct = matrix.truePositives + matrix.trueNegatives;
  return ratio(correct, correct + matrix.falsePositives + matrix.falseNegatives);
}

export function precision(matrix: ConfusionMatrix): number {
  return ratio(matrix.truePositives, matrix.truePositives + matrix.falsePositives);
}

export function recall(matrix: ConfusionMatrix): number {
  return ratio(matrix.truePositives, matrix.truePositives + matrix.falseNegatives);
}

export function f1Score(matrix: ConfusionMatrix): number {
  return ratio(
    2 * matrix.truePositives,
    2 * matrix.truePositives + matrix.falsePositives + matrix.falseNegatives,
  );
}

/** Matthews correlation coefficient, in [-1, 1]; 0 when a row or column of the matrix is empty. */
export function matthewsCorrelation(matrix: ConfusionMatrix): number {
  const { truePositives: tp, falsePositives: fp, trueNegatives: tn, falseNegatives: fn } = matrix;
  const denominator = Math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn));
  return ratio(tp * tn - fp * fn, denominator);
}

/**
 * Area under the ROC curve as the Mann–Whitney statistic: the chance a random positive scores above a random
 * negative, ties counting half (tied scores share their average rank). NaN when a label is absent.
 */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  checkSameLength(scores, labels);
  const order = ascendingOrder(scores);
  let positives = 0;
  let positiveRankSum = 0;
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && scores[order[end] as number] === scores[order[start] as number]) end++;
    const averageRank = (start + 1 + end) / 2;
    for (let i = start; i < end; i++) {
      if (labels[order[i] as number] === 1) {
        positives++;
        positiveRankSum += averageRank;
      }
    }
    start = end;
  }
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * Area under the precision–recall curve as average precision: the sum over score thresholds (ties taken together)
 * of precision times the gain in recall, as scikit-learn's `average_precision_score`. NaN without positives.
 */
export function averagePrecision(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  checkSameLength(scores, labels);
  const order = ascendingOrder(scores).reverse();
  let totalPositives = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) totalPositives++;
  if (totalPositives === 0) return Number.NaN;
  let truePositives = 0;
  let area = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    let newPositives = 0;
    while (end < order.length && scores[order[end] as number] === scores[order[start] as number]) {
      if (labels[order[end] as number] === 1) newPositives++;
      end++;
    }
    truePositives += newPositives;
    area += (newPositives / totalPositives) * (truePositives / end);
    start = end;
  }
  return area;
}

/** Probabilities are clipped to [1e-15, 1 - 1e-15] so one confident mistake costs a lot but not infinity. */
const LOG_LOSS_CLIP = 1e-15;

/** Mean negative log-likelihood of the labels under the probabilities. */
export function logLoss(probabilities: ArrayLike<number>, labels: ArrayLike<number>): number {
  checkSameLength(probabilities, labels);
  let total = 0;
  for (let i = 0; i < labels.length; i++) {
    const probability = Math.min(Math.max(probabilities[i] as number, LOG_LOSS_CLIP), 1 - LOG_LOSS_CLIP);
    total -= labels[i] === 1 ? Math.log(probability) : Math.log(1 - probability);
  }
  return total / labels.length;
}

/** Mean squared difference between probability and label. */
export function brierScore(probabilities: ArrayLike<number>, labels: ArrayLike<number>): number {
  checkSameLength(probabilities, labels);
  let total = 0;
  for (let i = 0; i < labels.length; i++)
    total += ((probabilities[i] as number) - (labels[i] as number)) ** 2;
  return total / labels.length;
}

/**
 * Expected calibration error: probabilities grouped into `bins` equal-width bins over [0, 1]; the mean over rows of
 * |mean probability - share of positives| of their bin.
 */
export function expectedCalibrationError(
  probabilities: ArrayLike<number>,
  labels: ArrayLike<number>,
  bins = 10,
): number {
  checkSameLength(probabilities, labels);
  const probabilitySums = new Float64Array(bins);
  const positives = new Float64Array(bins);
  for (let i = 0; i < labels.length; i++) {
    const probability = probabilities[i] as number;
    const bin = Math.min(bins - 1, Math.max(0, Math.floor(probability * bins)));
    probabilitySums[bin] = (probabilitySums[bin] as number) + probability;
    positives[bin] = (positives[bin] as number) + (labels[i] as number);
  }
  let error = 0;
  for (let bin = 0; bin < bins; bin++)
    error += Math.abs((probabilitySums[bin] as number) - (positives[bin] as number));
  return error / labels.length;
}

function ascendingOrder(scores: ArrayLike<number>): Int32Array {
  return Int32Array.from({ length: scores.length }, (_, i) => i).sort(
    (a, b) => (scores[a] as number) - (scores[b] as number),
  );
}

function checkSameLength(values: ArrayLike<number>, labels: ArrayLike<number>): void {
  if (values.length !== labels.length) {
    throw new RangeError(`${values.length} scores for ${labels.length} labels`);
  }
}
