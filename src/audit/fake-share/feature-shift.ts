// The feature shift test: whether an audience's followers, feature by feature, are some mix of the training data's parts, computed from the followers' binned features alone.
//
// Why features and not scores: a collection the model never saw can be scored exactly like one it knows (TwiBot-22's
// bots score like humans), so a test on the scores cannot see it; its profiles still differ from every training
// part (other ages, counts, rates, bios). The model file keeps each part's counts in quantile bins of every feature
// (src/model/feature-parts.ts); the audit counts its followers in the same bins (integers, so shards add up exactly).
//
// The test, fixed before it was first measured (issue 9; EVALUATION.md, "The shift test"):
// 1. Fit the one mix of the parts (weights w, shared by every feature) that explains the audience's counts best:
//    maximum composite likelihood Σ_features Σ_bins count · log(Σ_k w_k q_k), by EM, where q_k is part k's share
//    of rows in the bin (smoothed by half a row, so a bin no training row reached is unlikely, not impossible).
//    A follower whose value is unknown, beyond the share of unknowns the mix itself has, is treated as missing (EM
//    imputes it as the mix's known values): an upload without a field is not a different population. Values known
//    where the training parts never knew them do count.
// 2. Per feature j, a Pearson statistic of the audience's bin shares against the mix, each bin's variance the
//    audience's multinomial spread plus that of the parts' own finite counts (m/n + Σ_k w_k² q_k / rows_k): under
//    "the audience is a mix of the parts" it is about χ² with (bins − 1) degrees of freedom (fitting the weights
//    only lowers it, so the test errs towards quiet). Its p-value (Wilson–Hilferty) is compared with
//    SHIFT_ALPHA / features (Bonferroni: valid whatever the dependence between features).
// 3. Significance alone would fire on every large audience, since no real audience is exactly a mix of the training
//    rows; the feature must also be materially off: its total variation distance from the mix, less the distance
//    chance alone gives (as in shift-test.ts), above SHIFT_MATERIAL of the followers.
// The statistic is max over features of min(misfit / SHIFT_MATERIAL, log p / log(SHIFT_ALPHA / features)): the test
// fires when it passes 1, i.e. when some feature is both significantly and materially unlike every mix of the parts.
import type { FeatureParts } from '../../model/feature-parts.ts';

/** Familywise false-alarm rate over the features, for an audience that is a mix of the training parts. */
export const SHIFT_ALPHA = 0.01;
/** A feature must be off by more than this share of the followers (beyond chance) for the test to fire. */
export const SHIFT_MATERIAL = 0.05;

const EM_STEPS = 500;
const CONVERGED = 1e-7;
const SMOOTHING = 0.5;

export interface FeatureShift {
  /** max over features of min(misfit / SHIFT_MATERIAL, log p / log(SHIFT_ALPHA / features)); fires above 1. */
  statistic: number;
  fires: boolean;
  /** The feature that decides the statistic (its index in the model's features), or −1 with no followers. */
  feature: number;
  /** Its name, when the caller gave the names. */
  featureName: string;
  /** That feature's share of followers unexplained by the best mix, beyond chance. */
  misfit: number;
  /** That feature's p-value against "a mix of the parts". */
  pValue: number;
  /** The largest misfit among features significant at SHIFT_ALPHA / features (0 when none is). */
  significantMisfit: number;
  /**
   * Their sum, at most 1: how many followers can be off some significant feature when each is off a different one
   * (the largest misfit is the fewest). The evaluation measures an interval bounding this share
   * (scripts/evaluate-shift.ts --interval); the audit bounds `significantMisfit`.
   */
  significantMisfitSum: number;
  /**
   * The largest, over the significant features, of the distance from the mix plus the distance chance alone gives (at
   * most 1), where `significantMisfit` takes that chance distance off: by the triangle inequality, how far the
   * followers' population can be from the mix of the parts' populations when the audience and the parts are noisy
   * counts of them — an upper reading of the unexplained share where `significantMisfit` is the point one. What the
   * shifted interval bounds (shift-test.ts, `boundedShare`; chosen by scripts/evaluate-shifted-interval.ts).
   */
  significantMisfitUpper: number;
  /**
   * The same upper reading over every feature, significant or not (at most 1): significance decides whether the test
   * fires, and the triangle-inequality bound does not need it. Evaluation only: bounding it under 50 followers once
   * the test fired was measured and not shipped (scripts/evaluate-small-audiences.ts, third run: +0.31 pp).
   */
  anyMisfitUpper: number;
  /**
   * The features significant at SHIFT_ALPHA / features (indices in the model's features), in order: what the evaluation's
   * kept-features headline leaves out of the parts' mix (scripts/evaluate-shifted-headline.ts; measured, not shipped).
   */
  significantFeatures: number[];
}

/** log of the upper tail of the standard normal, accurate far into the tail. */
function logUpperNormal(z: number): number {
  if (z < 8) {
    // erfc by the Numerical Recipes Chebyshev fit (relative error < 1.2e-7).
    const x = z / Math.SQRT2;
    const t = 1 / (1 + 0.5 * Math.abs(x));
    const y =
      t *
      Math.exp(
        -x * x -
          1.26551223 +
          t *
            (1.00002368 +
              t *
                (0.37409196 +
                  t *
                    (0.09678418 +
                      t *
                        (-0.18628806 +
                          t *
                            (0.27886807 +
                              t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
      );
    const erfc = x >= 0 ? y : 2 - y;
    return Math.log(erfc / 2);
  }
  return -(z * z) / 2 - Math.log(z * Math.sqrt(2 * Math.PI)) + Math.log(1 - 1 / (z * z));
}

/** log P(χ²_df ≥ x), by the Wilson–Hilferty normal approximation. */
export function logChiSquareTail(x: number, df: number): number {
  if (df <= 0 || x <= 0) return 0;
  const k = 2 / (9 * df);
  const z = ((x / df) ** (1 / 3) - (1 - k)) / Math.sqrt(k);
  return Math.min(0, logUpperNormal(z));
}

/** One feature's fit to the best mix of the parts. */
export interface FeatureFit {
  /** The audience's share unexplained by the mix on this feature, beyond chance. */
  misfit: number;
  /** log of the p-value of "the audience is a mix of the parts" on this feature. */
  logP: number;
  /** Total variation distance of the audience's bin shares from the mix's. */
  distance: number;
  /** The distance chance alone gives. */
  expected: number;
}

/**
 * Every feature's fit to the one mix of the parts that explains the audience's counts best (steps 1 and 2 above), in
 * the model's feature order; empty when there are no followers, parts or features.
 */
export function featureFits(counts: readonly (readonly number[])[], profile: FeatureParts): FeatureFit[] {
  const parts = profile.parts.filter((part) => part.rows > 0);
  const nFeatures = profile.cuts.length;
  const n = (counts[0] ?? []).reduce((sum, count) => sum + count, 0);
  if (n === 0 || parts.length === 0 || nFeatures === 0) return [];
  // Each part's smoothed share of rows per feature and bin, flat: feature j's bins start at offsets[j].
  const offsets: number[] = [];
  let width = 0;
  for (const bins of counts) {
    offsets.push(width);
    width += bins.length;
  }
  const shares = parts.map((part) => {
    const flat = new Float64Array(width);
    part.counts.forEach((bins, f) => {
      bins.forEach((count, b) => {
        flat[(offsets[f] as number) + b] = (count + SMOOTHING) / (part.rows + SMOOTHING * bins.length);
      });
    });
    return flat;
  });
  const share = (k: number, j: number, b: number) =>
    (shares[k] as Float64Array)[(offsets[j] as number) + b] as number;
  const weights = new Float64Array(parts.length).fill(1 / parts.length);
  const mix = new Float64Array(width);
  const effective = new Float64Array(width);
  const update = () => {
    mix.fill(0);
    for (let k = 0; k < parts.length; k++) {
      const w = weights[k] as number;
      const flat = shares[k] as Float64Array;
      for (let c = 0; c < width; c++) mix[c] = (mix[c] as number) + w * (flat[c] as number);
    }
    // Followers whose value is unknown beyond the share the mix leaves unknown are missing, not different: an
    // export without a field says nothing about who the followers are. They count as the mix's known values
    // would (EM's imputation), so only known values — and values known where training never knew them — weigh.
    counts.forEach((bins, f) => {
      const start = offsets[f] as number;
      const unknownBin = bins.length - 1;
      const mixUnknown = mix[start + unknownBin] as number;
      const excess = Math.max(0, (bins[unknownBin] as number) - n * mixUnknown);
      for (let b = 0; b < bins.length; b++) {
        effective[start + b] =
          b === unknownBin
            ? (bins[b] as number) - excess
            : (bins[b] as number) + (excess * (mix[start + b] as number)) / (1 - mixUnknown);
      }
    });
  };
  for (let step = 0; step < EM_STEPS; step++) {
    update();
    const next = new Float64Array(parts.length);
    for (let k = 0; k < parts.length; k++) {
      const flat = shares[k] as Float64Array;
      let sum = 0;
      for (let c = 0; c < width; c++) {
        const count = effective[c] as number;
        if (count > 0) sum += (count * (flat[c] as number)) / (mix[c] as number);
      }
      next[k] = (weights[k] as number) * sum;
    }
    const total = next.reduce((sum, value) => sum + value, 0);
    if (total === 0) break;
    let change = 0;
    for (let k = 0; k < parts.length; k++) {
      const weight = (next[k] as number) / total;
      change = Math.max(change, Math.abs(weight - (weights[k] as number)));
      weights[k] = weight;
    }
    if (change < CONVERGED) break;
  }
  update();

  return Array.from({ length: nFeatures }, (_, j) => {
    const start = offsets[j] as number;
    const bins = (counts[j] as readonly number[]).length;
    let pearson = 0;
    let distance = 0;
    let expected = 0;
    for (let b = 0; b < bins; b++) {
      const m = mix[start + b] as number;
      const observed = (effective[start + b] as number) / n;
      let partVariance = 0;
      let partSpread = 0;
      for (let k = 0; k < parts.length; k++) {
        const q = share(k, j, b);
        const rows = (parts[k] as (typeof parts)[number]).rows;
        partVariance += ((weights[k] as number) ** 2 * q) / rows;
        partSpread += ((weights[k] as number) ** 2 * q * (1 - q)) / rows;
      }
      pearson += (observed - m) ** 2 / (m / n + partVariance);
      distance += Math.abs(observed - m) / 2;
      // E|N(0, σ²)| = σ √(2/π), σ² the audience's multinomial spread plus the parts'.
      expected += Math.sqrt((2 * ((m * (1 - m)) / n + partSpread)) / Math.PI) / 2;
    }
    return {
      misfit: Math.max(0, distance - expected),
      logP: logChiSquareTail(pearson, bins - 1),
      distance,
      expected,
    };
  });
}

/**
 * The test on an audience's counts per feature and bin (the bins of `profile.cuts`; every feature's counts sum to
 * the audience's size).
 */
export function featureShift(
  counts: readonly (readonly number[])[],
  profile: FeatureParts,
  names: readonly string[] = [],
): FeatureShift {
  const quiet: FeatureShift = {
    statistic: 0,
    fires: false,
    feature: -1,
    featureName: '',
    misfit: 0,
    pValue: 1,
    significantMisfit: 0,
    significantMisfitSum: 0,
    significantMisfitUpper: 0,
    anyMisfitUpper: 0,
    significantFeatures: [],
  };
  const fits = featureFits(counts, profile);
  if (fits.length === 0) return quiet;
  const logAlpha = Math.log(SHIFT_ALPHA / fits.length);
  let best = quiet;
  let significantMisfit = 0;
  let significantMisfitSum = 0;
  let significantMisfitUpper = 0;
  let anyMisfitUpper = 0;
  const significantFeatures: number[] = [];
  fits.forEach(({ misfit, logP, distance, expected }, j) => {
    anyMisfitUpper = Math.max(anyMisfitUpper, Math.min(1, distance + expected));
    if (logP < logAlpha) {
      significantFeatures.push(j);
      significantMisfit = Math.max(significantMisfit, misfit);
      significantMisfitSum += misfit;
      significantMisfitUpper = Math.max(significantMisfitUpper, Math.min(1, distance + expected));
    }
    const statistic = Math.min(misfit / SHIFT_MATERIAL, logP / logAlpha);
    if (best.feature < 0 || statistic > best.statistic)
      best = {
        statistic,
        fires: false,
        feature: j,
        featureName: names[j] ?? `feature ${j + 1}`,
        misfit,
        pValue: Math.exp(logP),
        significantMisfit: 0,
        significantMisfitSum: 0,
        significantMisfitUpper: 0,
        anyMisfitUpper: 0,
        significantFeatures: [],
      };
  });
  return {
    ...best,
    fires: best.statistic > 1,
    significantMisfit,
    significantMisfitSum: Math.min(1, significantMisfitSum),
    significantMisfitUpper,
    anyMisfitUpper,
    significantFeatures,
  };
}
