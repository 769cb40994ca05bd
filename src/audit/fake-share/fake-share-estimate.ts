// Estimates an audience's share of fakes from calibrated scores, with a 95 % interval for model error, sampling error and domain shift.
//
// Estimate: when the model file has its training parts' features, the fakes' weight in the mix of those parts that
// best explains the audience's scores and known features (parts-mix.ts), which knows each collection's own scores;
// beside it, and alone for older model files, the maximum-likelihood share of fakes once the scores are moved from the
// training prior to the audience's (EM prior adjustment, prior-adjustment.ts). EM is right whenever the model's
// pooled calibration holds for the audience's kinds of accounts, in any proportions; one collection can be scored
// unlike the pool (cresci-2015 under the union `x`: EM 3.2 points high, the mix 0.6), so EM's interval is carried
// around the mix's estimate and kept whole: it holds when either is right (EVALUATION.md, "The fake share on the
// bundled models"; `npm run eval`). The unadjusted mean p leans towards the training prior (a cresci-2015
// audience at 5 % fakes: mean p 9.1 %), so it is never used for the headline. (Before, the audit fell back to it
// whenever 10 % of the scores fit no mix of the two training classes — which every single-collection audience does,
// since collections are scored differently — so the in-distribution headline was the biased one.)
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
// - followers unlike the training data (feature values outside its ranges) carry scores the model cannot vouch for,
//   so their part is bounded without assumption: between none and all of them fake. The interval is widened by
//   their share u (down by u · their mean adjusted p, up by u · (1 − it)).
// - domain shift (shift-test.ts): when the audience's scores are no mix of the training data's parts, the
//   calibration cannot be trusted for it, and the interval becomes the one the method can still defend: see
//   `shiftedBounds`.
import type { ModelFile, ScoreComponent } from '../../model/model-file.ts';
import { createSeededRandom } from '../../model/seeded-random.ts';
import type { Interval } from '../report-schema.ts';
import { type FeatureShift, featureShift } from './feature-shift.ts';
import { fakesOfMix, fitPartsMix, type PartWeight } from './parts-mix.ts';
import {
  adjustPosterior,
  estimatePrior,
  maximumLikelihoodPrior,
  priorLikelihoodInterval,
} from './prior-adjustment.ts';
import { drawBinomial, drawNormal } from './random-draws.ts';
import { type ReliabilityBin, reliabilityBinOf } from './reliability-bins.ts';
import {
  histogramTotal,
  type ScoreHistogram,
  type WeightedScores,
  weightedScores,
} from './score-histogram.ts';
import { pValueText, SHIFT_MISFIT_LIMIT, type ShiftTest, shiftTest } from './shift-test.ts';

/** `em`: the maximum-likelihood share (the audit's); `none`: the plain mean calibrated p (for comparison only). */
export type PriorAdjustment = 'em' | 'none';

/** How EM's interval is widened under MIN_MIX_FOLLOWERS followers (FakeShareInput's `smallAudience`). */
export type SmallAudienceRule = 'none' | 'interval' | 'disagreement' | 'covariate';

export interface FakeShareInput {
  /** Scores of followers like the training data, and of those unlike it. */
  like: ScoreHistogram;
  unlike: ScoreHistogram;
  /** The share of positives the calibration assumed (the model card's `trainingPositiveShare`). */
  trainingPrior: number;
  reliability: readonly ReliabilityBin[];
  /** The out-of-fold scores of each part of the training data (the model card's `scoreComponents`). */
  components: readonly ScoreComponent[];
  /** The feature shift test on the audience (feature-shift.ts), when the model file has its training parts' features. */
  featureShift?: FeatureShift | null;
  /**
   * The fakes' weight in the mix of the training parts that best explains the audience's scores and known features
   * (parts-mix.ts), when the model file has its training parts' features: the estimate, EM's interval carried around it.
   */
  partsMix?: number | null;
  /** The weight of every part in that mix (what `partsMix` sums the positives of): the kinds' shares split it. */
  partWeights?: readonly PartWeight[] | null;
  /**
   * Evaluation only: another share for the shifted interval to bound than the shift test's (a candidate rule measured
   * beside the shipped one: scripts/evaluate-shifted-interval.ts, evaluate-shift.ts --interval). The audit never sets it.
   */
  boundedShare?: (shift: ShiftTest) => number;
  /**
   * Evaluation only: how the parts' mix enters the shifted interval. 'carried' (the audit's): EM's whole reach, the
   * shifted bounds included, carried around the mix. 'reading': the mix as a third reading beside EM and the mean p —
   * its in-distribution reach carried, and its own shifted bound, none to all of the unexplained followers fake
   * (scripts/evaluate-shifted-interval.ts). The audit never sets it.
   */
  shiftedMix?: 'carried' | 'reading';
  /**
   * Evaluation only: what widens EM's interval under MIN_MIX_FOLLOWERS followers, where the shift test has little
   * power (scripts/evaluate-small-audiences.ts). EM stays the estimate in every case. 'none' (the audit's): nothing.
   * 'interval': EM's reach also carried around the parts' mix, as from MIN_MIX_FOLLOWERS on. 'disagreement': the same,
   * only when the mix lies outside EM's interval (the two disagree beyond EM's own error). 'covariate': the interval
   * also spans the mean calibrated p (the covariate-shift estimate) with EM's statistical reach around it, as the
   * shifted interval does, without the unexplained followers' bound. The audit never sets it.
   */
  smallAudience?: SmallAudienceRule;
  /** The followers the scored ones stand for; sampling error applies when it exceeds them. */
  population: number;
  priorAdjustment: PriorAdjustment;
  seed: number;
  replicates: number;
}

export interface FakeShareEstimate {
  fakeShare: Interval;
  /** Share of scored followers unlike the training data. */
  unlikeShare: number;
  /** Share of followers whose scores no mix of the training data's parts explains (shift-test.ts). */
  misfitShare: number;
  /** The domain-shift test: when it fires, the figure may be off and the interval is the shifted one. */
  shift: ShiftTest;
  /** Half-widths (shares) of each source of uncertainty. */
  halfWidths: { sampling: number; model: number; domainShift: number };
  adjustment: PriorAdjustment;
  /** EM's estimate (the maximum-likelihood share under the model's calibration), whether or not it is the headline. */
  emEstimate: number;
  /** The parts' mix when it is the estimate (50 followers and more, EM adjustment, a model file with its parts). */
  partWeights: readonly PartWeight[] | null;
  method: string;
}

const LOWER = 0.025;
const UPPER = 0.975;
const Z95 = 1.959964;
const LOGIT_EDGE = 1e-6;
/**
 * The fewest followers the parts' mix is the headline for: the smallest audience its accuracy was measured on
 * (audience-trials.ts draws none under 50). Fewer followers can put the mix's weight on any part; EM leads then.
 */
export const MIN_MIX_FOLLOWERS = 50;
/**
 * Whether the report says the followers are too few to check against the training data: under MIN_MIX_FOLLOWERS
 * scored followers the shift test has little power (on audiences from collections the model never saw, it stayed
 * silent on 7-40 % of those read more than 5 points off: scripts/evaluate-small-audiences.ts), so its silence is no
 * evidence that the calibration holds. When it fired, its caution says more and this is not said.
 */
export const tooFewToCheck = (followers: number, shiftFires: boolean) =>
  followers > 0 && followers < MIN_MIX_FOLLOWERS && !shiftFires;
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

/** How many shifted scores the bootstrap keeps for the counts of positives it draws again (4 MiB of doubles). */
const MAX_KEPT_SHIFTED = 1 << 19;

/** One replicate of the model error: the share re-estimated with every bin's rate redrawn from its counts. */
function modelReplicates(
  scores: WeightedScores,
  input: FakeShareInput,
  priorAdjustment: PriorAdjustment,
  random: () => number,
): Float64Array {
  const { reliability, trainingPrior, replicates } = input;
  const smoothed = reliability.map((bin) => (bin.positives + 0.5) / (bin.rows + 1));
  const logits = Float64Array.from(scores.scores, logit);
  // The scores of each reliability bin (their indices), and for each bin the shifted scores of every count of
  // positives drawn so far: a bin's shift depends only on that count, which takes some hundred values over the
  // replicates (the bundled models' bins), so each sigmoid is computed once per count, not once per replicate — the
  // same doubles. Up to MAX_KEPT_SHIFTED of them are kept (4 MiB); past it, the rest are computed every time.
  const members = Array.from(reliability, () => [] as number[]);
  scores.scores.forEach((p, i) => {
    members[reliabilityBinOf(reliability, p)]?.push(i);
  });
  const shiftedByCount = reliability.map(() => new Map<number, Float64Array>());
  let kept = 0;
  const shifted: WeightedScores = { scores: new Float64Array(scores.scores.length), weights: scores.weights };
  const shares = new Float64Array(replicates);
  for (let r = 0; r < replicates; r++) {
    reliability.forEach((bin, b) => {
      const positives = drawBinomial(bin.rows, smoothed[b] as number, random);
      const inBin = members[b] as number[];
      let binScores = (shiftedByCount[b] as Map<number, Float64Array>).get(positives);
      if (!binScores) {
        const shift = logit((positives + 0.5) / (bin.rows + 1)) - logit(smoothed[b] as number);
        binScores = Float64Array.from(inBin, (i) => sigmoid((logits[i] as number) + shift));
        if (kept + inBin.length <= MAX_KEPT_SHIFTED) {
          (shiftedByCount[b] as Map<number, Float64Array>).set(positives, binScores);
          kept += inBin.length;
        }
      }
      for (let k = 0; k < inBin.length; k++) shifted.scores[inBin[k] as number] = binScores[k] as number;
    });
    // the share alone: EM's overlap and outcome variance are not needed for a replicate
    shares[r] =
      priorAdjustment === 'em'
        ? maximumLikelihoodPrior(shifted, trainingPrior)
        : estimateShare(shifted, trainingPrior, priorAdjustment).share;
  }
  return shares;
}

const percent = (share: number) => `${(share * 100).toFixed(1)} %`;

/**
 * The sums (over the audience's size) of the `share` of followers with the smallest and with the largest values: what
 * an unidentified `share` of the followers can have contributed to a mean of those values, at least and at most.
 */
function tails(values: Float64Array, weights: Float64Array, share: number): { bottom: number; top: number } {
  const order = Array.from(values.keys()).sort((a, b) => (values[a] as number) - (values[b] as number));
  const n = weights.reduce((sum, weight) => sum + weight, 0);
  const sumOver = (indices: number[]) => {
    let left = share * n;
    let sum = 0;
    for (const i of indices) {
      if (left <= 0) break;
      const taken = Math.min(left, weights[i] as number);
      sum += taken * (values[i] as number);
      left -= taken;
    }
    return n === 0 ? 0 : sum / n;
  };
  return { bottom: sumOver(order), top: sumOver([...order].reverse()) };
}

/**
 * The interval when the shift test fires. The model's calibration can no longer be taken to hold as it does in
 * training, so the interval spans the estimates of the two assumptions a calibrated model supports — only the share
 * of fakes changed (EM, label shift: each follower counts its adjusted posterior) or only which accounts appear
 * changed while each account's p(fake) still holds (the mean p, covariate shift) — with the statistical error around
 * both, and bounds the followers no mix of the training parts explains (share m, read at its upper end: shift-test.ts,
 * `boundedShare`) without assumption: none to all of them fake.
 * Those followers are not identified — the test knows how many there are, not which — and each estimate already
 * counted their own scores. So before adding none (low end) or all (high end) of them, the bound takes out what they
 * can have counted: at most the sum of the m highest contributions, at least that of the m lowest. (Before, it took
 * out m × the estimate, i.e. assumed they were scored like the audience on average: an assumption the bound claims
 * not to make. Fixed here before the change was measured.)
 */
function shiftedBounds(
  scores: WeightedScores,
  trainingPrior: number,
  share: number,
  meanP: number,
  misfit: number,
  statLow: number,
  statHigh: number,
): { low: number; high: number } {
  const posteriors = Float64Array.from(scores.scores, (p) => adjustPosterior(p, trainingPrior, share));
  const adjusted = tails(posteriors, scores.weights, misfit);
  const plain = tails(scores.scores, scores.weights, misfit);
  return {
    low: Math.min(share - adjusted.top, meanP - plain.top) - (share - statLow),
    high: Math.max(share - adjusted.bottom, meanP - plain.bottom) + misfit + (statHigh - share),
  };
}

/** Which misfit the shifted interval bounds: the scores' or the feature test's, whichever is larger. */
const boundedWhat = (shift: ShiftTest) => {
  if (!shift.feature) return 'on their scores';
  const upper = `read at its upper end, the distance from the mix plus what chance alone gives, where the test takes chance off`;
  return shift.feature.significantMisfitUpper >= shift.boundedShare
    ? `the largest distance from the best mix among the features significantly off it, ${upper}; the scores' misfit is ${percent(shift.misfit)}`
    : `on their scores, ${upper}; the largest feature distance counted is ${percent(shift.feature.significantMisfitUpper)}`;
};

export function estimateFakeShare(input: FakeShareInput): FakeShareEstimate {
  const likeCount = histogramTotal(input.like);
  const unlikeCount = histogramTotal(input.unlike);
  const n = likeCount + unlikeCount;
  const scores = weightedScores(input.like, input.unlike);
  const adjustment = input.priorAdjustment;
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
  const shift = shiftTest(scores, input.components, unlikeShare, input.featureShift ?? null);
  const statLow = replicated.length === 0 ? share : quantile(totalDraws, LOWER);
  const statHigh = replicated.length === 0 ? share : quantile(totalDraws, UPPER);
  // At 0 or 1 the re-estimates pile on the boundary and their spread collapses; the likelihood-ratio interval of
  // the share still says how far from it the data allow, so it bounds the side away from the boundary.
  const atBoundary = adjustment === 'em' && n > 0 && (share <= 1e-9 || share >= 1 - 1e-9);
  const likelihood = atBoundary
    ? priorLikelihoodInterval(scores, input.trainingPrior, share)
    : { low: share, high: share };
  let low = Math.min(statLow, likelihood.low) - unlikeShare * unlikeMean;
  let high = Math.max(statHigh, likelihood.high) + unlikeShare * (1 - unlikeMean);
  const unshifted = { low, high };
  const bounded = input.boundedShare ? input.boundedShare(shift) : shift.boundedShare;
  if (shift.fires) {
    const meanP = estimateShare(scores, input.trainingPrior, 'none').share;
    const shifted = shiftedBounds(scores, input.trainingPrior, share, meanP, bounded, statLow, statHigh);
    low = Math.min(low, shifted.low);
    high = Math.max(high, shifted.high);
  }
  const widenDown = Math.max(0, statLow - low);
  const widenUp = Math.max(0, high - statHigh);
  // The parts' mix as the estimate: EM's whole interval kept, and its reach on either side carried around the mix, so
  // the interval holds when either estimate is right.
  const mix = adjustment === 'em' && n >= MIN_MIX_FOLLOWERS ? (input.partsMix ?? null) : null;
  const estimate = mix ?? share;
  if (mix !== null) {
    const asReading = shift.fires && input.shiftedMix === 'reading';
    const reach = asReading ? unshifted : { low, high };
    low = Math.min(low, mix - (share - reach.low));
    high = Math.max(high, mix + (reach.high - share));
    if (asReading) {
      // What the unexplained followers can have counted in the mix's fakes: none to all of their share.
      low = Math.min(low, mix - bounded - (share - statLow));
      high = Math.max(high, mix + bounded + (statHigh - share));
    }
  }
  const small =
    adjustment === 'em' && n > 0 && n < MIN_MIX_FOLLOWERS ? (input.smallAudience ?? 'none') : 'none';
  const smallMix = input.partsMix ?? null;
  if (
    smallMix !== null &&
    (small === 'interval' || (small === 'disagreement' && (smallMix < low || smallMix > high)))
  ) {
    const reach = { low, high };
    low = Math.min(low, smallMix - (share - reach.low));
    high = Math.max(high, smallMix + (reach.high - share));
  }
  if (small === 'covariate') {
    const meanP = estimateShare(scores, input.trainingPrior, 'none').share;
    low = Math.min(low, meanP - (share - statLow));
    high = Math.max(high, meanP + (statHigh - share));
  }
  low = Math.max(0, Math.min(estimate, low));
  high = Math.min(1, Math.max(estimate, high));

  const estimator =
    adjustment === 'em'
      ? `the maximum-likelihood share of fakes given the calibrated scores, moved from the training prior (${percent(input.trainingPrior)} fakes) to the audience's by EM prior adjustment (Saerens, Latinne & Decaestecker 2002)`
      : 'the mean calibrated p(fake), unadjusted';
  const headline =
    mix === null
      ? estimator
      : `the fakes' weight in the mix of the training data's parts (each collection's fakes and humans) that best explains the followers' scores and known feature values (${percent(mix)}), beside ${estimator} (${percent(share)}), whose calibration is the pooled training data's and can be off for one collection`;
  const method =
    `Fake share: ${headline}; not a count of scores over a threshold. 95 % interval from ${input.replicates} seeded draws (seed ${input.seed}): ` +
    `model — the model card's out-of-fold reliability bins redrawn (each bin's positives ~ Binomial), every follower's p moved by its bin's change in log-odds and the share re-estimated, plus the binomial spread of the followers' own outcomes; ` +
    (sampled
      ? `sampling — ${n} followers read of ${input.population}, binomial error with the finite-population correction; `
      : 'sampling — none (every follower the estimate speaks for was read); ') +
    'the draws added and their 2.5–97.5 % quantiles taken,  and, when the share is estimated at 0 or 1 (where those draws collapse), widened to its 95 % likelihood-ratio interval; ' +
    `followers unlike the training data (${percent(unlikeShare)}) are bounded without assumption (none to all of them fake); ` +
    (shift.fires
      ? `domain shift — the shift test fired (${shift.reason}), so the model's calibration cannot be trusted for this audience: the interval spans the estimate under label shift (EM) and under covariate shift (the mean calibrated p, ${percent(estimateShare(scores, input.trainingPrior, 'none').share)}) with the statistical error around both, and bounds the ${percent(shift.boundedShare)} of followers no mix of the training data's parts explains (${boundedWhat(shift)}) without assumption: which followers they are is unknown, so what they can have counted in either estimate is taken out (at most the largest, at least the smallest scores' share) before none to all of them are added as fake; the figure may be off.`
      : shift.feature
        ? `domain shift — the shift test did not fire (its largest feature misfit: ${percent(shift.feature.misfit)} of the followers on ${shift.feature.featureName}, ${pValueText(shift.feature.pValue)}).`
        : `domain shift — the shift test did not fire (${percent(shift.misfit)} of followers unexplained by any mix of the training data's parts, limit ${percent(SHIFT_MISFIT_LIMIT)}).`) +
    (mix === null
      ? ''
      : ` The interval is EM's, with its reach below and above EM's estimate also carried around the mix's: it holds when either is right.`);
  return {
    fakeShare: { estimate, low, high },
    unlikeShare,
    misfitShare: shift.misfit,
    shift,
    halfWidths: { sampling: Z95 * samplingSd, model: modelHalfWidth, domainShift: (widenDown + widenUp) / 2 },
    adjustment,
    emEstimate: share,
    partWeights: mix === null ? null : (input.partWeights ?? null),
    method,
  };
}

/** What the fake-share estimate reads of a model and an audience's scores: the audit's, and its accuracy test's. */
export function fakeShareInput(
  model: ModelFile,
  scores: { like: ScoreHistogram; unlike: ScoreHistogram; featureCounts?: number[][] | null },
  options: Pick<FakeShareInput, 'population' | 'priorAdjustment' | 'seed' | 'replicates'>,
): FakeShareInput {
  const mix =
    model.featureParts && scores.featureCounts
      ? fitPartsMix(
          weightedScores(scores.like, scores.unlike),
          model.card.scoreComponents,
          scores.featureCounts,
          model.featureParts,
        )
      : null;
  return {
    like: scores.like,
    unlike: scores.unlike,
    trainingPrior: model.card.trainingPositiveShare,
    reliability: model.card.reliability,
    components: model.card.scoreComponents,
    featureShift:
      model.featureParts && scores.featureCounts
        ? featureShift(scores.featureCounts, model.featureParts, model.features)
        : null,
    partsMix: mix && fakesOfMix(mix),
    partWeights: mix,
    ...options,
  };
}
