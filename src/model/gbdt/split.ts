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
): SplitCandidate | undefined {
  const { count } = totals;
  const parentScore = (totals.gradient * totals.gradient) / (totals.hessian + constraints.lambda);
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
          best = { feature, bin, missingLeft, gain, leftGradient, leftHessian, leftCount };
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
