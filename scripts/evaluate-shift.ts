// The feature shift test's discrimination alone — left-out vs in-distribution audiences, the same seeded audiences `realreach eval` draws — without training the left-out models (the test reads features, never scores): node --import tsx scripts/evaluate-shift.ts [datasets] [--interval].
//
// Then the split-half null (audience-trials.ts, splitHalfTrials), which `realreach eval` reports too.
//
// With --interval it also estimates the left-out audiences (the left-out models trained, or read from the cache
// `realreach eval` fills) and reports issue 9's unseen-audience criterion for the interval the audit ships — within
// 5 points, or (covered and the test fired) — with the interval's mean width, over all and per left-out collection;
// then the same for an interval that bounds the sum of the significant features' misfits instead of the largest (the
// assumption-free size of their union), measured to show what it would cost, not shipped.
import { resolve } from 'node:path';
import { COLLECTION_PLAN, SHIFT_MODELS } from '../src/audit/accuracy/accuracy-evaluation.ts';
import {
  type AudienceTrial,
  covers,
  featureShiftTrials,
  rowsOf,
  runTrials,
  splitHalfTrials,
} from '../src/audit/accuracy/audience-trials.ts';
import { bundledConfig, leftOutPool, poolFeatures } from '../src/audit/accuracy/scored-pools.ts';
import { rocAuc } from '../src/model/metrics/metrics.ts';

const args = process.argv.slice(2);
const withInterval = args.includes('--interval');
const root = resolve(
  args.find((arg) => !arg.startsWith('--')) ?? resolve(import.meta.dirname, '..', '..', 'shared', 'datasets'),
);
const pct = (share: number) => `${(share * 100).toFixed(1)} %`;

for (const model of SHIFT_MODELS) {
  const features = await poolFeatures(model, root);
  const crossFitted = features.crossFitted;
  const inDistribution = [
    ...featureShiftTrials(crossFitted, 'pooled', rowsOf(crossFitted), COLLECTION_PLAN),
    ...[...new Set(crossFitted.collection)].flatMap((collection) =>
      featureShiftTrials(crossFitted, collection, rowsOf(crossFitted, [collection]), COLLECTION_PLAN),
    ),
  ];
  const config = await bundledConfig(model);
  const leftOut = [...new Set(config.datasets.map((dataset) => dataset.collection))].flatMap((collection) => {
    const left = features.leftOut(collection);
    return featureShiftTrials(left, collection, rowsOf(left), COLLECTION_PLAN);
  });
  const all = [...inDistribution, ...leftOut];
  const auc = rocAuc(
    all.map((trial) => trial.statistic),
    all.map((_, i) => (i < inDistribution.length ? 0 : 1)),
  );
  const fired = (trials: typeof all) => trials.filter((trial) => trial.fires).length / trials.length;
  console.log(
    `${model}: ${inDistribution.length} in-distribution, ${leftOut.length} left-out audiences; ROC AUC ${auc.toFixed(3)}, false alarms ${pct(fired(inDistribution))}, fires on left-out ${pct(fired(leftOut))}`,
  );
  for (const [kind, trials] of [
    ['in-distribution', inDistribution],
    ['left out', leftOut],
  ] as const)
    for (const group of [...new Set(trials.map((trial) => trial.group))]) {
      const part = trials.filter((trial) => trial.group === group);
      const kept = part.filter((trial) => trial.largestPartTaken <= 0.5);
      console.log(
        `  ${kind.padEnd(15)} ${group.padEnd(18)} ${String(part.length).padStart(4)} fires ${pct(fired(part))}` +
          (kind === 'in-distribution'
            ? `; ${kept.length} taking at most half of every part: fires ${kept.length ? pct(fired(kept)) : '—'}`
            : ''),
      );
    }
  const whole = inDistribution.filter((trial) => trial.largestPartTaken >= 1);
  const partial = inDistribution.filter((trial) => trial.largestPartTaken < 1);
  console.log(
    `  in-distribution audiences that took a whole part (its kind is then absent from the parts tested against): ${whole.length}, fires ${pct(fired(whole))}; the others: ${partial.length}, false alarms ${pct(fired(partial))}, ROC AUC against left-out ${rocAuc(
      [...partial, ...leftOut].map((trial) => trial.statistic),
      [...partial, ...leftOut].map((_, i) => (i < partial.length ? 0 : 1)),
    ).toFixed(3)}`,
  );
  const kept = inDistribution.filter((trial) => trial.largestPartTaken <= 0.5);
  const keptAll = [...kept, ...leftOut];
  console.log(
    `  in-distribution audiences taking at most half of every part: ${kept.length}, false alarms ${pct(fired(kept))}, ROC AUC against left-out ${rocAuc(
      keptAll.map((trial) => trial.statistic),
      keptAll.map((_, i) => (i < kept.length ? 0 : 1)),
    ).toFixed(3)}`,
  );
  const splitNull = splitHalfTrials(crossFitted, COLLECTION_PLAN);
  const splitAll = [...splitNull, ...leftOut];
  console.log(
    `  split halves: ${splitNull.length} in-distribution audiences from half B against half A's parts: false alarms ${pct(fired(splitNull))}, ROC AUC against left-out ${rocAuc(
      splitAll.map((trial) => trial.statistic),
      splitAll.map((_, i) => (i < splitNull.length ? 0 : 1)),
    ).toFixed(3)}`,
  );
  for (const group of [...new Set(splitNull.map((trial) => trial.group))]) {
    const part = splitNull.filter((trial) => trial.group === group);
    console.log(`    ${group.padEnd(18)} ${String(part.length).padStart(4)} fires ${pct(fired(part))}`);
  }
  if (!withInterval) continue;
  const estimated: AudienceTrial[] = [];
  const summed: AudienceTrial[] = [];
  for (const collection of [...new Set(config.datasets.map((dataset) => dataset.collection))]) {
    const pool = await leftOutPool(config, collection, root);
    const left = features.leftOut(collection);
    estimated.push(...runTrials(pool, collection, rowsOf(pool), COLLECTION_PLAN, left));
    summed.push(
      ...runTrials(pool, collection, rowsOf(pool), COLLECTION_PLAN, left, (input) => ({
        ...input,
        boundedShare: (shift) => Math.max(shift.misfit, shift.feature?.significantMisfitSum ?? 0),
      })),
    );
  }
  const close = (trial: AudienceTrial) => Math.abs(trial.estimate - trial.truth) <= 0.05 + 1e-9;
  const holds = (trial: AudienceTrial) => (close(trial) || covers(trial)) && (trial.fires || close(trial));
  const summary = (trials: AudienceTrial[]) =>
    `criterion holds ${pct(trials.filter(holds).length / trials.length)}, mean width ${(
      (trials.reduce((sum, trial) => sum + trial.high - trial.low, 0) / trials.length) * 100
    ).toFixed(1)} pp, fired ${pct(trials.filter((trial) => trial.fires).length / trials.length)}`;
  console.log(`  left-out audiences estimated: ${estimated.length}; ${summary(estimated)}`);
  for (const group of [...new Set(estimated.map((trial) => trial.group))]) {
    const part = estimated.filter((trial) => trial.group === group);
    console.log(`    ${group.padEnd(18)} ${String(part.length).padStart(4)} ${summary(part)}`);
  }
  console.log(
    `  measured, not shipped — bounding the sum of the significant features' misfits (at most 1: each follower off a different feature) instead of the largest: ${summary(summed)}`,
  );
  for (const group of [...new Set(summed.map((trial) => trial.group))]) {
    const part = summed.filter((trial) => trial.group === group);
    console.log(`    ${group.padEnd(18)} ${String(part.length).padStart(4)} ${summary(part)}`);
  }
}
