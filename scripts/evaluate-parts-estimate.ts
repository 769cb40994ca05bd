// Measured, not shipped: the fake share as the fakes' weight in the best mix of the training parts (each collection's fakes and humans), beside the audit's EM, on the cross-fitted audiences `realreach eval` draws: node --import tsx scripts/evaluate-parts-estimate.ts [datasets] [--model=x].
//
// Why: since `x` became the union of its kind models, EM reads cresci-2015's own audiences about 3 points high (its
// humans' mean out-of-fold p rose from 0.055 to 0.139: the pooled calibration no longer fits that collection). A
// mix of the parts knows each collection's own scores, so it should not carry that bias. Two mixes are fitted by EM
// over the part weights, every audience's own rows taken out of the parts first (leave-the-audience-out, as the shift
// test's evaluation does):
// - scores: the audience's calibrated p in the model card's 20 bins against each part's out-of-fold scores;
// - joint: those scores plus every feature's decile bins (the shift test's feature parts), one composite likelihood.
// The fake share is the positive parts' total weight. Also: the interval spanning EM's and the joint mix's estimate
// (hull), with their midpoint as the estimate. No interval of the mixes alone is measured: the audit keeps per-feature
// counts, not rows, so a bootstrap of followers is not available to it, and a bootstrap of counts treating features as
// independent would be too narrow.
import { resolve } from 'node:path';
import { COLLECTION_PLAN } from '../src/audit/accuracy/accuracy-evaluation.ts';
import {
  type AudienceTrial,
  drawAudiences,
  partsWithout,
  rowsOf,
  runTrials,
  summariseTrials,
} from '../src/audit/accuracy/audience-trials.ts';
import { crossFittedPool, poolFeatures } from '../src/audit/accuracy/scored-pools.ts';
import { addFeatureRow, emptyFeatureCounts } from '../src/model/feature-parts.ts';
import { SCORE_COMPONENT_BINS } from '../src/model/model-file.ts';

const args = process.argv.slice(2);
const root = resolve(
  args.find((arg) => !arg.startsWith('--')) ?? resolve(import.meta.dirname, '..', '..', 'shared', 'datasets'),
);
const model = args.find((arg) => arg.startsWith('--model='))?.slice('--model='.length) ?? 'x';
const BINS = SCORE_COMPONENT_BINS;
const SMOOTHING = 0.5;
const binOf = (p: number) => Math.min(BINS - 1, Math.max(0, Math.floor(p * BINS)));

const pool = await crossFittedPool(model, root);
const features = (await poolFeatures(model, root)).crossFitted;
const partKey = (row: number) => `${pool.collection[row]}\t${pool.fake[row] === 1}`;
/** Each part's out-of-fold scores in the card's bins (every row of the pool). */
const scoreCounts = new Map<string, Float64Array>();
pool.p.forEach((p, row) => {
  const key = partKey(row);
  const counts = scoreCounts.get(key) ?? new Float64Array(BINS);
  counts[binOf(p)] = (counts[binOf(p)] as number) + 1;
  scoreCounts.set(key, counts);
});

interface Block {
  observed: readonly number[];
  /** Per part, its smoothed share of rows in each bin. */
  shares: Float64Array[];
}

/** The part weights that maximise Σ_blocks Σ_bins observed · log(Σ_k w_k share_k), by EM. */
function fitMix(blocks: readonly Block[], parts: number): Float64Array {
  const weights = new Float64Array(parts).fill(1 / parts);
  for (let step = 0; step < 1000; step++) {
    const next = new Float64Array(parts);
    for (const { observed, shares } of blocks)
      observed.forEach((count, b) => {
        if (count === 0) return;
        let mix = 0;
        for (let k = 0; k < parts; k++)
          mix += (weights[k] as number) * ((shares[k] as Float64Array)[b] as number);
        for (let k = 0; k < parts; k++)
          next[k] =
            (next[k] as number) +
            (count * (weights[k] as number) * ((shares[k] as Float64Array)[b] as number)) / mix;
      });
    const total = next.reduce((sum, value) => sum + value, 0);
    let change = 0;
    for (let k = 0; k < parts; k++) {
      const weight = (next[k] as number) / total;
      change = Math.max(change, Math.abs(weight - (weights[k] as number)));
      weights[k] = weight;
    }
    if (change < 1e-7) break;
  }
  return weights;
}

/** The fakes' weight in the best mix of the parts, on the scores alone and on the scores with every feature. */
function mixEstimates(audience: readonly number[]): { scores: number; joint: number; known: number } {
  const { parts } = partsWithout(features, pool, audience).parts;
  const observedScores = new Array<number>(BINS).fill(0);
  const taken = new Map<string, Float64Array>();
  for (const row of audience) {
    const bin = binOf(pool.p[row] as number);
    observedScores[bin] = (observedScores[bin] as number) + 1;
    const counts = taken.get(partKey(row)) ?? new Float64Array(BINS);
    counts[bin] = (counts[bin] as number) + 1;
    taken.set(partKey(row), counts);
  }
  const scoreBlock: Block = {
    observed: observedScores,
    shares: parts.map((part) => {
      const key = `${part.collection}\t${part.positive}`;
      const all = scoreCounts.get(key) as Float64Array;
      const own = taken.get(key);
      return Float64Array.from(
        all,
        (count, b) => (count - (own?.[b] ?? 0) + SMOOTHING) / (part.rows + SMOOTHING * BINS),
      );
    }),
  };
  const counts = emptyFeatureCounts(features.parts.cuts);
  for (const row of audience)
    addFeatureRow(counts, features.parts.cuts, features.matrix, row * features.nFeatures);
  const featureBlocks: Block[] = counts.map((bins, j) => ({
    observed: bins,
    shares: parts.map((part) =>
      Float64Array.from(
        part.counts[j] as number[],
        (count) => (count + SMOOTHING) / (part.rows + SMOOTHING * bins.length),
      ),
    ),
  }));
  const fakes = (weights: Float64Array) =>
    parts.reduce((sum, part, k) => sum + (part.positive ? (weights[k] as number) : 0), 0);
  // Known values only: each feature's unknown bin dropped and the parts' shares taken among their known values, so
  // which fields an upload has says nothing (a user's export may lack fields every training part had).
  const knownBlocks: Block[] = counts.map((bins, j) => {
    const known = bins.length - 1;
    return {
      observed: bins.slice(0, known),
      shares: parts.map((part) => {
        const partBins = (part.counts[j] as number[]).slice(0, known);
        const rows = partBins.reduce((sum, count) => sum + count, 0);
        return Float64Array.from(partBins, (count) => (count + SMOOTHING) / (rows + SMOOTHING * known));
      }),
    };
  });
  return {
    scores: fakes(fitMix([scoreBlock], parts.length)),
    joint: fakes(fitMix([scoreBlock, ...featureBlocks], parts.length)),
    known: fakes(fitMix([scoreBlock, ...knownBlocks], parts.length)),
  };
}

const pp = (share: number) => (share * 100).toFixed(2);
const line = (name: string, trials: readonly AudienceTrial[], interval: boolean) => {
  const s = summariseTrials(trials);
  return `${name} MAE ${pp(s.meanAbsoluteError)} bias ${pp(s.bias)}${interval ? ` cov ${pp(s.coverage)} % width ${pp(s.meanWidth)}` : ''}`;
};
console.log(
  `${model}: cross-fitted audiences, ${COLLECTION_PLAN.audiences} per share of up to ${COLLECTION_PLAN.size} (pp; coverage of the 95 % interval)`,
);
const groups = [
  ['pooled', rowsOf(pool)] as const,
  ...[...new Set(pool.collection)].map((collection) => [collection, rowsOf(pool, [collection])] as const),
];
for (const [group, rows] of groups) {
  const em = runTrials(pool, group, rows, { ...COLLECTION_PLAN, replicates: 200 });
  const scores: AudienceTrial[] = [];
  const joint: AudienceTrial[] = [];
  const hull: AudienceTrial[] = [];
  const known: AudienceTrial[] = [];
  const carried: AudienceTrial[] = [];
  let i = 0;
  for (const { audience } of drawAudiences(rows, COLLECTION_PLAN)) {
    const trial = em[i++] as AudienceTrial;
    const mixes = mixEstimates(audience);
    scores.push({ ...trial, estimate: mixes.scores });
    joint.push({ ...trial, estimate: mixes.joint });
    known.push({ ...trial, estimate: mixes.known });
    // The known-values mix as the estimate, EM's interval half-widths carried around it, and the whole of EM's
    // interval kept: an interval that holds when either estimate is right.
    carried.push({
      ...trial,
      estimate: mixes.known,
      low: Math.max(0, Math.min(trial.low, mixes.known - (trial.estimate - trial.low))),
      high: Math.min(1, Math.max(trial.high, mixes.known + (trial.high - trial.estimate))),
    });
    hull.push({
      ...trial,
      estimate: (trial.estimate + mixes.joint) / 2,
      low: Math.min(trial.low, mixes.joint),
      high: Math.max(trial.high, mixes.joint),
    });
  }
  console.log(
    `  ${group.padEnd(18)} ${String(em.length).padStart(3)} audiences | ${line('EM (shipped):', em, true)} | ${line('mix of scores:', scores, false)} | ${line('joint mix:', joint, false)} | ${line('hull, midpoint:', hull, true)} | ${line('known-values mix:', known, false)} | ${line('known mix, EM widths carried:', carried, true)}`,
  );
}
