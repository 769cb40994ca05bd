// Audiences under 50 followers, where EM alone is the estimate: the shipped interval against the parts' mix carried into it, measured on the eval's audiences: node --import tsx scripts/evaluate-small-audiences.ts [datasets] [--pooled-only].
//
// Why (session 8): a first-time user's thin CSV (counts and dates only) of the demo's first 50 followers read 29.3 %
// fake (1.9-38.8 %), the parts' mix; with one follower less it read 11.9 % (2.1-21.6 %), EM alone, whose interval
// missed the truth (30.6 %). Under MIN_MIX_FOLLOWERS (50) the mix is not the estimate — its accuracy was never
// measured there — and the feature shift test has little power, so nothing widens EM's interval when the scores'
// calibration is off for these followers. At 50 and more the interval carries EM's reach around the mix too.
//
// Candidate 'interval' (src/audit/fake-share/fake-share-estimate.ts, `smallMix`): under 50 followers EM stays the estimate and
// the interval also carries its reach around the mix, as from 50 on. It can only widen the interval.
//
// Criteria, fixed before the first run (2026-11-30, 13:10 UTC), at audiences of 20, 35 and 49 followers:
// (a) in-distribution (cross-fitted, the pooled rows of x, instagram and general; 40 audiences per share of 0, 5,
//     30, 60 and 100 % fake where the rows allow): the mean interval width at most 5 pp above shipped's, for every
//     model and size;
// (b) left out (x and general, each collection they train on left out of training, 20 audiences per share): the share
//     of audiences whose interval covers the truth or whose estimate is within 5 pp at least shipped's for every model
//     and size, and over all of them at least 2 pp above shipped's (a smaller gain is not worth the width).
// The candidate ships as the audit's rule only if (a) and (b) hold.
//
// First run (13:09-13:18 UTC, load 5-8): (b) met — left out, covered or within 5 pp, x 90.9/94.1/91.6 % ->
// 93.6/99.1/98.6 %, general 76.4/84.2/86.4 % -> 87.8/94.4/95.9 % (20/35/49 followers), +8.15 pp over all 3,240
// audiences — but (a) missed by 0.18 pp: general's in-distribution width at 20 followers rose 5.18 pp (21.46 ->
// 26.64; x +4.79, instagram +1.84). Not shipped, by the rule fixed first. What it shows: under 50 followers the
// shipped interval misses issue 9's 93 % on unseen audiences (x 90.9-94.1 %, general 76.4-86.4 %).
import { resolve } from 'node:path';
import { closeOrCovered, planFor, SHIFT_MODELS } from '../src/audit/accuracy/accuracy-evaluation.ts';
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

const root = resolve(
  process.argv.slice(2).find((arg) => !arg.startsWith('--')) ??
    resolve(import.meta.dirname, '..', '..', 'shared', 'datasets'),
);
const SIZES = [20, 35, 49];
const pct = (share: number) => `${(share * 100).toFixed(1)} %`;
const pp = (share: number) => (share * 100).toFixed(2);
const held = (trials: readonly AudienceTrial[]) => trials.filter(closeOrCovered).length / trials.length;

const failures: string[] = [];
for (const model of ['x', 'instagram', 'general']) {
  const pool = await crossFittedPool(model, root);
  const features = await poolFeatures(model, root);
  for (const size of SIZES) {
    const plan = { ...planFor(model), size, replicates: 500 };
    const shipped = runTrials(pool, 'pooled', rowsOf(pool), plan, features.crossFitted);
    const candidate = runTrials(pool, 'pooled', rowsOf(pool), plan, features.crossFitted, (input) => ({
      ...input,
      smallMix: 'interval',
    }));
    const s = summariseTrials(shipped);
    const c = summariseTrials(candidate);
    console.log(
      `in-distribution ${model}, ${size} followers (${shipped.length} audiences): shipped MAE ${pp(s.meanAbsoluteError)} pp, coverage ${pct(s.coverage)}, width ${pp(s.meanWidth)} pp | candidate coverage ${pct(c.coverage)}, width ${pp(c.meanWidth)} pp`,
    );
    if (c.meanWidth > s.meanWidth + 0.05)
      failures.push(`(a) ${model} ${size}: width +${pp(c.meanWidth - s.meanWidth)} pp`);
  }
}

if (!process.argv.includes('--pooled-only')) {
  let shippedHeld = 0;
  let candidateHeld = 0;
  let total = 0;
  for (const model of SHIFT_MODELS) {
    const config = await bundledConfig(model);
    const features = await poolFeatures(model, root);
    const collections = [...new Set(config.datasets.map((dataset) => dataset.collection))];
    for (const size of SIZES) {
      const shipped: AudienceTrial[] = [];
      const candidate: AudienceTrial[] = [];
      for (const collection of collections) {
        const left = await leftOutPool(config, collection, root);
        const plan = { audiences: 20, size, seed: 20261130, replicates: 500 };
        shipped.push(...runTrials(left, collection, rowsOf(left), plan, features.leftOut(collection)));
        candidate.push(
          ...runTrials(left, collection, rowsOf(left), plan, features.leftOut(collection), (input) => ({
            ...input,
            smallMix: 'interval',
          })),
        );
      }
      const s = summariseTrials(shipped);
      const c = summariseTrials(candidate);
      console.log(
        `left out ${model}, ${size} followers (${shipped.length} audiences): covered or within 5 pp ${pct(held(shipped))} -> ${pct(held(candidate))}; coverage ${pct(s.coverage)} -> ${pct(c.coverage)}; width ${pp(s.meanWidth)} -> ${pp(c.meanWidth)} pp; MAE ${pp(s.meanAbsoluteError)} pp`,
      );
      if (held(candidate) < held(shipped)) failures.push(`(b) ${model} ${size}`);
      shippedHeld += held(shipped) * shipped.length;
      candidateHeld += held(candidate) * candidate.length;
      total += shipped.length;
    }
  }
  const gain = (candidateHeld - shippedHeld) / total;
  console.log(`left out, all ${total} audiences: covered or within 5 pp +${pp(gain)} pp`);
  if (gain < 0.02) failures.push(`(b) overall gain ${pp(gain)} pp < 2 pp`);
}
console.log(
  failures.length === 0
    ? '\ncriteria (a) and (b) met: the candidate ships'
    : `\ncriteria missed: ${failures.join('; ')}: the audit keeps EM alone under 50 followers`,
);
