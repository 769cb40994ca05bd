// Candidate rules for the share of followers the shifted interval bounds without assumption, measured beside the shipped one on the eval's audiences: node --import tsx scripts/evaluate-shifted-interval.ts [datasets] [--sizes].
//
// Why (issue 9, session 7): on left-out audiences the unseen-audience criterion (within 5 points, or covered and
// flagged) held for 94.1 % (x) and 92.0 % (general), but not on every collection: x twibot-22 80 %, general
// twibot-22 69 %, general cresci-stock-2018 80 %. Every miss is an audience of one class at an interval's edge:
// TwiBot-22's 146 bots (one audience, drawn 20 times) read 0.62-0.64 with the high end at 0.92-0.97; all-human
// audiences of cresci-stock-2018 (scored 0.34 on average) and TwiBot-22 (general) have low ends 0.001-0.03 above 0.
// The shifted interval counts the followers it cannot vouch for as the larger of two shares: those outside the
// training ranges (u, bounded none-to-all in every interval) and those no mix of the parts explains (m, the largest
// significant misfit, bounded when the test fires); and it reads m as a feature's distance from the mix less the
// distance chance alone gives. Both read the unexplained share at its smallest: the two sets are found by different
// tests and can be disjoint, and a distance measured on noisy counts bounds the populations' distance from above only
// once the noise is added, not taken off (triangle inequality).
//
// Candidates (the shifted interval otherwise as shipped, src/audit/fake-share/fake-share-estimate.ts `shiftedBounds`):
// - shipped: m = max(scores' misfit, the largest significant feature misfit), u apart (the larger bound kept).
// - union: min(1, m + u) — the followers outside the ranges and those off the mix taken as possibly different ones.
// - upper: max(scores' distance + chance, the largest significant feature's distance + chance), each at most 1.
// - union-upper: min(1, upper + u).
//
// Criteria, fixed before the first run of any candidate (2026-11-30):
// (a) on every left-out collection of x and general, issue 9's unseen-audience criterion holds for >= 93 % of its
//     audiences (the issue's coverage bar);
// (b) the pooled in-distribution audiences of x, instagram and general (the eval's POOLED_PLAN): mean absolute error,
//     coverage and mean width each no worse than shipped in the same run (within 0.01 pp);
// (c) the in-distribution audiences of one collection at a time (COLLECTION_PLAN), x, instagram and general: coverage
//     no lower than shipped in the same run;
// (d) the mean width over each model's left-out audiences at most 10 pp above shipped in the same run.
// Among the candidates that meet all four, the one with the smallest mean left-out width (x and general together)
// ships; if none does, none ships and the results are reported as measured. (Run 09:08-09:17 UTC: upper met all
// four and shipped, e2225f6.)
//
// Second experiment, written before its first run (2026-11-30, after upper shipped): the intervals grew, and part of
// their width is how the parts' mix enters them — EM's whole reach, its shifted bounds and the span from EM to the mean
// p included, is carried around the mix, though "the mix is right" implies nothing about that span. Candidate
// upper-mix-reading: the mix as a third reading beside EM and the mean p — its in-distribution reach carried, and its
// own shifted bound, none to all of the unexplained followers fake (mix - m to mix + m, EM's statistical reach
// around it): fake-share-estimate.ts, `shiftedMix: 'reading'`. It replaces upper if, in the same run:
// (a') every left-out collection of x and general meets issue 9's criterion on >= 93 % of its audiences;
// (b') pooled in-distribution error, coverage and width as upper's (within 0.01 pp);
// (c') one-collection in-distribution coverage no lower than upper's;
// (d') the mean left-out width of x and of general each narrower than upper's.
import { resolve } from 'node:path';
import {
  COLLECTION_PLAN,
  closeOrCovered,
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
  poolFeatures,
} from '../src/audit/accuracy/scored-pools.ts';
import type { FakeShareInput } from '../src/audit/fake-share/fake-share-estimate.ts';
import { type ShiftTest, upperMisfit } from '../src/audit/fake-share/shift-test.ts';

const root = resolve(
  process.argv.slice(2).find((arg) => !arg.startsWith('--')) ??
    resolve(import.meta.dirname, '..', '..', 'shared', 'datasets'),
);

type Rule = (input: FakeShareInput) => FakeShareInput;

/** The shifted interval bounding `share` of the followers (the rest of the estimate as the audit makes it). */
const bounding =
  (share: (shift: ShiftTest) => number): Rule =>
  (input) => ({ ...input, boundedShare: share });

/** The point readings: the scores' misfit and the largest significant feature misfit, chance taken off. */
const point = (shift: ShiftTest) => Math.max(shift.misfit, shift.feature?.significantMisfit ?? 0);
/** The upper readings: each distance plus chance's, at most 1. */
const upper = (shift: ShiftTest) => Math.max(upperMisfit(shift), shift.feature?.significantMisfitUpper ?? 0);

// 'shipped' was the point reading when these criteria were fixed and first run (53b0f95); the upper reading
// shipped after it, so the same four rules are named by what they bound.
const CANDIDATES: [string, Rule][] = [
  ['shipped', bounding(point)],
  ['union', bounding((shift) => Math.min(1, point(shift) + shift.unlikeShare))],
  ['upper', bounding(upper)],
  ['union-upper', bounding((shift) => Math.min(1, upper(shift) + shift.unlikeShare))],
  ['upper-mix-reading', (input) => ({ ...input, boundedShare: upper, shiftedMix: 'reading' })],
];

const pct = (share: number) => `${(share * 100).toFixed(1)} %`;
const pp = (share: number) => (share * 100).toFixed(2);
const share = (trials: readonly AudienceTrial[], test: (trial: AudienceTrial) => boolean) =>
  trials.filter(test).length / trials.length;

/**
 * --sizes: the point and upper readings on left-out audiences of 500, 2,000 and 5,000 followers (as many as a
 * collection allows; 10 per share, 300 interval draws), measured after the choice: the chance distance the upper
 * reading adds shrinks with the audience (not with the parts), so whether it still holds on larger audiences is
 * checked rather than assumed. Not a criterion.
 */
async function sizes(): Promise<void> {
  for (const model of SHIFT_MODELS) {
    const config = await bundledConfig(model);
    const features = await poolFeatures(model, root);
    for (const collection of ['cresci-stock-2018', 'twibot-22', 'cresci-2017', 'cresci-2015']) {
      const left = await leftOutPool(config, collection, root);
      const leftFeatures = features.leftOut(collection);
      for (const size of [500, 2000, 5000]) {
        const plan = { ...COLLECTION_PLAN, size, audiences: 10, replicates: 300 };
        for (const [name, rule] of CANDIDATES.filter(([name]) => name === 'shipped' || name === 'upper')) {
          const trials = runTrials(left, collection, rowsOf(left), plan, leftFeatures, rule);
          const byTruth = [...new Set(trials.map((trial) => trial.truth))].map((truth) => {
            const group = trials.filter((trial) => trial.truth === truth);
            return `${pct(truth)} (${group[0]?.size}): ${pct(share(group, holdsOnUnseen))}`;
          });
          console.log(
            `${model} without ${collection}, up to ${size} followers, ${name === 'shipped' ? 'point' : name} reading: criterion ${pct(share(trials, holdsOnUnseen))}, width ${pp(summariseTrials(trials).meanWidth)} pp | by true share (followers): ${byTruth.join(', ')}`,
          );
        }
      }
    }
  }
}

if (process.argv.includes('--sizes')) {
  await sizes();
  process.exit(0);
}

interface Measured {
  pooled: Map<string, AudienceTrial[]>;
  collections: Map<string, AudienceTrial[]>;
  leftOut: Map<string, AudienceTrial[]>;
}
const measured = new Map<string, Measured>(
  CANDIDATES.map(([name]) => [name, { pooled: new Map(), collections: new Map(), leftOut: new Map() }]),
);

for (const model of ['x', 'instagram', 'general']) {
  const pool = await crossFittedPool(model, root);
  const features = await poolFeatures(model, root);
  for (const [name, rule] of CANDIDATES) {
    const into = measured.get(name) as Measured;
    into.pooled.set(
      model,
      runTrials(pool, 'pooled', rowsOf(pool), planFor(model), features.crossFitted, rule),
    );
    into.collections.set(
      model,
      [...new Set(pool.collection)].flatMap((collection) =>
        runTrials(pool, collection, rowsOf(pool, [collection]), COLLECTION_PLAN, features.crossFitted, rule),
      ),
    );
  }
  if (!(SHIFT_MODELS as readonly string[]).includes(model)) continue;
  const config = await bundledConfig(model);
  for (const collection of [...new Set(config.datasets.map((dataset) => dataset.collection))]) {
    const left = await leftOutPool(config, collection, root);
    const leftFeatures = features.leftOut(collection);
    for (const [name, rule] of CANDIDATES) {
      const into = measured.get(name) as Measured;
      into.leftOut.set(model, [
        ...(into.leftOut.get(model) ?? []),
        ...runTrials(left, collection, rowsOf(left), COLLECTION_PLAN, leftFeatures, rule),
      ]);
    }
  }
  console.error(`${model}: measured`);
}

const shipped = measured.get('shipped') as Measured;
const passing: { name: string; width: number }[] = [];
for (const [name] of CANDIDATES) {
  const m = measured.get(name) as Measured;
  console.log(
    `\n## ${name}${name === 'shipped' ? " (the point reading: the audit's rule when the criteria were fixed)" : name === 'upper' ? " (the audit's rule since e2225f6)" : ''}`,
  );
  const failures: string[] = [];
  for (const [model, trials] of m.pooled) {
    const s = summariseTrials(trials);
    const base = summariseTrials(shipped.pooled.get(model) as AudienceTrial[]);
    console.log(
      `pooled ${model}: MAE ${pp(s.meanAbsoluteError)} pp, coverage ${pct(s.coverage)}, width ${pp(s.meanWidth)} pp, fired ${pct(s.fired)}`,
    );
    if (
      s.meanAbsoluteError > base.meanAbsoluteError + 1e-4 ||
      s.coverage < base.coverage - 1e-9 ||
      s.meanWidth > base.meanWidth + 1e-4
    )
      failures.push(`(b) pooled ${model}`);
  }
  for (const [model, trials] of m.collections) {
    const base = shipped.collections.get(model) as AudienceTrial[];
    for (const group of [...new Set(trials.map((trial) => trial.group))]) {
      const part = trials.filter((trial) => trial.group === group);
      const s = summariseTrials(part);
      const b = summariseTrials(base.filter((trial) => trial.group === group));
      console.log(
        `in-distribution ${model} ${group}: MAE ${pp(s.meanAbsoluteError)} pp, coverage ${pct(s.coverage)} (shipped ${pct(b.coverage)}), width ${pp(s.meanWidth)} pp (shipped ${pp(b.meanWidth)}), fired ${pct(s.fired)}`,
      );
      if (s.coverage < b.coverage - 1e-9) failures.push(`(c) ${model} ${group}`);
    }
  }
  let width = 0;
  for (const [model, trials] of m.leftOut) {
    const base = shipped.leftOut.get(model) as AudienceTrial[];
    for (const group of [...new Set(trials.map((trial) => trial.group))]) {
      const part = trials.filter((trial) => trial.group === group);
      const s = summariseTrials(part);
      const holds = share(part, holdsOnUnseen);
      console.log(
        `left out ${model} ${group}: criterion ${pct(holds)} (covered or within 5 pp ${pct(share(part, closeOrCovered))}), coverage ${pct(s.coverage)}, MAE ${pp(s.meanAbsoluteError)} pp, width ${pp(s.meanWidth)} pp (shipped ${pp(summariseTrials(base.filter((trial) => trial.group === group)).meanWidth)})`,
      );
      if (holds < 0.93) failures.push(`(a) ${model} ${group} ${pct(holds)}`);
    }
    const s = summariseTrials(trials);
    const b = summariseTrials(base);
    console.log(
      `left out ${model}, all ${trials.length}: criterion ${pct(share(trials, holdsOnUnseen))}, coverage ${pct(s.coverage)}, width ${pp(s.meanWidth)} pp (shipped ${pp(b.meanWidth)})`,
    );
    if (s.meanWidth > b.meanWidth + 0.1)
      failures.push(`(d) ${model} width +${pp(s.meanWidth - b.meanWidth)} pp`);
    width += s.meanWidth * trials.length;
  }
  const total = [...m.leftOut.values()].reduce((sum, trials) => sum + trials.length, 0);
  console.log(
    failures.length === 0 ? 'criteria (a)-(d): all met' : `criteria missed: ${failures.join('; ')}`,
  );
  if (failures.length === 0) passing.push({ name, width: width / total });
}
// The second experiment: upper-mix-reading against upper, by (a')-(d').
{
  const reading = measured.get('upper-mix-reading') as Measured;
  const base = measured.get('upper') as Measured;
  const failures: string[] = [];
  for (const [model, trials] of reading.pooled) {
    const s = summariseTrials(trials);
    const b = summariseTrials(base.pooled.get(model) as AudienceTrial[]);
    if (
      Math.abs(s.meanAbsoluteError - b.meanAbsoluteError) > 1e-4 ||
      s.coverage < b.coverage - 1e-9 ||
      s.meanWidth > b.meanWidth + 1e-4
    )
      failures.push(`(b') pooled ${model}`);
  }
  for (const [model, trials] of reading.collections) {
    const b = base.collections.get(model) as AudienceTrial[];
    for (const group of [...new Set(trials.map((trial) => trial.group))]) {
      const s = summariseTrials(trials.filter((trial) => trial.group === group));
      const c = summariseTrials(b.filter((trial) => trial.group === group));
      if (s.coverage < c.coverage - 1e-9)
        failures.push(`(c') ${model} ${group} ${pct(c.coverage)} -> ${pct(s.coverage)}`);
    }
  }
  for (const [model, trials] of reading.leftOut) {
    for (const group of [...new Set(trials.map((trial) => trial.group))]) {
      const holds = share(
        trials.filter((trial) => trial.group === group),
        holdsOnUnseen,
      );
      if (holds < 0.93) failures.push(`(a') ${model} ${group} ${pct(holds)}`);
    }
    const s = summariseTrials(trials);
    const b = summariseTrials(base.leftOut.get(model) as AudienceTrial[]);
    if (s.meanWidth >= b.meanWidth)
      failures.push(`(d') ${model} width ${pp(b.meanWidth)} -> ${pp(s.meanWidth)} pp`);
  }
  console.log(
    `\nsecond experiment, upper-mix-reading against upper: ${failures.length === 0 ? "criteria (a')-(d') all met: it replaces upper" : `criteria missed: ${failures.join('; ')}; upper stays`}`,
  );
}

// Where the point reading missed: the same audiences under each reading (the draws depend on the rows' classes only).
console.log('\n## where the point reading missed, and the upper reading on the same audiences');
const upperRun = measured.get('upper') as Measured;
for (const [model, trials] of shipped.leftOut) {
  const upperTrials = upperRun.leftOut.get(model) as AudienceTrial[];
  const missed = trials.flatMap((trial, i) =>
    holdsOnUnseen(trial) ? [] : [{ trial, upper: upperTrials[i] as AudienceTrial }],
  );
  for (const key of [...new Set(missed.map(({ trial }) => `${trial.group}\t${trial.truth}`))]) {
    const [group, truth] = key.split('\t') as [string, string];
    const all = trials.filter((trial) => trial.group === group && String(trial.truth) === truth);
    const here = missed.filter(({ trial }) => trial.group === group && String(trial.truth) === truth);
    const range = (values: number[]) => `${pct(Math.min(...values))}–${pct(Math.max(...values))}`;
    console.log(
      `${model} without ${group}, ${pct(Number(truth))} fake (${all[0]?.size} followers, ${new Set(all.map((trial) => trial.estimate)).size} distinct audiences): missed ${here.length} of ${all.length}; estimate ${range(here.map(({ trial }) => trial.estimate))}; point reading bounds ${range(here.map(({ trial }) => trial.boundedShare))}, interval low ${range(here.map(({ trial }) => trial.low))}, high ${range(here.map(({ trial }) => trial.high))}; upper reading bounds ${range(here.map(({ upper }) => upper.boundedShare))}, low ${range(here.map(({ upper }) => upper.low))}, high ${range(here.map(({ upper }) => upper.high))}, holds ${here.filter(({ upper }) => holdsOnUnseen(upper)).length} of ${here.length}`,
    );
  }
}

const best = passing.sort((a, b) => a.width - b.width)[0];
console.log(
  best
    ? `\nships: ${best.name} (mean left-out width ${pp(best.width)} pp)`
    : '\nno candidate meets every criterion: none ships',
);
