// How far an audience's scores are from every mix of the training classes' scores: the share of followers whose scores the model's training data cannot explain.
//
// Under the assumption the fake-share estimate rests on (fakes and humans look as they did in training, only their
// mix differs), the audience's scores fall in the model card's reliability bins as θ · (the positives' share of
// each bin) + (1 − θ) · (the negatives' share). The total variation distance between the audience's bins and that
// mix at the estimated θ is the smallest share of followers whose scores would have to change for the assumption
// to hold. Part of it is chance (a finite audience, finite validation counts); what exceeds the distance expected by
// chance alone is the misfit: followers the model scores unlike any training follower, whose part of the fake share
// the interval bounds without assumption, as it does for followers unlike the training data.
import { type ReliabilityBin, reliabilityBinOf } from './reliability-bins.ts';
import type { WeightedScores } from './score-histogram.ts';

export interface ScoreMisfit {
  /** Total variation distance between the audience's bins and the fitted mix. */
  distance: number;
  /** The distance expected by chance alone. */
  expected: number;
  /** max(0, distance − expected). */
  misfit: number;
}

export function scoreMisfit(
  scores: WeightedScores,
  reliability: readonly ReliabilityBin[],
  fakeShare: number,
): ScoreMisfit {
  const observed = reliability.map(() => 0);
  let n = 0;
  for (let i = 0; i < scores.scores.length; i++) {
    const bin = reliabilityBinOf(reliability, scores.scores[i] as number);
    observed[bin] = (observed[bin] as number) + (scores.weights[i] as number);
    n += scores.weights[i] as number;
  }
  const positives = reliability.reduce((sum, bin) => sum + bin.positives, 0);
  const negatives = reliability.reduce((sum, bin) => sum + bin.rows - bin.positives, 0);
  if (n === 0 || positives === 0 || negatives === 0) return { distance: 0, expected: 0, misfit: 0 };
  let distance = 0;
  let expected = 0;
  reliability.forEach((bin, b) => {
    const fakeShareOfBin = bin.positives / positives;
    const humanShareOfBin = (bin.rows - bin.positives) / negatives;
    const mix = fakeShare * fakeShareOfBin + (1 - fakeShare) * humanShareOfBin;
    distance += Math.abs((observed[b] as number) / n - mix) / 2;
    // Chance: the audience's own binomial spread plus that of the validation counts the mix is built from;
    // E|N(0, σ²)| = σ √(2/π).
    const variance =
      (mix * (1 - mix)) / n +
      (fakeShare ** 2 * fakeShareOfBin * (1 - fakeShareOfBin)) / positives +
      ((1 - fakeShare) ** 2 * humanShareOfBin * (1 - humanShareOfBin)) / negatives;
    expected += Math.sqrt((2 * variance) / Math.PI) / 2;
  });
  return { distance, expected, misfit: Math.max(0, distance - expected) };
}
