// Calibrated p(fake) of many followers in fine bins (count, and sum of p in fixed point), the constant-memory summary the fake share is estimated from; merges exactly.

/** Bins of width 0.001: within a bin every estimate treats followers as scored at the bin's mean p. */
export const SCORE_BINS = 1000;
/**
 * Each p is kept as its offset from its bin's lower edge in units of 2^-32 (a whole number below 2^22), so a bin's
 * sum is an exact integer up to 2^31 followers per bin and the same whatever order followers are added or merged in.
 */
const UNITS_PER_ONE = 2 ** 32;

export interface ScoreHistogram {
  counts: Float64Array;
  /** Per bin: the sum of (p − the bin's lower edge) × 2^32, each term rounded down to a whole number. */
  offsetUnits: Float64Array;
}

/** Followers grouped by score: `weights[i]` followers scored `scores[i]` (empty bins left out). */
export interface WeightedScores {
  scores: Float64Array;
  weights: Float64Array;
}

export function createScoreHistogram(): ScoreHistogram {
  return { counts: new Float64Array(SCORE_BINS), offsetUnits: new Float64Array(SCORE_BINS) };
}

/** Whole units of p above its bin's lower edge (bins of width 1 / binsPerOne), clamped into the bin. */
export function offsetUnitsOf(p: number, bin: number, binsPerOne: number, unitsPerOne: number): number {
  const units = Math.floor((p - bin / binsPerOne) * unitsPerOne);
  return Math.min(Math.max(units, 0), unitsPerOne / binsPerOne - 1);
}

export function addScore(histogram: ScoreHistogram, p: number): void {
  const bin = Math.min(SCORE_BINS - 1, Math.max(0, Math.floor(p * SCORE_BINS)));
  histogram.counts[bin] = (histogram.counts[bin] as number) + 1;
  histogram.offsetUnits[bin] =
    (histogram.offsetUnits[bin] as number) + offsetUnitsOf(p, bin, SCORE_BINS, UNITS_PER_ONE);
}

export function mergeScoreHistograms(a: ScoreHistogram, b: ScoreHistogram): ScoreHistogram {
  const merged = createScoreHistogram();
  for (let bin = 0; bin < SCORE_BINS; bin++) {
    merged.counts[bin] = (a.counts[bin] as number) + (b.counts[bin] as number);
    merged.offsetUnits[bin] = (a.offsetUnits[bin] as number) + (b.offsetUnits[bin] as number);
  }
  return merged;
}

export function histogramTotal(histogram: ScoreHistogram): number {
  let total = 0;
  for (const count of histogram.counts) total += count;
  return total;
}

/** The mean p of `count` followers in `bin` whose offsets add up to `units`. */
export function binMean(bin: number, count: number, units: number, binsPerOne: number, unitsPerOne: number) {
  return bin / binsPerOne + units / count / unitsPerOne;
}

/** The non-empty bins of one or more histograms, each at its mean p. */
export function weightedScores(...histograms: ScoreHistogram[]): WeightedScores {
  const scores: number[] = [];
  const weights: number[] = [];
  for (const histogram of histograms) {
    for (let bin = 0; bin < SCORE_BINS; bin++) {
      const count = histogram.counts[bin] as number;
      if (count === 0) continue;
      scores.push(binMean(bin, count, histogram.offsetUnits[bin] as number, SCORE_BINS, UNITS_PER_ONE));
      weights.push(count);
    }
  }
  return { scores: Float64Array.from(scores), weights: Float64Array.from(weights) };
}
