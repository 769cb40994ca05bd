// Estimates an audience's share of fakes from calibrated scores, with a 95 % interval for model error, sampling error and domain shift.
//
// Estimate: the maximum-likelihood share of fakes once the scores are moved from the training prior to the audience's
// (EM prior adjustment, prior-adjustment.ts), or, without adjustment, the mean calibrated p. The audit uses the
// adjustment, chosen by measurement on rows the correctness test never audits (models trained on one half of a
// seeded split, audiences at 5 / 30 / 60 % fakes drawn from the other; error of EM vs the unadjusted mean p):
// - cresci-2015, an internal split of the correctness test's training half (the test re-measures and prints it):
//   mean absolute error 0.35 vs 1.65 points at 5 %, 0.40 vs 0.63 at 30 %, 0.49 vs 0.91 at 60 %;
// - cresci-2017 genuine vs traditional spambots: RMSE 0.11 vs 0.42, 0.20 vs 0.10, 0.27 vs 0.39 points;
// - InstaFake fake-v1.0: RMSE 1.6 vs 3.0, 1.6 vs 3.2, 3.4 vs 10.4 points.
// The unadjusted mean is biased towards the training prior (up at 5 %, down at 60 %); EM removes most of that.
// EM leans harder on the calibration, though: where the scores fit no mix of the training classes (the synthetic
// demo audience: EM 16 %, mean p 33 %, truth 30 %), it can be further off, which the misfit bound below covers.
//
// Interval, from seeded draws (the same seed gives the same interval):
// - model: the model's own validation errors. Each replicate redraws the positives of every reliability bin of the
//   model card (out-of-fold predictions binned by calibrated p) as Binomial(rows, smoothed rate), moves every
//   follower's p by its bin's change on the log-odds scale, and re-estimates; the replicate's departure from the
//   estimate, mirrored, is one draw of the model error. To it is added the binomial spread of the followers' own
//   outcomes (a follower scored 0.3 is fake or not): variance Σ p'(1 − p') / n², divided by (1 − overlap) for the
//   adjusted estimate, whose prior is itself fitted to the same scores.
// - sampling: when n followers stand for a population of N > n, a normal draw with variance
//   (1 − n/N) · θ(1 − θ) / (n − 1), the finite-population correction included.
// - The sum of the three draws gives the 2.5 % and 97.5 % quantiles.
// - domain shift: followers unlike the training data carry scores the model cannot vouch for, so their part is
//   bounded without assumption: between none and all of them fake. The interval is widened by their share u
//   (down by u · their mean adjusted p, up by u · (1 − it)). The same holds for the share m of followers whose
//   scores no mix of the training classes' scores explains (score-misfit.ts), which catches shift the feature
//   ranges miss (accounts within the training ranges that the model still scores like no training account);
//   the interval is widened by whichever of the two bounds is wider on each side.
import { createSeededRandom } from '../model/seeded-random.ts';
import { adjustPosterior, estimatePrior } from './prior-adjustment.ts';
import { drawBinomial, drawNormal } from './random-draws.ts';
import { type ReliabilityBin, reliabilityBinOf } from './reliability-bins.ts';
import type { Interval } from './report-schema.ts';
import {
  histogramTotal,
  type ScoreHistogram,
  type WeightedScores,
  weightedScores,
} from './score-histogram.ts';
import { scoreMisfit } from './score-misfit.ts';

export type PriorAdjustment = 'em' | 'none';

/**
 * `auto` uses EM where its assumption holds — the audience differs from the training data only in its share of
 * fakes — and the plain mean where it does not: when more than EM_MAX_MISFIT of the scores fit no mix of the
 * training classes (score-misfit.ts), EM amplifies the misfit (the synthetic demo audience: EM 11 %, mean p 29 %,
 * truth 30 %), while the mean stays a fair summary of what the model says.
 */
export type PriorAdjustmentChoice = PriorAdjustment | 'auto';

/**
 * Held-out audiences of the training collections (the correctness test) misfit by a few percent at most; a tenth
 * of the followers is well past that and still leaves EM's gain where the data fit.
 */
export const EM_MAX_MISFIT = 0.1;

export interface FakeShareInput {
  /** Scores of followers like the training data, and of those unlike it. */
  like: ScoreHistogram;
  unlike: ScoreHistogram;
  /** The share of positives the calibration assumed (the model card's `trainingPositiveShare`). */
  trainingPrior: number;
  reliability: readonly ReliabilityBin[];
  /** The followers the scored ones stand for; sampling error applies when it exceeds them. */
  population: number;
  priorAdjustment: PriorAdjustmentChoice;
  seed: number;
  replicates: number;
}

export interface FakeShareEstimate {
  fakeShare: Interval;
  /** Share of scored followers unlike the training data. */
  unlikeShare: number;
  /** Share of followers whose scores no mix of the training classes' scores explains (score-misfit.ts). */
  misfitShare: number;
  /** Half-widths (shares) of each source of uncertainty. */
  halfWidths: { sampling: number; model: number; domainShift: number };
  /** The estimator used (with `auto`, the one the misfit chose). */
  adjustment: PriorAdjustment;
  method: string;
}

const LOWER = 0.025;
const UPPER = 0.975;
const Z95 = 1.959964;
const LOGIT_EDGE = 1e-6;
/** Overlap is capped so an uninformative model gives a wide, finite interval rather than an infinite one. */
const MAX_OVERLAP = 0.99;

const logit = (p: number) => {
  const clamped = Math.min(1 - LOGIT_EDGE, Math.max(LOGIT_EDGE, p));
  return Math.log(clamped / (1 - clamped));
};
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** The audience's estimated share of fakes, with the overlap and outcome variance of its scores. */
export function estimateShare(
  scores: WeightedScores,
  trainingPrior: number,
  adjustment: PriorAdjustment,
): { share: number; overlap: number; outcomeVariance: number } {
  if (adjustment === 'em') {
    const { prior, overlap, outcomeVariance } = estimatePrior(scores, trainingPrior);
    return { share: prior, overlap, outcomeVariance };
  }
  let n = 0;
  let sum = 0;
  let spread = 0;
  for (let i = 0; i < scores.scores.length; i++) {
    const p = scores.scores[i] as number;
    const weight = scores.weights[i] as number;
    n += weight;
    sum += weight * p;
    spread += weight * p * (1 - p);
  }
  return { share: n === 0 ? 0 : sum / n, overlap: 0, outcomeVariance: n === 0 ? 0 : spread / (n * n) };
}

function quantile(sorted: Float64Array, q: number): number {
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return (
    (sorted[below] as number) + (position - below) * ((sorted[above] as number) - (sorted[below] as number))
  );
}

/** One replicate of the model error: the share re-estimated with every bin's rate redrawn from its counts. */
function modelReplicates(
  scores: WeightedScores,
  input: FakeShareInput,
  priorAdjustment: PriorAdjustment,
  random: () => number,
): Float64Array {
  const { reliability, trainingPrior, replicates } = input;
  const smoothed = reliability.map((bin) => (bin.positives + 0.5) / (bin.rows + 1));
  const bins = Int32Array.from(scores.scores, (p) => reliabilityBinOf(reliability, p));
  const logits = Float64Array.from(scores.scores, logit);
  const shifted: WeightedScores = { scores: new Float64Array(scores.scores.length), weights: scores.weights };
  const shifts = new Float64Array(reliability.length);
  const shares = new Float64Array(replicates);
  for (let r = 0; r < replicates; r++) {
    reliability.forEach((bin, b) => {
      const positives = drawBinomial(bin.rows, smoothed[b] as number, random);
      shifts[b] = logit((positives + 0.5) / (bin.rows + 1)) - logit(smoothed[b] as number);
    });
    for (let i = 0; i < logits.length; i++)
      shifted.scores[i] = sigmoid((logits[i] as number) + (shifts[bins[i] as number] as number));
    shares[r] = estimateShare(shifted, trainingPrior, priorAdjustment).share;
  }
  return shares;
}

const percent = (share: number) => `${(share * 100).toFixed(1)} %`;

export function estimateFakeShare(input: FakeShareInput): FakeShareEstimate {
  const likeCount = histogramTotal(input.like);
  const unlikeCount = histogramTotal(input.unlike);
  const n = likeCount + unlikeCount;
  const scores = weightedScores(input.like, input.unlike);
  let adjustment: PriorAdjustment = input.priorAdjustment === 'auto' ? 'em' : input.priorAdjustment;
  let fallback = '';
  if (input.priorAdjustment === 'auto' && n > 0) {
    const emShare = estimateShare(scores, input.trainingPrior, 'em').share;
    const emMisfit = scoreMisfit(scores, input.reliability, emShare).misfit;
    if (emMisfit > EM_MAX_MISFIT) {
      adjustment = 'none';
      fallback = ` (EM prior adjustment was not used: ${percent(emMisfit)} of the scores fit no mix of the training classes, more than the ${percent(EM_MAX_MISFIT)} up to which EM's assumption — that only the share of fakes differs from the training data — holds well enough)`;
    }
  }
  const { share, overlap, outcomeVariance } = estimateShare(scores, input.trainingPrior, adjustment);
  const random = createSeededRandom(input.seed);
  const replicated = n === 0 ? new Float64Array(0) : modelReplicates(scores, input, adjustment, random);

  const outcomeSd = Math.sqrt(outcomeVariance / (1 - Math.min(overlap, MAX_OVERLAP)));
  const sampled = input.population > n && n > 1;
  const samplingSd = sampled ? Math.sqrt(((1 - n / input.population) * share * (1 - share)) / (n - 1)) : 0;
  const modelDraws = new Float64Array(replicated.length);
  const totalDraws = new Float64Array(replicated.length);
  replicated.forEach((replicate, r) => {
    modelDraws[r] = share - replicate + outcomeSd * drawNormal(random);
    totalDraws[r] = share + (modelDraws[r] as number) + samplingSd * drawNormal(random);
  });
  modelDraws.sort();
  totalDraws.sort();
  const modelHalfWidth =
    replicated.length === 0 ? 0 : (quantile(modelDraws, UPPER) - quantile(modelDraws, LOWER)) / 2;

  let unlikeMean = 0;
  if (unlikeCount > 0) {
    const unlike = weightedScores(input.unlike);
    const adjustedShare = adjustment === 'em' ? share : input.trainingPrior;
    for (let i = 0; i < unlike.scores.length; i++)
      unlikeMean +=
        (unlike.weights[i] as number) *
        adjustPosterior(unlike.scores[i] as number, input.trainingPrior, adjustedShare);
    unlikeMean /= unlikeCount;
  }
  const unlikeShare = n === 0 ? 0 : unlikeCount / n;
  const misfitShare = scoreMisfit(scores, input.reliability, share).misfit;
  const widenDown = Math.max(unlikeShare * unlikeMean, misfitShare * share);
  const widenUp = Math.max(unlikeShare * (1 - unlikeMean), misfitShare * (1 - share));
  const statLow = replicated.length === 0 ? share : quantile(totalDraws, LOWER);
  const statHigh = replicated.length === 0 ? share : quantile(totalDraws, UPPER);
  const low = Math.max(0, Math.min(share, statLow - widenDown));
  const high = Math.min(1, Math.max(share, statHigh + widenUp));

  const estimator =
    adjustment === 'em'
      ? `the maximum-likelihood share of fakes given the calibrated scores, moved from the training prior (${percent(input.trainingPrior)} fakes) to the audience's by EM prior adjustment (Saerens, Latinne & Decaestecker 2002)`
      : `the mean calibrated p(fake)${fallback}`;
  const method =
    `Fake share: ${estimator}; not a count of scores over a threshold. 95 % interval from ${input.replicates} seeded draws (seed ${input.seed}): ` +
    `model — the model card's out-of-fold reliability bins redrawn (each bin's positives ~ Binomial), every follower's p moved by its bin's change in log-odds and the share re-estimated, plus the binomial spread of the followers' own outcomes; ` +
    (sampled
      ? `sampling — ${n} followers read of ${input.population}, binomial error with the finite-population correction; `
      : 'sampling — none (every follower the estimate speaks for was read); ') +
    'the draws added and their 2.5–97.5 % quantiles taken; ' +
    `domain shift — the ${percent(unlikeShare)} of followers unlike the training data, and the ${percent(misfitShare)} whose scores no mix of the training classes' scores explains (beyond chance), are bounded without assumption (none to all of them fake): the interval is widened by the larger of the two shares.`;
  return {
    fakeShare: { estimate: share, low, high },
    unlikeShare,
    misfitShare,
    halfWidths: { sampling: Z95 * samplingSd, model: modelHalfWidth, domainShift: (widenDown + widenUp) / 2 },
    adjustment,
    method,
  };
}
