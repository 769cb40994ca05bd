// How the fake share was chosen: the fakes' weight in the best mix of the training parts (each collection's fakes and humans) in its variants, beside EM (the headline before), on the cross-fitted audiences `realreach eval` draws: node --import tsx scripts/evaluate-parts-estimate.ts [datasets] [--model=x].
//
// Why: since `x` became the union of its kind models, EM reads cresci-2015's own audiences about 3 points high (its
// humans' mean out-of-fold p rose from 0.055 to 0.139: the pooled calibration no longer fits that collection). A
// mix of the parts knows each collection's own scores, so it should not carry that bias. Two mixes are fitted by EM
// over the part weights, every audience's own rows taken out of the parts first (leave-the-audience-out, as the shift
// test's evaluation does):
// - scores: the audience's calibrated p in the model card's 20 bins against each part's out-of-fold scores;
// - joint: those scores plus every feature's decile bins (the shift test's feature parts), one composite likelihood.
// The fake share is the positive parts' total weight. Also: the interval spanning EM's and the joint mix's estimate
// (hull), with their midpoint as the estimate; and what ships (src/audit/fake-share/parts-mix.ts, called here): the mix on the
// scores and the features' known values only, with EM's interval carried around it. No interval of the mixes alone is measured: the audit keeps per-feature
// counts, not rows, so a bootstrap of followers is not available to it, and a bootstrap of counts treating features as
// independent would be too narrow.
import { resolve } from 'node:path';
import { COLLECTION_PLAN } from '../src/audit/accuracy/accuracy-evaluation.ts';
import {
  type AudienceTrial,
  componentsWithout,
  drawAudiences,
  partsWithout,
  rowsOf,
  runTrials,
  summariseTrials,
} from '../src/audit/accuracy/audience-trials.ts';
import { crossFittedPool, poolFeatures } from '../src/audit/accuracy/scored-pools.ts';
import {
  fitPartWeights,
  type PartBlock,
  partsMixShare,
  smoothedShares,
} from '../src/audit/fake-share/parts-mix.ts';
import { addFeatureRow, emptyFeatureCounts } from '../src/model/feature-parts.ts';
import { SCORE_COMPONENT_BINS, type ScoreComponent } from '../src/model/model-file.ts';

const args = process.argv.slice(2);
const root = resolve(
  args.find((arg) => !arg.startsWith('--')) ?? resolve(import.meta.dirname, '..', '..', 'shared', 'datasets'),
);
const model = args.find((arg) => arg.startsWith('--model='))?.slice('--model='.length) ?? 'x';

const pool = await crossFittedPool(model, root);
const features = (await poolFeatures(model, root)).crossFitted;
/** The fakes' weight in the best mix of the parts: on the scores alone, on the scores with every feature's bins
 * (unknown values counted), and as the audit computes it (src/audit/fake-share/parts-mix.ts: known values only). */
function mixEstimates(audience: readonly number[]): { scores: number; joint: number; known: number } {
  const { parts } = partsWithout(features, pool, audience).parts;
  const components = componentsWithout(pool.model.card.scoreComponents, pool, audience);
  const componentOf = new Map(components.map((c) => [`${c.collection}\t${c.positive}`, c]));
  const observedScores = new Array<number>(SCORE_COMPONENT_BINS).fill(0);
  for (const row of audience) {
    const bin = Math.min(
      SCORE_COMPONENT_BINS - 1,
      Math.floor((pool.p[row] as number) * SCORE_COMPONENT_BINS),
    );
    observedScores[bin] = (observedScores[bin] as number) + 1;
  }
  const scoreBlock: PartBlock = {
    observed: observedScores,
    shares: parts.map((part) =>
      smoothedShares((componentOf.get(`${part.collection}\t${part.positive}`) as ScoreComponent).counts),
    ),
  };
  const counts = emptyFeatureCounts(features.parts.cuts);
  for (const row of audience)
    addFeatureRow(counts, features.parts.cuts, features.matrix, row * features.nFeatures);
  const featureBlocks: PartBlock[] = counts.map((bins, j) => ({
    observed: bins,
    shares: parts.map((part) => smoothedShares(part.counts[j] as number[])),
  }));
  const fakes = (weights: Float64Array) =>
    parts.reduce((sum, part, k) => sum + (part.positive ? (weights[k] as number) : 0), 0);
  const scores = {
    scores: Float64Array.from(audience, (row) => pool.p[row] as number),
    weights: new Float64Array(audience.length).fill(1),
  };
  return {
    scores: fakes(fitPartWeights([scoreBlock], parts.length)),
    joint: fakes(fitPartWeights([scoreBlock, ...featureBlocks], parts.length)),
    known: partsMixShare(scores, components, counts, { cuts: features.parts.cuts, parts }) ?? Number.NaN,
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
    `  ${group.padEnd(18)} ${String(em.length).padStart(3)} audiences | ${line('EM (the headline before):', em, true)} | ${line('mix of scores:', scores, false)} | ${line('joint mix:', joint, false)} | ${line('hull, midpoint:', hull, true)} | ${line('known-values mix:', known, false)} | ${line('known mix, EM widths carried (shipped):', carried, true)}`,
  );
}
