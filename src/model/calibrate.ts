// Maps raw margins to calibrated probabilities: Platt scaling or isotonic regression, chosen by cross-validation.
import { z } from 'zod';
import { sigmoid, softplus } from './logistic.ts';
import { logLoss } from './metrics/metrics.ts';
import { stratifiedFolds } from './training/cross-validate.ts';

export interface PlattCalibration {
  kind: 'platt';
  /** p = sigmoid(a x margin + b). */
  a: number;
  b: number;
}

export interface IsotonicCalibration {
  kind: 'isotonic';
  /** Block centres (mean margin of each pooled block), strictly ascending. */
  x: number[];
  /** Share of positives of each block, strictly ascending; interpolated linearly between centres. */
  y: number[];
}

export type Calibration = PlattCalibration | IsotonicCalibration;

/** Validates a calibration read back from JSON: finite numbers; isotonic knots of equal count, x ascending. */
export const calibrationSchema: z.ZodType<Calibration> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('platt'), a: z.number(), b: z.number() }),
  z
    .object({
      kind: z.literal('isotonic'),
      x: z.array(z.number()).min(1),
      y: z.array(z.number().min(0).max(1)),
    })
    .refine((knots) => knots.x.length === knots.y.length, 'x and y need the same number of knots')
    .refine((knots) => knots.x.every((x, i) => i === 0 || x > (knots.x[i - 1] as number)), 'x must ascend'),
]);

export function applyCalibration(calibration: Calibration, margin: number): number {
  if (calibration.kind === 'platt') return sigmoid(calibration.a * margin + calibration.b);
  return interpolate(calibration.x, calibration.y, margin);
}

/**
 * Fits Platt scaling and isotonic regression on out-of-fold margins and keeps the one whose probabilities have the
 * lower log loss in a stratified k-fold cross-validation (k = 5, fewer when a label has fewer rows); Platt when
 * tied or when a label has a single row. The winner is refitted on all rows.
 */
export function fitCalibration(margins: ArrayLike<number>, labels: Uint8Array, seed = 1): Calibration {
  checkCalibrationInput(margins, labels, 'fitCalibration');
  const positives = labels.reduce((sum, label) => sum + label, 0);
  const folds = Math.min(5, positives, labels.length - positives);
  if (folds < 2) return fitPlatt(margins, labels);
  const foldOf = stratifiedFolds(labels, folds, seed);
  const plattProbabilities = new Float64Array(labels.length);
  const isotonicProbabilities = new Float64Array(labels.length);
  for (let fold = 0; fold < folds; fold++) {
    const fitRows: number[] = [];
    foldOf.forEach((rowFold, row) => {
      if (rowFold !== fold) fitRows.push(row);
    });
    const fitMargins = fitRows.map((row) => margins[row] as number);
    const fitLabels = Uint8Array.from(fitRows, (row) => labels[row] as number);
    const platt = fitPlatt(fitMargins, fitLabels);
    const isotonic = fitIsotonic(fitMargins, fitLabels);
    foldOf.forEach((rowFold, row) => {
      if (rowFold !== fold) return;
      plattProbabilities[row] = applyCalibration(platt, margins[row] as number);
      isotonicProbabilities[row] = applyCalibration(isotonic, margins[row] as number);
    });
  }
  return logLoss(isotonicProbabilities, labels) < logLoss(plattProbabilities, labels)
    ? fitIsotonic(margins, labels)
    : fitPlatt(margins, labels);
}

/**
 * Platt scaling: a and b maximising the likelihood of the labels, with Platt's smoothed targets
 * ((positives + 1) / (positives + 2) and 1 / (negatives + 2)) so separable margins still give finite a and b.
 * Newton's method with step halving.
 */
export function fitPlatt(margins: ArrayLike<number>, labels: Uint8Array): PlattCalibration {
  checkCalibrationInput(margins, labels, 'fitPlatt');
  const positives = labels.reduce((sum, label) => sum + label, 0);
  const negatives = labels.length - positives;
  const positiveTarget = (positives + 1) / (positives + 2);
  const negativeTarget = 1 / (negatives + 2);
  const targets = Float64Array.from(labels, (label) => (label === 1 ? positiveTarget : negativeTarget));
  const loss = (a: number, b: number): number => {
    let total = 0;
    for (let i = 0; i < targets.length; i++) {
      const z = a * (margins[i] as number) + b;
      const target = targets[i] as number;
      total += target * softplus(-z) + (1 - target) * softplus(z);
    }
    return total;
  };
  let a = 0;
  let b = Math.log((positives + 1) / (negatives + 1));
  let current = loss(a, b);
  for (let iteration = 0; iteration < 100; iteration++) {
    let gradientA = 0;
    let gradientB = 0;
    let hessianAA = 1e-12;
    let hessianAB = 0;
    let hessianBB = 1e-12;
    for (let i = 0; i < targets.length; i++) {
      const margin = margins[i] as number;
      const probability = sigmoid(a * margin + b);
      const residual = probability - (targets[i] as number);
      const curvature = probability * (1 - probability);
      gradientA += residual * margin;
      gradientB += residual;
      hessianAA += curvature * margin * margin;
      hessianAB += curvature * margin;
      hessianBB += curvature;
    }
    const determinant = hessianAA * hessianBB - hessianAB * hessianAB;
    const stepA = -(hessianBB * gradientA - hessianAB * gradientB) / determinant;
    const stepB = -(hessianAA * gradientB - hessianAB * gradientA) / determinant;
    let scale = 1;
    let next = loss(a + stepA, b + stepB);
    while (!(next <= current) && scale > 1e-10) {
      scale /= 2;
      next = loss(a + scale * stepA, b + scale * stepB);
    }
    if (!(next <= current)) break;
    a += scale * stepA;
    b += scale * stepB;
    const improvement = current - next;
    current = next;
    if (improvement <= 1e-12 * Math.max(1, current)) break;
  }
  return { kind: 'platt', a, b };
}

/**
 * Isotonic regression by pool-adjacent-violators: rows sorted by margin (equal margins pooled first), neighbouring
 * blocks merged while their shares of positives fail to increase. Each block becomes a knot at its mean margin.
 */
export function fitIsotonic(margins: ArrayLike<number>, labels: Uint8Array): IsotonicCalibration {
  checkCalibrationInput(margins, labels, 'fitIsotonic');
  const order = Array.from({ length: labels.length }, (_, i) => i).sort(
    (left, right) => (margins[left] as number) - (margins[right] as number),
  );
  const marginSums: number[] = [];
  const positiveCounts: number[] = [];
  const counts: number[] = [];
  let previousMargin = Number.NaN;
  for (const row of order) {
    const margin = margins[row] as number;
    const label = labels[row] as number;
    let top = counts.length - 1;
    if (margin === previousMargin) {
      marginSums[top] = (marginSums[top] as number) + margin;
      positiveCounts[top] = (positiveCounts[top] as number) + label;
      counts[top] = (counts[top] as number) + 1;
    } else {
      marginSums.push(margin);
      positiveCounts.push(label);
      counts.push(1);
      top++;
    }
    previousMargin = margin;
    while (
      top > 0 &&
      (positiveCounts[top - 1] as number) * (counts[top] as number) >=
        (positiveCounts[top] as number) * (counts[top - 1] as number)
    ) {
      marginSums[top - 1] = (marginSums[top - 1] as number) + (marginSums.pop() as number);
      positiveCounts[top - 1] = (positiveCounts[top - 1] as number) + (positiveCounts.pop() as number);
      counts[top - 1] = (counts[top - 1] as number) + (counts.pop() as number);
      top--;
    }
  }
  return {
    kind: 'isotonic',
    x: marginSums.map((sum, i) => sum / (counts[i] as number)),
    y: positiveCounts.map((positive, i) => positive / (counts[i] as number)),
  };
}

function interpolate(x: number[], y: number[], at: number): number {
  const last = x.length - 1;
  if (at <= (x[0] as number)) return y[0] as number;
  if (at >= (x[last] as number)) return y[last] as number;
  let low = 0;
  let high = last;
  while (high - low > 1) {
    const middle = (low + high) >>> 1;
    if ((x[middle] as number) <= at) low = middle;
    else high = middle;
  }
  const share = (at - (x[low] as number)) / ((x[high] as number) - (x[low] as number));
  return (y[low] as number) + share * ((y[high] as number) - (y[low] as number));
}

function checkCalibrationInput(margins: ArrayLike<number>, labels: Uint8Array, name: string): void {
  if (margins.length !== labels.length) {
    throw new RangeError(`${name}: ${margins.length} margins for ${labels.length} labels`);
  }
  const positives = labels.reduce((sum, label) => sum + label, 0);
  if (positives === 0 || positives === labels.length) {
    throw new RangeError(`${name}: needs both labels, got ${positives} positives of ${labels.length}`);
  }
  for (let i = 0; i < margins.length; i++) {
    if (!Number.isFinite(margins[i])) throw new RangeError(`${name}: margins[${i}] is ${margins[i]}`);
  }
}
