// The fake share of a follower list from a stratified labelled sample and every follower's p(fake): prediction-powered inference, stratified, with a 95 % interval that holds whatever the model's bias.
//
// Each stratum h holds N_h followers, of which n_h were drawn at random and labelled (y = 1 fake, 0 real). With the
// mean p(fake) f̄_h of all N_h followers known, the stratum's share is estimated by
//     θ̂_h = λ · f̄_h + mean over the labelled of (y − λ · p)
// which is unbiased for any fixed λ: the labelled residuals correct the model's mean wherever it is biased
// (prediction-powered inference, Angelopoulos, Bates, Fannjiang, Jordan, Zrnic, Science 2023; in survey sampling
// the difference estimator). λ = 0 is the classical stratified estimate from the labels alone; λ is tuned to the
// value that minimises the estimated variance (PPI++, Angelopoulos, Duchi, Zrnic 2023), one λ for all strata so
// a stratum with two labels does not pick its own, clipped to [0, 1].
// The whole share is Σ W_h θ̂_h with W_h = N_h / N (the design weights: each labelled follower of stratum h stands for
// N_h / n_h followers). Its variance is Σ W_h² (1 − n_h / N_h) s_h² / n_h, the finite-population correction included
// because the followers of the list are the population. s_h² is the residuals' variance, floored at the binomial
// variance of a Jeffreys-smoothed share: a stratum whose labels are all alike would otherwise claim no variance at
// all, and a band the model calls clean may still hide a few fakes the sample missed.
// A stratum with followers but no label is bounded without assumption: between none and all of it fake.

export const Z95 = 1.959964;

export interface StratumPopulation {
  /** Followers in the stratum (the whole list). */
  size: number;
  /** Their mean p(fake). */
  meanP: number;
}

export interface LabelledScore {
  stratum: number;
  pFake: number;
  fake: boolean;
}

export interface StratumEstimate {
  size: number;
  labelled: number;
  labelledFake: number;
  meanP: number;
  /** The stratum's estimated fake share; null when it has no label. */
  share: number | null;
}

export interface LabelledShareEstimate {
  estimate: number;
  low: number;
  high: number;
  standardError: number;
  /** The weight of the predictions (0: labels alone). */
  lambda: number;
  strata: StratumEstimate[];
}

interface StratumMoments {
  n: number;
  fakes: number;
  meanY: number;
  meanP: number;
  varY: number;
  varP: number;
  covYP: number;
}

function momentsOf(ys: readonly number[], ps: readonly number[]): StratumMoments {
  const n = ys.length;
  const meanY = ys.reduce((sum, y) => sum + y, 0) / Math.max(n, 1);
  const meanP = ps.reduce((sum, p) => sum + p, 0) / Math.max(n, 1);
  let varY = 0;
  let varP = 0;
  let covYP = 0;
  for (let i = 0; i < n; i++) {
    const dy = (ys[i] as number) - meanY;
    const dp = (ps[i] as number) - meanP;
    varY += dy * dy;
    varP += dp * dp;
    covYP += dy * dp;
  }
  const divisor = Math.max(n - 1, 1);
  return {
    n,
    fakes: ys.reduce((sum, y) => sum + y, 0),
    meanY,
    meanP,
    varY: varY / divisor,
    varP: varP / divisor,
    covYP: covYP / divisor,
  };
}

/**
 * The residuals' variance in a stratum, never below p̃(1 − p̃) with p̃ = (fakes + ½) / (labels + 1) (Jeffreys'
 * prior): labels all alike would otherwise claim no variance at all.
 */
function flooredResidualVariance(ys: readonly number[], ps: readonly number[], lambda: number): number {
  const n = ys.length;
  const residuals = ys.map((y, i) => y - lambda * (ps[i] as number));
  const mean = residuals.reduce((sum, r) => sum + r, 0) / n;
  const variance = n < 2 ? 0 : residuals.reduce((sum, r) => sum + (r - mean) ** 2, 0) / (n - 1);
  const smoothed = (ys.reduce((sum, y) => sum + y, 0) + 0.5) / (n + 1);
  return Math.max(variance, smoothed * (1 - smoothed));
}

/**
 * The stratified estimate with a 95 % interval. `usePredictions: false` gives the classical stratified interval
 * from the labels alone (λ = 0), for comparison.
 */
export function estimateShareWithLabels(
  population: readonly StratumPopulation[],
  labelled: readonly LabelledScore[],
  options: { usePredictions?: boolean } = {},
): LabelledShareEstimate {
  const total = population.reduce((sum, stratum) => sum + stratum.size, 0);
  if (total === 0) throw new RangeError('no followers to estimate a share of');
  const ys = population.map(() => [] as number[]);
  const ps = population.map(() => [] as number[]);
  for (const row of labelled) {
    ys[row.stratum]?.push(row.fake ? 1 : 0);
    ps[row.stratum]?.push(row.pFake);
  }
  const moments = population.map((_, h) => momentsOf(ys[h] as number[], ps[h] as number[]));
  const weights = population.map((stratum) => stratum.size / total);
  /** W_h² (1 − n_h/N_h) / n_h: how much each stratum's residual variance counts. */
  const factors = population.map((stratum, h) => {
    const n = (moments[h] as StratumMoments).n;
    if (n === 0 || stratum.size === 0) return 0;
    return ((weights[h] as number) ** 2 * Math.max(0, 1 - n / stratum.size)) / n;
  });

  let lambda = 0;
  if (options.usePredictions !== false) {
    let numerator = 0;
    let denominator = 0;
    moments.forEach((m, h) => {
      if (m.n < 2) return;
      numerator += (factors[h] as number) * m.covYP;
      denominator += (factors[h] as number) * m.varP;
    });
    lambda = denominator > 0 ? Math.min(1, Math.max(0, numerator / denominator)) : 0;
  }

  let estimate = 0;
  let variance = 0;
  let unlabelledLow = 0;
  let unlabelledHigh = 0;
  const strata: StratumEstimate[] = population.map((stratum, h) => {
    const m = moments[h] as StratumMoments;
    const weight = weights[h] as number;
    const base = { size: stratum.size, labelled: m.n, labelledFake: m.fakes, meanP: stratum.meanP };
    if (stratum.size === 0) return { ...base, share: null };
    if (m.n === 0) {
      estimate += weight * stratum.meanP;
      unlabelledLow += weight * stratum.meanP;
      unlabelledHigh += weight * (1 - stratum.meanP);
      return { ...base, share: null };
    }
    const share = lambda * stratum.meanP + m.meanY - lambda * m.meanP;
    estimate += weight * share;
    variance +=
      (factors[h] as number) * flooredResidualVariance(ys[h] as number[], ps[h] as number[], lambda);
    return { ...base, share };
  });
  const standardError = Math.sqrt(variance);
  const clip = (value: number) => Math.min(1, Math.max(0, value));
  return {
    estimate: clip(estimate),
    low: clip(estimate - Z95 * standardError - unlabelledLow),
    high: clip(estimate + Z95 * standardError + unlabelledHigh),
    standardError,
    lambda,
    strata,
  };
}
