// The fake share as the fakes' weight in the mix of the training data's parts (each collection's fakes and its humans) that best explains an audience's scores and known feature values.
//
// Why beside EM: EM trusts the model's pooled calibration, and a collection can be scored unlike the pool. Since `x`
// became the union of its kind models, cresci-2015's humans score 0.139 on average out of fold (0.055 before), so EM
// read that collection's own audiences 3.2 points high with 41 % interval coverage. The model file keeps each part's
// out-of-fold scores (the card's `scoreComponents`) and its features in decile bins (`featureParts`); the mix of
// parts that explains the audience on all of them at once knows each collection's own scores: on the same
// cross-fitted audiences it read cresci-2015 within 0.63 points, and every training collection within 1.6
// (scripts/evaluate-parts-estimate.ts; EVALUATION.md, "The fake share on the bundled models").
//
// The fit: maximum composite likelihood Σ_blocks Σ_bins count · log(Σ_k w_k q_k) over the part weights w, by EM,
// where the blocks are the scores (the card's bins of calibrated p) and each feature's bins of known values, and q_k
// is part k's smoothed share of its rows in the bin — among its known values for a feature, so which fields an upload
// has (an export without creation dates, say) says nothing about who the followers are. Counts only: shards add up
// exactly, and the same counts give the same share.
import type { FeatureParts } from '../../model/feature-parts.ts';
import { SCORE_COMPONENT_BINS, type ScoreComponent } from '../../model/model-file.ts';
import type { WeightedScores } from './score-histogram.ts';

const EM_STEPS = 1000;
const CONVERGED = 1e-7;
/** Half a row in every bin, so a bin no training row of a part reached is unlikely for it, not impossible. */
const SMOOTHING = 0.5;

export interface PartBlock {
  observed: readonly number[];
  /** Per part, its smoothed share of rows in each bin. */
  shares: Float64Array[];
}

export function smoothedShares(counts: readonly number[]): Float64Array {
  const rows = counts.reduce((sum, count) => sum + count, 0);
  return Float64Array.from(counts, (count) => (count + SMOOTHING) / (rows + SMOOTHING * counts.length));
}

/** The part weights that maximise the blocks' composite likelihood, by EM from equal weights. */
export function fitPartWeights(blocks: readonly PartBlock[], parts: number): Float64Array {
  const weights = new Float64Array(parts).fill(1 / parts);
  const next = new Float64Array(parts);
  for (let step = 0; step < EM_STEPS; step++) {
    next.fill(0);
    for (const { observed, shares } of blocks) {
      for (let b = 0; b < observed.length; b++) {
        const count = observed[b] as number;
        if (count === 0) continue;
        let mix = 0;
        for (let k = 0; k < parts; k++)
          mix += (weights[k] as number) * ((shares[k] as Float64Array)[b] as number);
        for (let k = 0; k < parts; k++)
          next[k] =
            (next[k] as number) +
            (count * (weights[k] as number) * ((shares[k] as Float64Array)[b] as number)) / mix;
      }
    }
    let total = 0;
    for (let k = 0; k < parts; k++) total += next[k] as number;
    if (total === 0) break;
    let change = 0;
    for (let k = 0; k < parts; k++) {
      const weight = (next[k] as number) / total;
      change = Math.max(change, Math.abs(weight - (weights[k] as number)));
      weights[k] = weight;
    }
    if (change < CONVERGED) break;
  }
  return weights;
}

/** One training part (a collection's fakes, or its humans) and its weight in the mix that best explains an audience. */
export interface PartWeight {
  collection: string;
  positive: boolean;
  weight: number;
}

/**
 * The blocks the mix is fitted to — the scores first, then each feature's known bins (`feature`: its index) — and the
 * parts they describe (those the card's score components and the feature parts both have), or null when there is
 * nothing to fit: no followers, or no such part.
 */
export function partBlocks(
  scores: WeightedScores,
  components: readonly ScoreComponent[],
  featureCounts: readonly (readonly number[])[],
  featureParts: FeatureParts,
): { parts: FeatureParts['parts']; scores: PartBlock; features: (PartBlock & { feature: number })[] } | null {
  const scoreOf = new Map(
    components.map((component) => [`${component.collection}\t${component.positive}`, component]),
  );
  const parts = featureParts.parts.filter(
    (part) => part.rows > 0 && scoreOf.has(`${part.collection}\t${part.positive}`),
  );
  const observedScores = new Array<number>(SCORE_COMPONENT_BINS).fill(0);
  let n = 0;
  for (let i = 0; i < scores.scores.length; i++) {
    const bin = Math.min(
      SCORE_COMPONENT_BINS - 1,
      Math.max(0, Math.floor((scores.scores[i] as number) * SCORE_COMPONENT_BINS)),
    );
    observedScores[bin] = (observedScores[bin] as number) + (scores.weights[i] as number);
    n += scores.weights[i] as number;
  }
  if (n === 0 || parts.length === 0) return null;
  const features: (PartBlock & { feature: number })[] = [];
  featureCounts.forEach((bins, j) => {
    const known = bins.length - 1; // the last bin is "unknown"
    if (known < 1) return;
    features.push({
      feature: j,
      observed: bins.slice(0, known),
      shares: parts.map((part) => smoothedShares((part.counts[j] as number[]).slice(0, known))),
    });
  });
  return {
    parts,
    scores: {
      observed: observedScores,
      shares: parts.map((part) =>
        smoothedShares((scoreOf.get(`${part.collection}\t${part.positive}`) as ScoreComponent).counts),
      ),
    },
    features,
  };
}

/**
 * The weights of the best mix of the parts, or null when there is nothing to fit: no followers, or no part that the
 * card's score components and the feature parts both describe.
 */
export function fitPartsMix(
  scores: WeightedScores,
  components: readonly ScoreComponent[],
  featureCounts: readonly (readonly number[])[],
  featureParts: FeatureParts,
): PartWeight[] | null {
  const fitted = partBlocks(scores, components, featureCounts, featureParts);
  if (fitted === null) return null;
  const weights = fitPartWeights([fitted.scores, ...fitted.features], fitted.parts.length);
  return fitted.parts.map((part, k) => ({
    collection: part.collection,
    positive: part.positive,
    weight: weights[k] as number,
  }));
}

/** The fakes' share of a fitted mix: the weight of its positive parts. */
export const fakesOfMix = (mix: readonly PartWeight[]) =>
  mix.reduce((sum, part) => (part.positive ? sum + part.weight : sum), 0);

/** The fakes' weight in the best mix of the parts (`fitPartsMix`), or null when there is nothing to fit. */
export function partsMixShare(
  scores: WeightedScores,
  components: readonly ScoreComponent[],
  featureCounts: readonly (readonly number[])[],
  featureParts: FeatureParts,
): number | null {
  const mix = fitPartsMix(scores, components, featureCounts, featureParts);
  return mix && fakesOfMix(mix);
}
