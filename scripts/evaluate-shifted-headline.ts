// Candidate headlines for when the shift test fires, measured beside the audit's (the parts' mix) on the eval's audiences: node --import tsx scripts/evaluate-shifted-headline.ts [datasets].
//
// Why (issue 9): on audiences of a collection the model never saw, the shift test fires on all of them and the
// interval covers the truth, but the headline — the fakes' weight in the best mix of the training parts
// (src/audit/fake-share/parts-mix.ts) — is far off: mean absolute error 21.70 pp (x) and 16.65 pp (general), and
// wholly human audiences of cresci-2015, cresci-stock-2018 and TwiBot-22 read 20-34 % fake (EVALUATION.md, "The shift
// test"). The interval and the test's firing stay as they are; only the point inside the interval is at stake.
//
// Diagnosis, before this script (a throwaway run on the same left-out audiences, COLLECTION_PLAN, every reading
// computed beside the headline; this script's section "the diagnosis" prints each figure below again, with the mean
// reading at each true share; means at 0 -> 100 % fake, x):
// - It is not one bias toward the middle. The mix reads some unseen collections too high across the board
//   (cresci-2015: 34 % at 0 %, 68 % at 30 %, 90 % at 60 % — its humans look like training fakes on the features) and
//   squeezes others (cresci-stock-2018 31 -> 62 %, TwiBot-22 23 -> 64 %, pronbots 47 % at 100 %; cresci-2017 0 -> 72 %
//   is the best). Every reading squeezes the same collections: EM 30 -> 42 % and the mean p 34 -> 44 % on
//   cresci-stock-2018; the model barely tells that collection's fakes from its humans.
// - Which reading is closer depends on the collection, with no sign in the data of which: the mix on the scores
//   alone reads cresci-2015 within 5.9 pp (the joint mix 27.9) but cresci-2017 at 37.5 (the joint 14.8) and pronbots at
//   99.9 (joint 53.5); the mix on the features alone the reverse. EM reads every unseen fake as human where the
//   features do not flag it (cresci-2015, cresci-2017, pronbots: 0-22 % at 100 %). Per model over the left-out
//   audiences: joint mix (shipped) 21.7 / 16.6 pp, features-only mix 21.2 / 18.9, scores-only mix 28.2 / 18.7, EM
//   31.8 / 27.0, mean p 28.5 / 24.8, share over 0.5 29.3 / 25.2.
// So the shipped mix is already the closest single reading overall; the candidates below are the principled ways left
// to move the point when the test fires. The same diagnosis run measured each of them already (figures in brackets:
// x / general left-out mean absolute error): this script and its criteria are written after it, and its run decides.
//
// Candidates (only when the shift test fires; elsewhere every candidate is the shipped estimate by construction):
// - explained-mix: the parts' mix with one more component, flat over every block's bins (followers no part explains),
//   the headline the fakes' share among the followers the parts explain: positive weight / (1 - flat weight). [21.2 /
//   16.5]
// - interval-centre: the centre of the defended interval, the point that is never further than half its width from
//   any truth it admits. [30.6 / 28.3]
// - kept-features-mix: the mix on the scores and the features the shift test did not find significantly off
//   (FeatureShift.significantFeatures): the evidence the test still vouches for. [31.3 / 23.1]
//
// Criteria, fixed before this script's first run (2026-11-30, 15:06 UTC), each against the shipped headline on the same
// audiences:
// (a) over each model's left-out audiences (x and general), mean absolute error at least 3 pp lower;
// (b) no left-out collection's mean absolute error more than 2 pp higher;
// (c) issue 9's unseen-audience criterion (within 5 pp or covered, and flagged) still holds on 100 % of each model's
//     left-out audiences;
// (d) the candidate lies inside the shipped interval on every audience where the test fires (in-distribution and left
//     out): the interval is not to move;
// (e) in-distribution audiences (the eval's pooled plan and one collection at a time; x, instagram, general) where the
//     test does not fire: the same estimates; where it fires (false alarms), mean absolute error per model at most
//     2 pp higher (reported before and after either way).
// Among the candidates that meet all five, the one with the lowest mean absolute error over the left-out audiences of
// x and general together ships; if none does, none ships and the run is recorded here.
//
// Run (2026-11-30, 15:06-15:14 UTC, load 8-12; rerun with the diagnosis section 15:15-15:20, 183 s CPU, the same
// figures): none meets every criterion, none ships; the headline stays the parts' mix. The shipped figures match
// EVALUATION.md (left out: x 21.70, general 16.65 pp; every fired audience's headline is the mix).
// - explained-mix: x 21.70 -> 21.24 pp, general 16.65 -> 16.50 — missed (a) (3 pp asked). The flat component takes
//   weight only on TwiBot-22 (x 18.97 -> 16.98) and Kaggle (10.35 -> 9.65); elsewhere it is the mix to 0.01 pp: the
//   parts explain an unseen collection's every feature about as well as they explain a known one — with the wrong
//   classes — so "unexplained" is not where the error is. Met (b)-(e) (false alarms: x 38.25 -> 37.94, instagram
//   13.52 -> 12.02, general 13.95 -> 14.02 pp).
// - interval-centre: x 30.61, general 28.33 pp — missed (a), (b) on every collection but x pronbots (wholly human
//   verified-2019 0.00 -> 37.72 / 31.73), (e) instagram 13.52 -> 29.26, general 13.95 -> 24.45.
// - kept-features-mix: x 31.28, general 23.06 pp — missed (a) and (b) (pronbots-2019 -> 100 pp: the scores and the
//   unflagged features call every bot human; cresci-2017 14.76 -> 33.89); better only on instafake (11.64 -> 3.47).
// Every candidate held (c) and (d) (issue 9's criterion 100 %, inside the interval) and left the quiet in-distribution
// audiences unchanged (x 593, instagram 260, general 651).
// What this says: a label-free point inside the defended interval cannot be chosen better than the mix on these
// collections — the readings disagree collection by collection and nothing in the followers says which is right
// (the diagnosis section: x cresci-2015 is read within 5.9 pp by the mix of scores and 27.9 by the joint mix,
// cresci-2017 the reverse, 37.5 and 14.8). The headline's caution and `realreach review` are what settle such an
// audience.
import { resolve } from 'node:path';
import {
  COLLECTION_PLAN,
  holdsOnUnseen,
  planFor,
  SHIFT_MODELS,
} from '../src/audit/accuracy/accuracy-evaluation.ts';
import {
  type AudienceTrial,
  rowsOf,
  runTrials,
  summariseTrials,
} from '../src/audit/accuracy/audience-trials.ts';
import {
  bundledConfig,
  crossFittedPool,
  leftOutPool,
  type PoolFeatures,
  poolFeatures,
  type ScoredPool,
} from '../src/audit/accuracy/scored-pools.ts';
import { estimateShare, type FakeShareInput } from '../src/audit/fake-share/fake-share-estimate.ts';
import { fitPartWeights, type PartBlock, partBlocks } from '../src/audit/fake-share/parts-mix.ts';
import { weightedScores } from '../src/audit/fake-share/score-histogram.ts';
import type { ModelFile } from '../src/model/model-file.ts';

const root = resolve(
  process.argv.slice(2).find((arg) => !arg.startsWith('--')) ??
    resolve(import.meta.dirname, '..', '..', 'shared', 'datasets'),
);

const CANDIDATES = ['explained-mix', 'interval-centre', 'kept-features-mix'] as const;
type Candidate = (typeof CANDIDATES)[number];

/** The fakes' weight among the parts' weights (the flat component, when there is one, left out of both). */
const fakesOf = (weights: Float64Array, parts: readonly { positive: boolean }[]) => {
  let fakes = 0;
  let explained = 0;
  parts.forEach((part, k) => {
    explained += weights[k] as number;
    if (part.positive) fakes += weights[k] as number;
  });
  return explained > 0 ? fakes / explained : Number.NaN;
};

/** The other readings of an audience's fake share, for the diagnosis (none is a candidate). */
const READINGS = ['EM', 'mean p', 'share over 0.5', 'mix of scores', 'mix of features'] as const;
type Reading = (typeof READINGS)[number];

/** The mix-based candidates' estimates for one audience, from what it was tested against, and the other readings. */
function mixCandidates(
  input: FakeShareInput,
  audience: { model: ModelFile; featureCounts: number[][] | null },
): { explained: number; kept: number; readings: Record<Reading, number> } {
  const { model, featureCounts } = audience;
  const scores = weightedScores(input.like, input.unlike);
  let over = 0;
  let n = 0;
  scores.scores.forEach((p, i) => {
    n += scores.weights[i] as number;
    if (p >= 0.5) over += scores.weights[i] as number;
  });
  const readings: Record<Reading, number> = {
    EM: estimateShare(scores, input.trainingPrior, 'em').share,
    'mean p': estimateShare(scores, input.trainingPrior, 'none').share,
    'share over 0.5': n === 0 ? Number.NaN : over / n,
    'mix of scores': Number.NaN,
    'mix of features': Number.NaN,
  };
  const none = { explained: Number.NaN, kept: Number.NaN, readings };
  if (!model.featureParts || !featureCounts) return none;
  const blocks = partBlocks(scores, model.card.scoreComponents, featureCounts, model.featureParts);
  if (blocks === null) return none;
  const all: PartBlock[] = [blocks.scores, ...blocks.features];
  const flat = all.map((block) => ({
    observed: block.observed,
    shares: [...block.shares, new Float64Array(block.observed.length).fill(1 / block.observed.length)],
  }));
  const withFlat = fitPartWeights(flat, blocks.parts.length + 1);
  const off = new Set(input.featureShift?.significantFeatures ?? []);
  const kept = [blocks.scores, ...blocks.features.filter((block) => !off.has(block.feature))];
  readings['mix of scores'] = fakesOf(fitPartWeights([blocks.scores], blocks.parts.length), blocks.parts);
  readings['mix of features'] = fakesOf(fitPartWeights(blocks.features, blocks.parts.length), blocks.parts);
  return {
    explained: fakesOf(withFlat.subarray(0, blocks.parts.length), blocks.parts),
    kept: fakesOf(fitPartWeights(kept, blocks.parts.length), blocks.parts),
    readings,
  };
}

interface Measured {
  /** The audit's trial (its estimate the shipped headline) and each candidate's estimate on the same audience. */
  trial: AudienceTrial;
  /** The parts' mix as fakeShareInput fits it: the shipped headline when the test fires. */
  mix: number | null;
  candidates: Record<Candidate, number>;
  readings: Record<Reading, number>;
}

function measure(
  pool: ScoredPool,
  group: string,
  rows: { fakes: number[]; humans: number[] },
  plan: Parameters<typeof runTrials>[3],
  features: PoolFeatures,
): Measured[] {
  const extra: ({ mix: number | null } & ReturnType<typeof mixCandidates>)[] = [];
  const trials = runTrials(pool, group, rows, plan, features, (input, audience) => {
    extra.push({ mix: input.partsMix ?? null, ...mixCandidates(input, audience) });
    return input;
  });
  return trials.map((trial, i) => {
    const { mix, explained, kept, readings } = extra[i] as (typeof extra)[number];
    return {
      trial,
      mix,
      readings,
      candidates: {
        'explained-mix': explained,
        'interval-centre': (trial.low + trial.high) / 2,
        'kept-features-mix': kept,
      },
    };
  });
}

/** The trial as the candidate would make it: its estimate where the test fired, the shipped one elsewhere. */
const under = (candidate: Candidate | 'shipped') => (m: Measured) =>
  candidate === 'shipped' || !m.trial.fires ? m.trial : { ...m.trial, estimate: m.candidates[candidate] };

const pct = (share: number) => `${(share * 100).toFixed(1)} %`;
const pp = (share: number) => (share * 100).toFixed(2);
const mae = (trials: readonly AudienceTrial[]) => summariseTrials(trials).meanAbsoluteError;

const inDistribution = new Map<string, Measured[]>();
const leftOut = new Map<string, Measured[]>();
for (const model of ['x', 'instagram', 'general']) {
  const pool = await crossFittedPool(model, root);
  const features = await poolFeatures(model, root);
  inDistribution.set(model, [
    ...measure(pool, 'pooled', rowsOf(pool), planFor(model), features.crossFitted),
    ...[...new Set(pool.collection)].flatMap((collection) =>
      measure(pool, collection, rowsOf(pool, [collection]), COLLECTION_PLAN, features.crossFitted),
    ),
  ]);
  console.error(`${model}: in-distribution measured`);
  if (!(SHIFT_MODELS as readonly string[]).includes(model)) continue;
  const config = await bundledConfig(model);
  const measured: Measured[] = [];
  for (const collection of [...new Set(config.datasets.map((dataset) => dataset.collection))]) {
    const left = await leftOutPool(config, collection, root);
    measured.push(...measure(left, collection, rowsOf(left), COLLECTION_PLAN, features.leftOut(collection)));
  }
  leftOut.set(model, measured);
  console.error(`${model}: left out measured`);
}

// Where the test fires, the shipped headline is the mix: checked, so the baseline is what the audit reads.
let mixMismatch = 0;
for (const measured of [...inDistribution.values(), ...leftOut.values()])
  for (const m of measured) if (m.trial.fires && m.mix !== m.trial.estimate) mixMismatch++;
console.log(`fired audiences whose headline is not the parts' mix: ${mixMismatch}`);

console.log(
  '\n## left-out audiences: mean absolute error (pp) by collection and true share, shipped and candidates',
);
for (const [model, measured] of leftOut) {
  for (const group of [...new Set(measured.map((m) => m.trial.group))]) {
    const part = measured.filter((m) => m.trial.group === group);
    for (const truth of [...new Set(part.map((m) => m.trial.truth))]) {
      const here = part.filter((m) => m.trial.truth === truth);
      const mean = (value: (m: Measured) => number) =>
        here.reduce((sum, m) => sum + value(m), 0) / here.length;
      console.log(
        `${model} without ${group}, ${pct(truth)} fake (${here.length}): shipped reads ${pct(mean((m) => m.trial.estimate))}, ${CANDIDATES.map((c) => `${c} ${pct(mean((m) => under(c)(m).estimate))}`).join(', ')}; interval ${pct(mean((m) => m.trial.low))}-${pct(mean((m) => m.trial.high))}`,
      );
    }
  }
}

console.log(
  `\n## the diagnosis: other readings of the left-out audiences (none a candidate), mean absolute error (pp); the shipped mix beside them`,
);
for (const [model, measured] of leftOut) {
  const line = (group: string, part: readonly Measured[]) => {
    const error = (value: (m: Measured) => number) =>
      pp(part.reduce((sum, m) => sum + Math.abs(value(m) - m.trial.truth), 0) / part.length);
    const means = (value: (m: Measured) => number) =>
      [...new Set(part.map((m) => m.trial.truth))]
        .map((truth) => {
          const here = part.filter((m) => m.trial.truth === truth);
          return pct(here.reduce((sum, m) => sum + value(m), 0) / here.length);
        })
        .join(' ');
    console.log(
      `${model} ${group} (${part.length}): shipped mix ${error((m) => m.trial.estimate)} [${means((m) => m.trial.estimate)}]; ${READINGS.map((r) => `${r} ${error((m) => m.readings[r])} [${means((m) => m.readings[r])}]`).join('; ')}`,
    );
  };
  for (const group of [...new Set(measured.map((m) => m.trial.group))])
    line(
      group,
      measured.filter((m) => m.trial.group === group),
    );
  line('all', measured);
}

const passing: { name: Candidate; error: number }[] = [];
for (const candidate of CANDIDATES) {
  console.log(`\n## ${candidate}`);
  const failures: string[] = [];
  let errorSum = 0;
  let count = 0;
  for (const [model, measured] of leftOut) {
    const before = measured.map(under('shipped'));
    const after = measured.map(under(candidate));
    const [b, a] = [mae(before), mae(after)];
    console.log(
      `left out ${model}, all ${after.length}: MAE ${pp(b)} -> ${pp(a)} pp; issue 9's criterion ${pct(after.filter(holdsOnUnseen).length / after.length)}`,
    );
    if (a > b - 0.03 + 1e-9) failures.push(`(a) ${model} ${pp(b)} -> ${pp(a)} pp`);
    if (after.some((trial) => !holdsOnUnseen(trial))) failures.push(`(c) ${model}`);
    for (const group of [...new Set(after.map((trial) => trial.group))]) {
      const gb = mae(before.filter((trial) => trial.group === group));
      const ga = mae(after.filter((trial) => trial.group === group));
      console.log(`  ${group}: MAE ${pp(gb)} -> ${pp(ga)} pp`);
      if (ga > gb + 0.02 + 1e-9) failures.push(`(b) ${model} ${group} ${pp(gb)} -> ${pp(ga)} pp`);
    }
    errorSum += a * after.length;
    count += after.length;
  }
  for (const [model, measured] of [
    ...[...inDistribution].map(([model, m]) => [`${model} in-distribution`, m] as const),
    ...[...leftOut].map(([model, m]) => [`${model} left out`, m] as const),
  ]) {
    const outside = measured.filter((m) => {
      const value = under(candidate)(m).estimate;
      return m.trial.fires && !(m.trial.low - 1e-9 <= value && value <= m.trial.high + 1e-9);
    });
    if (outside.length > 0) failures.push(`(d) ${model}: ${outside.length} outside the interval`);
  }
  for (const [model, measured] of inDistribution) {
    const quiet = measured.filter((m) => !m.trial.fires);
    const changed = quiet.filter((m) => under(candidate)(m).estimate !== m.trial.estimate).length;
    const fired = measured.filter((m) => m.trial.fires);
    const [b, a] = [mae(fired.map(under('shipped'))), mae(fired.map(under(candidate)))];
    console.log(
      `in-distribution ${model}: ${quiet.length} quiet audiences, ${changed} estimates changed; ${fired.length} false alarms, MAE ${pp(b)} -> ${pp(a)} pp`,
    );
    if (changed > 0) failures.push(`(e) ${model}: ${changed} quiet estimates changed`);
    if (fired.length > 0 && a > b + 0.02 + 1e-9)
      failures.push(`(e) ${model} false alarms ${pp(b)} -> ${pp(a)} pp`);
  }
  console.log(
    failures.length === 0 ? 'criteria (a)-(e): all met' : `criteria missed: ${failures.join('; ')}`,
  );
  if (failures.length === 0) passing.push({ name: candidate, error: errorSum / count });
}

const best = passing.sort((a, b) => a.error - b.error)[0];
console.log(
  best
    ? `\nships: ${best.name} (left-out MAE, x and general together, ${pp(best.error)} pp)`
    : '\nno candidate meets every criterion: none ships',
);
