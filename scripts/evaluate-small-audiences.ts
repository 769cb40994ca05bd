// Audiences under 50 followers, where EM alone is the estimate: the shipped interval against candidate rules that widen it, measured on the eval's audiences: node --import tsx scripts/evaluate-small-audiences.ts [datasets] [--pooled-only | --left-out-only] [--candidates disagreement,covariate | interval | unexplained | none] [--misses] (shipped's left-out misses by collection and true share).
//
// Why (session 8): a first-time user's thin CSV (counts and dates only) of the demo's first 50 followers read 29.3 %
// fake (1.9-38.8 %), the parts' mix; with one follower less it read 11.9 % (2.1-21.6 %), EM alone, whose interval
// missed the truth (30.6 %). Under MIN_MIX_FOLLOWERS (50) the mix is not the estimate — its accuracy was never
// measured there — and the feature shift test has little power, so nothing widens EM's interval when the scores'
// calibration is off for these followers. At 50 and more the interval carries EM's reach around the mix too.
//
// Candidate 'interval' (src/audit/fake-share/fake-share-estimate.ts, `smallAudience`, then `smallMix`): under 50 followers EM stays the estimate and
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
//
// Second run (2026-11-30; candidates and criteria written here before it ran, knowing the first run's figures).
// Why small audiences miss on collections the model never saw: EM's interval holds the sampling of the followers'
// scores, their own outcomes and the model's validation errors, all under the model's calibration; on a population it
// never saw that calibration is off, and nothing says so under 50 followers — the feature shift test, which widens
// the interval from 50 on, has little power on 20-49 followers (its firing rate on these audiences is printed below,
// as information). Why the first candidate cost width in-distribution: fitted on 20 followers over every training
// part, the mix strays from EM by its own noise, and carrying EM's whole reach around it adds that noise to every
// interval, including those where the two agree.
// Candidates (FakeShareInput's `smallAudience`; EM stays the estimate in both; each can only widen the interval):
// - 'disagreement': EM's reach carried around the parts' mix (as 'interval') only when the mix lies outside EM's
//   interval — when the two readings disagree beyond EM's own error, one of them is wrong and which is unknown; a
//   disagreement EM's error explains is no evidence that its calibration is off.
// - 'covariate': the interval also spans the mean calibrated p (the covariate-shift estimate: each account's p(fake)
//   holds, only which accounts appear changed) with EM's statistical reach around it — what the shifted interval
//   does when the test fires, less its bound on the unexplained followers, which 20-49 followers cannot measure.
// Criteria, the first run's, for each candidate: (a) in-distribution, for every model and size, the mean interval
// width at most 5 pp above shipped's and the coverage not below shipped's; (b) left out, for every model and size,
// covered or within 5 pp at least shipped's, and over all left-out audiences at least 2 pp above shipped's.
// Choice, fixed now: of the candidates meeting (a) and (b), the one with the smallest in-distribution mean width
// (the mean over every model and size) becomes the audit's rule under 50 followers; if none meets them, the audit
// keeps EM alone. Printed besides, deciding nothing: whether issue 9's 93 % is reached at each model and size, the
// shift test's firing rate, and issue 9's full criterion for unseen audiences (covered or within 5 pp, and flagged
// whenever more than 5 pp off).
//
// Second run (14:53-15:02 UTC, load 7-11; shipped's figures identical to the first run's): neither candidate met the
// criteria; the audit keeps EM alone under 50 followers.
// - 'disagreement' met (a) — in-distribution width +0.87/+0.98/+1.00 pp (x, 20/35/49 followers), +0.07/+0.14/+0.03
//   (instagram), +0.99/+1.65/+1.21 (general); coverage nowhere lower — but missed (b) by 0.09 pp: left out, covered or
//   within 5 pp x 90.9/94.1/91.6 % -> 91.8/94.3/91.6 %, general 76.4/84.2/86.4 % -> 80.9/87.0/88.0 %, +1.91 pp over
//   all 3,240 audiences (the first run's 'interval': +8.15 pp at up to +5.18 pp of width).
// - 'covariate' missed both: width up to +7.75 pp (x at 49 followers; general +5.33/+7.01/+7.70), gain +0.80 pp.
// What it shows (deciding nothing): the premise that the shift test is silent under 50 followers is wrong. On the
// left-out audiences it fired on 75.7/89.3/92.3 % (x) and 56.3/84.2/90.3 % (general) at 20/35/49 followers, and the
// shipped intervals there are already 63-86 pp wide on average; in-distribution it fired on 0-2 %. The misses are
// audiences that even the shifted interval does not reach (and, for issue 9's full criterion, the 7-40 % of those
// more than 5 pp off on which it does not fire: x 85.9/90.0/88.4 %, general 69.7/81.7/84.4 % hold it). Where they
// are: `--misses` (below).
// Where shipped misses, left out (`--left-out-only --candidates none --misses`, 15:03-15:07 UTC, load 8-11), of
// 442 misses over the 3,240 audiences (x 40/26/37, general 151/101/87 at 20/35/49 followers):
// - 185 where the test fired, every one an audience of bots the model scores human at 100 % fakes (x: pronbots-2019
//   4/14/19 of 20, TwiBot-22 0/5/10, cresci-2017 0/0/1; general: cresci-2017 20/20/20, pronbots-2019 13/20/20,
//   TwiBot-22 0/6/8, cresci-2015 1/3/1): estimate 0-40 %, the shifted interval's top at 89-99.9 % on average. It bounds the share of
//   followers unexplained on the significant features only, and at 20-49 followers few are significant.
// - 257 where it did not fire, at every share: general on TwiBot-22 (36/25/28), cresci-stock-2018 (35/16/2),
//   cresci-2017 (25/3/1), cresci-2015 (10/0/0), Kaggle Instagram (9/8/7), InstaFake (2/0/0); x at 20 followers on
//   cresci-stock-2018 (19, read 16-42 % fake at 0-60 %), TwiBot-22 (9) and cresci-2017 (8), at 35/49 on TwiBot-22
//   (7/7). Off by 10-60 points on average per cell, with an in-distribution-sized interval and nothing said.
// Not tried here (each a candidate for a run with criteria fixed first): once the test has fired, bounding the
// followers unexplained on any feature read at its upper end, significant or not (significance decides whether to
// fire; the bound's triangle-inequality argument does not need it); for the silent misses, a caution in the headline
// under 50 followers (the test's power there is too low to say nothing) suggesting `realreach review`, which with so
// few followers can label them all.
//
// Third run (2026-11-30, 15:21 UTC; candidate and criteria written here before it ran). The candidate was shaped by
// the second run's `--misses`: every one of the 185 left-out misses on which the test fired is an audience of bots the
// model scores human at 100 % fakes, whose shifted interval stopped at 89-99.9 %; it is tried because of them.
// - 'unexplained' (`--candidates unexplained`): once the shift test has fired on fewer than MIN_MIX_FOLLOWERS (50)
//   followers, the shifted interval bounds the followers unexplained on ANY feature, each read at its upper end
//   (distance plus chance: FeatureShift's `anyMisfitUpper`), with the scores' (the larger of all), where shipped
//   bounds those unexplained on the significant features only. Significance decides whether to fire; the bound's
//   argument (by the triangle inequality the followers' population is at most that far from every mix of the parts,
//   and the followers no mix explains could be anything) does not need it, and at 20-49 followers few features are
//   significant. It changes nothing when the test does not fire; from 50 followers on it is not applied, so `npm run
//   eval`'s figures (audiences of 400-1,000) cannot change.
// Criteria: (a) in-distribution, for every model and size, coverage not below shipped's and the mean width at most 5 pp
// above it; (b) left out, for every model and size, issue 9's full criterion (covered or within 5 pp, and the shift
// test fired whenever more than 5 pp off) not below shipped's, and over all left-out audiences at least 2 pp above it.
// It ships as the audit's rule under 50 followers only if (a) and (b) hold.
// Printed besides, deciding nothing (the lead decided to ship it): issue 9's full criterion with the small-audience
// note (`tooFewToCheck`: under 50 followers, when the test did not fire, the headline says so few followers cannot be
// checked against the training data and suggests labelling them) counted as a warning, and how often that note shows
// on in-distribution audiences (on every one the test does not fire on: it depends on the size alone).
//
// Third run (15:21-15:34 UTC, load 3-9; shipped's figures identical to the first two runs'): 'unexplained' missed (b),
// so it is not shipped. (a) met: in-distribution coverage unchanged everywhere, width +0.00 to +0.12 pp (the test fires
// on 0-2 % there). (b): issue 9's full criterion, left out, x 85.9/90.0/88.4 % -> 85.9/90.7/88.6 %, general
// 69.7/81.7/84.4 % -> 69.7/82.0/85.0 % (20/35/49 followers), +0.31 pp over all 3,240 audiences (2 pp needed). Why it
// does so little (a look at general's cresci-2017 and pronbots-2019 audiences at 20 followers, printing the bounded
// share of each, not kept here): on the fired misses the largest feature distance is mostly already a significant
// feature's, so the bound seldom grows; their intervals stop short of 100 % because the bound's reading is itself below 1 — the rest of
// the followers look, on every feature, like some mix of the training parts, and are counted at their scores.
// The small-audience note, counted as a warning (it ships: README, "How the fake share and its interval are
// computed"): issue 9's full criterion on left-out audiences becomes covered or within 5 pp, x 90.9/94.1/91.6 %,
// general 76.4/84.2/86.4 % — short of 93 % because the misses are intervals that miss, not missing warnings. It
// shows on every in-distribution audience the test does not fire on: x 98.0/99.5/99.5 % (test fired 2.0/0.5/0.5 %),
// instagram 99.5/100.0/99.5 %, general 100.0/99.5/100.0 % at 20/35/49 followers. It tells no audience apart; it
// says what 20-49 followers cannot show.

import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import {
  closeOrCovered,
  headlineWarns,
  holdsOnUnseen,
  holdsOnUnseenWarnedBy,
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
import {
  type FakeShareInput,
  type SmallAudienceRule,
  tooFewToCheck,
} from '../src/audit/fake-share/fake-share-estimate.ts';
import { upperMisfit } from '../src/audit/fake-share/shift-test.ts';

/** The rules for the estimate's input, and 'unexplained' (third run), which the script sets through `boundedShare`. */
type Candidate = Exclude<SmallAudienceRule, 'none'> | 'unexplained';
const args = process.argv.slice(2);
const candidatesAt = args.indexOf('--candidates');
const root = resolve(
  args.find((arg, i) => !arg.startsWith('--') && i !== candidatesAt + 1) ??
    resolve(import.meta.dirname, '..', '..', 'shared', 'datasets'),
);
const CANDIDATES = (candidatesAt >= 0 ? (args[candidatesAt + 1] ?? '') : 'disagreement,covariate')
  .split(',')
  .filter((candidate) => candidate !== 'none') as Candidate[];
const MISSES = args.includes('--misses');
const SIZES = [20, 35, 49];
const pct = (share: number) => `${(share * 100).toFixed(1)} %`;
const pp = (share: number) => (share * 100).toFixed(2);
const rate = (trials: readonly AudienceTrial[], test: (trial: AudienceTrial) => boolean) =>
  trials.filter(test).length / trials.length;
const held = (trials: readonly AudienceTrial[]) => rate(trials, closeOrCovered);
/** Shipped's left-out audiences that are neither covered nor within 5 pp, by collection and true share. */
function missesOf(model: string, size: number, trials: readonly AudienceTrial[]): string {
  const cells = new Map<string, AudienceTrial[]>();
  for (const trial of trials) {
    const key = `${trial.group} at ${pct(trial.truth)}`;
    cells.set(key, [...(cells.get(key) ?? []), trial]);
  }
  const lines = [...cells].flatMap(([key, cell]) => {
    const missed = cell.filter((trial) => !closeOrCovered(trial));
    if (missed.length === 0) return [];
    const mean = (value: (trial: AudienceTrial) => number) =>
      pct(missed.reduce((sum, trial) => sum + value(trial), 0) / missed.length);
    const fired = missed.filter((trial) => trial.fires).length;
    return [
      `  ${key}: ${missed.length} of ${cell.length} missed (${fired} fired); mean estimate ${mean((trial) => trial.estimate)}, interval ${mean((trial) => trial.low)}-${mean((trial) => trial.high)}`,
    ];
  });
  return [`misses, left out ${model}, ${size} followers:`, ...lines].join('\n');
}
const started = Date.now();
const load = () => loadavg()[0]?.toFixed(1);
console.log(`candidates: ${CANDIDATES.join(', ')}; datasets ${root}; load ${load()}`);

const failures = new Map<string, string[]>(CANDIDATES.map((candidate) => [candidate, []]));
const widths = new Map<string, number[]>(CANDIDATES.map((candidate) => [candidate, []]));
const withRule =
  (rule: Candidate) =>
  (input: FakeShareInput): FakeShareInput =>
    rule === 'unexplained'
      ? {
          ...input,
          // every audience here is under 50 followers; the bound applies only when the test fires
          boundedShare: (shift) => Math.max(upperMisfit(shift), shift.feature?.anyMisfitUpper ?? 0),
        }
      : { ...input, smallAudience: rule };
const holdsWithNote = holdsOnUnseenWarnedBy(headlineWarns);

for (const model of args.includes('--left-out-only') ? [] : ['x', 'instagram', 'general']) {
  const pool = await crossFittedPool(model, root);
  const features = await poolFeatures(model, root);
  for (const size of SIZES) {
    const plan = { ...planFor(model), size, replicates: 500 };
    const shipped = runTrials(pool, 'pooled', rowsOf(pool), plan, features.crossFitted);
    const s = summariseTrials(shipped);
    const parts = [
      `in-distribution ${model}, ${size} followers (${shipped.length} audiences): shipped MAE ${pp(s.meanAbsoluteError)} pp, coverage ${pct(s.coverage)}, width ${pp(s.meanWidth)} pp, shift test fired ${pct(s.fired)}, small-audience note shown ${pct(rate(shipped, (trial) => tooFewToCheck(trial.size, trial.fires)))}`,
    ];
    for (const candidate of CANDIDATES) {
      const c = summariseTrials(
        runTrials(pool, 'pooled', rowsOf(pool), plan, features.crossFitted, withRule(candidate)),
      );
      parts.push(`${candidate} coverage ${pct(c.coverage)}, width ${pp(c.meanWidth)} pp`);
      widths.get(candidate)?.push(c.meanWidth);
      if (c.meanWidth > s.meanWidth + 0.05)
        failures.get(candidate)?.push(`(a) ${model} ${size}: width +${pp(c.meanWidth - s.meanWidth)} pp`);
      if (c.coverage < s.coverage) failures.get(candidate)?.push(`(a) ${model} ${size}: coverage fell`);
    }
    console.log(`${parts.join(' | ')}  [${((Date.now() - started) / 60000).toFixed(1)} min, load ${load()}]`);
  }
}

if (!process.argv.includes('--pooled-only')) {
  /** (b)'s measure: covered or within 5 pp for the first two runs' candidates, issue 9's full criterion for the third's. */
  const criterionOf = (candidate: Candidate) =>
    candidate === 'unexplained' ? holdsOnUnseen : closeOrCovered;
  const criterionName = (candidate: Candidate) =>
    candidate === 'unexplained' ? "issue 9's full criterion" : 'covered or within 5 pp';
  const shippedHeld = new Map<string, number>(CANDIDATES.map((candidate) => [candidate, 0]));
  const candidateHeld = new Map<string, number>(CANDIDATES.map((candidate) => [candidate, 0]));
  let total = 0;
  for (const model of SHIFT_MODELS) {
    const config = await bundledConfig(model);
    const features = await poolFeatures(model, root);
    const collections = [...new Set(config.datasets.map((dataset) => dataset.collection))];
    for (const size of SIZES) {
      const shipped: AudienceTrial[] = [];
      const candidates = new Map<string, AudienceTrial[]>(CANDIDATES.map((candidate) => [candidate, []]));
      for (const collection of collections) {
        const left = await leftOutPool(config, collection, root);
        const plan = { audiences: 20, size, seed: 20261130, replicates: 500 };
        shipped.push(...runTrials(left, collection, rowsOf(left), plan, features.leftOut(collection)));
        for (const candidate of CANDIDATES)
          candidates
            .get(candidate)
            ?.push(
              ...runTrials(
                left,
                collection,
                rowsOf(left),
                plan,
                features.leftOut(collection),
                withRule(candidate),
              ),
            );
      }
      if (MISSES) console.log(missesOf(model, size, shipped));
      const s = summariseTrials(shipped);
      const off = shipped.filter((trial) => Math.abs(trial.estimate - trial.truth) > 0.05 + 1e-9);
      const parts = [
        `left out ${model}, ${size} followers (${shipped.length} audiences): shipped covered or within 5 pp ${pct(held(shipped))}, coverage ${pct(s.coverage)}, width ${pp(s.meanWidth)} pp, MAE ${pp(s.meanAbsoluteError)} pp; shift test fired ${pct(s.fired)} (${pct(off.length === 0 ? 0 : rate(off, (trial) => trial.fires))} of the ${off.length} more than 5 pp off); issue 9's full criterion ${pct(rate(shipped, holdsOnUnseen))}, with the small-audience note counted as a warning ${pct(rate(shipped, holdsWithNote))}`,
      ];
      for (const candidate of CANDIDATES) {
        const trials = candidates.get(candidate) as AudienceTrial[];
        const c = summariseTrials(trials);
        const criterion = criterionOf(candidate);
        parts.push(
          `${candidate} covered or within 5 pp ${pct(held(trials))}${held(trials) >= 0.93 ? ' (>= 93 %)' : ''}, issue 9's full criterion ${pct(rate(trials, holdsOnUnseen))}, with the note ${pct(rate(trials, holdsWithNote))}, coverage ${pct(c.coverage)}, width ${pp(c.meanWidth)} pp`,
        );
        if (rate(trials, criterion) < rate(shipped, criterion))
          failures.get(candidate)?.push(`(b) ${model} ${size}`);
        candidateHeld.set(
          candidate,
          (candidateHeld.get(candidate) as number) + trials.filter(criterion).length,
        );
        shippedHeld.set(candidate, (shippedHeld.get(candidate) as number) + shipped.filter(criterion).length);
      }
      console.log(
        `${parts.join(' | ')}  [${((Date.now() - started) / 60000).toFixed(1)} min, load ${load()}]`,
      );
      total += shipped.length;
    }
  }
  for (const candidate of CANDIDATES) {
    const gain = ((candidateHeld.get(candidate) as number) - (shippedHeld.get(candidate) as number)) / total;
    console.log(`left out, all ${total} audiences: ${candidate} ${criterionName(candidate)} +${pp(gain)} pp`);
    if (gain < 0.02) failures.get(candidate)?.push(`(b) overall gain ${pp(gain)} pp < 2 pp`);
  }
}
const meanWidth = (candidate: string) => {
  const list = widths.get(candidate) as number[];
  return list.reduce((sum, width) => sum + width, 0) / list.length;
};
for (const candidate of CANDIDATES) {
  const missed = failures.get(candidate) as string[];
  console.log(
    `${candidate}: in-distribution mean width ${pp(meanWidth(candidate))} pp; ${missed.length === 0 ? 'criteria (a) and (b) met' : `missed: ${missed.join('; ')}`}`,
  );
}
const meeting = CANDIDATES.filter((candidate) => (failures.get(candidate) as string[]).length === 0).sort(
  (a, b) => meanWidth(a) - meanWidth(b),
);
console.log(
  meeting.length > 0
    ? `\nchosen (smallest in-distribution mean width of those meeting the criteria): ${meeting[0]}`
    : '\nno candidate meets the criteria: the audit keeps EM alone under 50 followers',
);
