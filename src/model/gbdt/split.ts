// The best split of a node from its histogram: feature, threshold bin, learned missing side, gain.
import type { HistogramLayout } from './histogram.ts';

export interface SplitCandidate {
  feature: number;
  /** Value bins 0..bin go left. */
  bin: number;
  missingLeft: boolean;
  /** Loss reduction (second-order, L2-regularised; positive). */
  gain: number;
  leftGradient: number;
  leftHessian: number;
  leftCount: number;
  /** The children's Newton weights -G/(H + λ), clamped to the node's bounds (before the learning rate). */
  leftWeight: number;
  rightWeight: number;
}

/**
 * Monotone constraints at one node: a sign per feature and the interval the node's leaf weights must stay in, set by
 * the constrained splits above it (XGBoost's scheme: a split on a +1 feature gives its left subtree the upper bound
 * and its right subtree the lower bound of the children's mean weight, so every leaf left stays at or below every
 * leaf right).
 */
export interface MonotoneBounds {
  signs: Int8Array;
  lower: number;
  upper: number;
}

export interface SplitConstraints {
  lambda: number;
  minSamplesLeaf: number;
  minChildWeight: number;
}

/** Sums over the node's rows. */
export interface NodeTotals {
  gradient: number;
  hessian: number;
  count: number;
}

/**
 * Scans every value bin of every feature as a threshold, with missing rows sent left and then right, and keeps the
 * side with more gain. When the node has no missing rows the side is moot for training; missing values met later
 * then follow the larger child. Undefined when no split satisfies the constraints with positive gain.
 */
export function findBestSplit(
  histogram: Float64Array,
  layout: HistogramLayout,
  features: Int32Array,
  totals: NodeTotals,
  constraints: SplitConstraints,
  monotone?: MonotoneBounds,
): SplitCandidate | undefined {
  if (monotone !== undefined)
    return findBestMonotoneSplit(histogram, layout, features, totals, constraints, monotone);
  const { count } = totals;
  const { lambda } = constraints;
  const parentScore = (totals.gradient * totals.gradient) / (totals.hessian + lambda);
  let best: SplitCandidate | undefined;
  for (const feature of features) {
    const first = layout.offsets[feature] as number;
    const valueBins = layout.valueBins[feature] as number;
    const missingSlot = (first + valueBins) * 3;
    const missingGradient = histogram[missingSlot] as number;
    const missingHessian = histogram[missingSlot + 1] as number;
    const missingCount = histogram[missingSlot + 2] as number;
    const sides = missingCount > 0 ? 2 : 1;
    let valueGradient = 0;
    let valueHessian = 0;
    let valueCount = 0;
    for (let bin = 0; bin < valueBins; bin++) {
      const slot = (first + bin) * 3;
      const binCount = histogram[slot + 2] as number;
      if (binCount === 0) continue;
      valueGradient += histogram[slot] as number;
      valueHessian += histogram[slot + 1] as number;
      valueCount += binCount;
      // side 0 sends missing rows right, side 1 left.
      for (let side = 0; side < sides; side++) {
        const leftGradient = valueGradient + side * missingGradient;
        const leftHessian = valueHessian + side * missingHessian;
        const leftCount = valueCount + side * missingCount;
        const gain = splitGain(leftGradient, leftHessian, leftCount, totals, constraints) - parentScore;
        if (gain > (best?.gain ?? 0)) {
          const missingLeft = sides === 1 ? leftCount >= count - leftCount : side === 1;
          const leftWeight = newtonWeight(leftGradient, leftHessian, lambda);
          const rightWeight = newtonWeight(
            totals.gradient - leftGradient,
            totals.hessian - leftHessian,
            lambda,
          );
          best = {
            feature,
            bin,
            missingLeft,
            gain,
            leftGradient,
            leftHessian,
            leftCount,
            leftWeight,
            rightWeight,
          };
        }
      }
    }
  }
  return best;
}

/** -G/(H + λ), the leaf weight that minimises the second-order loss (0 when H + λ is not positive). */
export function newtonWeight(gradient: number, hessian: number, lambda: number): number {
  const denominator = hessian + lambda;
  return denominator > 0 ? -gradient / denominator : 0;
}

/** The Newton weight clamped to [lower, upper]. */
export function boundedWeight(
  gradient: number,
  hessian: number,
  lambda: number,
  lower: number,
  upper: number,
): number {
  return Math.min(upper, Math.max(lower, newtonWeight(gradient, hessian, lambda)));
}

/** Loss reduction of a leaf of weight w: -(2Gw + (H + λ)w²), which is G²/(H + λ) at the Newton weight. */
function scoreAtWeight(gradient: number, hessian: number, lambda: number, weight: number): number {
  return -(2 * gradient * weight + (hessian + lambda) * weight * weight);
}

/**
 * As findBestSplit, under monotone constraints: every weight is clamped to the node's bounds, gains are measured at
 * the clamped weights, and a split on a constrained feature whose children's weights go against its sign is refused.
 */
function findBestMonotoneSplit(
  histogram: Float64Array,
  layout: HistogramLayout,
  features: Int32Array,
  totals: NodeTotals,
  constraints: SplitConstraints,
  monotone: MonotoneBounds,
): SplitCandidate | undefined {
  const { count } = totals;
  const { lambda } = constraints;
  const { signs, lower, upper } = monotone;
  const parentWeight = boundedWeight(totals.gradient, totals.hessian, lambda, lower, upper);
  const parentScore = scoreAtWeight(totals.gradient, totals.hessian, lambda, parentWeight);
  let best: SplitCandidate | undefined;
  for (const feature of features) {
    const sign = signs[feature] ?? 0;
    const first = layout.offsets[feature] as number;
    const valueBins = layout.valueBins[feature] as number;
    const missingSlot = (first + valueBins) * 3;
    const missingGradient = histogram[missingSlot] as number;
    const missingHessian = histogram[missingSlot + 1] as number;
    const missingCount = histogram[missingSlot + 2] as number;
    const sides = missingCount > 0 ? 2 : 1;
    let valueGradient = 0;
    let valueHessian = 0;
    let valueCount = 0;
    for (let bin = 0; bin < valueBins; bin++) {
      const slot = (first + bin) * 3;
      const binCount = histogram[slot + 2] as number;
      if (binCount === 0) continue;
      valueGradient += histogram[slot] as number;
      valueHessian += histogram[slot + 1] as number;
      valueCount += binCount;
      for (let side = 0; side < sides; side++) {
        const leftGradient = valueGradient + side * missingGradient;
        const leftHessian = valueHessian + side * missingHessian;
        const leftCount = valueCount + side * missingCount;
        const rightGradient = totals.gradient - leftGradient;
        const rightHessian = totals.hessian - leftHessian;
        const rightCount = count - leftCount;
        if (leftCount < constraints.minSamplesLeaf || rightCount < constraints.minSamplesLeaf) continue;
        if (leftHessian < constraints.minChildWeight || rightHessian < constraints.minChildWeight) continue;
        const leftWeight = boundedWeight(leftGradient, leftHessian, lambda, lower, upper);
        const rightWeight = boundedWeight(rightGradient, rightHessian, lambda, lower, upper);
        if ((sign > 0 && leftWeight > rightWeight) || (sign < 0 && leftWeight < rightWeight)) continue;
        const gain =
          scoreAtWeight(leftGradient, leftHessian, lambda, leftWeight) +
          scoreAtWeight(rightGradient, rightHessian, lambda, rightWeight) -
          parentScore;
        if (gain > (best?.gain ?? 0)) {
          const missingLeft = sides === 1 ? leftCount >= count - leftCount : side === 1;
          best = {
            feature,
            bin,
            missingLeft,
            gain,
            leftGradient,
            leftHessian,
            leftCount,
            leftWeight,
            rightWeight,
          };
        }
      }
    }
  }
  return best;
}

/** The children's score G²/(H + λ) summed, or -Infinity when a child breaks the constraints. */
function splitGain(
  leftGradient: number,
  leftHessian: number,
  leftCount: number,
  totals: NodeTotals,
  constraints: SplitConstraints,
): number {
  const rightHessian = totals.hessian - leftHessian;
  const rightCount = totals.count - leftCount;
  if (leftCount < constraints.minSamplesLeaf || rightCount < constraints.minSamplesLeaf) {
    return Number.NEGATIVE_INFINITY;
  }
  if (leftHessian < constraints.minChildWeight || rightHessian < constraints.minChildWeight) {
    return Number.NEGATIVE_INFINITY;
  }
  const rightGradient = totals.gradient - leftGradient;
  return (
    (leftGradient * leftGradient) / (leftHessian + constraints.lambda) +
    (rightGradient * rightGradient) / (rightHessian + constraints.lambda)
  );
}
