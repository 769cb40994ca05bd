// Calibrated p(fake) of many followers in fine bins (count and sum of p per bin): the constant-memory summary the fake share is estimated from.

/** Bins of width 0.001: within a bin every estimate treats followers as scored at the bin's mean p. */
export const SCORE_BINS = 1000;

export interface ScoreHistogram {
  counts: Float64Array;
  sums: Float64Array;
}

/** Followers grouped by score: `weights[i]` followers scored `scores[i]` (empty bins left out). */
export interface WeightedScores {
  scores: Float64Array;
  weights: Float64Array;
}

export function createScoreHistogram(): ScoreHistogram {
  return { counts: new Float64Array(SCORE_BINS), sums: new Float64Array(SCORE_BINS) };
}

export function addScore(histogram: ScoreHistogram, p: number): void {
  const bin = Math.min(SCORE_BINS - 1, Math.max(0, Math.floor(p * SCORE_BINS)));
  histogram.counts[bin] = (histogram.counts[bin] as number) + 1;
  histogram.sums[bin] = (histogram.sums[bin] as number) + p;
}

export function histogramTotal(histogram: ScoreHistogram): number {
  let total = 0;
  for (const count of histogram.counts) total += count;
  return total;
}

/** The non-empty bins of one or more histograms, each at its mean p. */
export function weightedScores(...histograms: ScoreHistogram[]): WeightedScores {
  const scores: number[] = [];
  const weights: number[] = [];
  for (const histogram of histograms) {
    for (let bin = 0; bin < SCORE_BINS; bin++) {
      const count = histogram.counts[bin] as number;
      if (count === 0) continue;
      scores.push((histogram.sums[bin] as number) / count);
      weights.push(count);
    }
  }
  return { scores: Float64Array.from(scores), weights: Float64Array.from(weights) };
}
