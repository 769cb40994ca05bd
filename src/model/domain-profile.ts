// What the training data looked like, kept in the model file, so followers unlike it are flagged instead of scored with false confidence.
//
// For each feature the profile keeps quantiles of its training values. A row's unlikeness is the share of its
// known features that fall outside the central 99 % of training values; the flag threshold is the 99th percentile
// of that share over the training rows themselves, so about 1 % of training-like rows are flagged by construction.
import { z } from 'zod';

export const domainProfileSchema = z.strictObject({
  /** Per feature: the 0.5th and 99.5th percentiles of known training values (null when never known). */
  ranges: z.array(z.tuple([z.number(), z.number()]).nullable()),
  /** Per feature: the share of training rows where it was known. */
  known: z.array(z.number().min(0).max(1)),
  /** Rows whose unlikeness exceeds this are "unlike the training data". */
  threshold: z.number().min(0).max(1),
  /** The share of training rows above the threshold (about 0.01). */
  trainingShareAbove: z.number().min(0).max(1),
});
export type DomainProfile = z.infer<typeof domainProfileSchema>;

const LOW = 0.005;
const HIGH = 0.995;

function quantile(sorted: Float64Array, q: number): number {
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  const weight = position - below;
  return (sorted[below] as number) * (1 - weight) + (sorted[above] as number) * weight;
}

/** The share of a row's known features outside their training range; 0 when nothing is known. */
export function unlikeness(profile: Pick<DomainProfile, 'ranges'>, row: Float64Array, offset = 0): number {
  let known = 0;
  let outside = 0;
  for (let j = 0; j < profile.ranges.length; j++) {
    const value = row[offset + j] as number;
    if (Number.isNaN(value)) continue;
    const range = profile.ranges[j];
    known++;
    if (range === null || range === undefined || value < range[0] || value > range[1]) outside++;
  }
  return known === 0 ? 0 : outside / known;
}

/**
 * `unlikeness(profile, row, offset) > profile.threshold` for many rows: the ranges laid out in two typed arrays once
 * (a feature never known in training has an empty range, so any known value of it is outside, as in `unlikeness`).
 */
export function unlikeTrainingTest(
  profile: Pick<DomainProfile, 'ranges' | 'threshold'>,
): (row: Float64Array, offset: number) => boolean {
  const width = profile.ranges.length;
  const lows = new Float64Array(width);
  const highs = new Float64Array(width);
  profile.ranges.forEach((range, j) => {
    lows[j] = range ? range[0] : Number.POSITIVE_INFINITY;
    highs[j] = range ? range[1] : Number.NEGATIVE_INFINITY;
  });
  const { threshold } = profile;
  return (row, offset) => {
    let known = 0;
    let outside = 0;
    for (let j = 0; j < width; j++) {
      const value = row[offset + j] as number;
      if (Number.isNaN(value)) continue;
      known++;
      if (value < (lows[j] as number) || value > (highs[j] as number)) outside++;
    }
    return (known === 0 ? 0 : outside / known) > threshold;
  };
}

export function fitDomainProfile(matrix: Float64Array, nFeatures: number): DomainProfile {
  const nRows = matrix.length / nFeatures;
  const ranges: DomainProfile['ranges'] = [];
  const known: number[] = [];
  for (let j = 0; j < nFeatures; j++) {
    const values: number[] = [];
    for (let i = 0; i < nRows; i++) {
      const value = matrix[i * nFeatures + j] as number;
      if (!Number.isNaN(value)) values.push(value);
    }
    known.push(nRows === 0 ? 0 : values.length / nRows);
    if (values.length === 0) {
      ranges.push(null);
      continue;
    }
    const sorted = Float64Array.from(values).sort();
    ranges.push([quantile(sorted, LOW), quantile(sorted, HIGH)]);
  }
  const scores = new Float64Array(nRows);
  for (let i = 0; i < nRows; i++) scores[i] = unlikeness({ ranges }, matrix, i * nFeatures);
  scores.sort();
  const threshold = nRows === 0 ? 1 : quantile(scores, 0.99);
  let above = 0;
  for (const score of scores) if (score > threshold) above++;
  return { ranges, known, threshold, trainingShareAbove: nRows === 0 ? 0 : above / nRows };
}
