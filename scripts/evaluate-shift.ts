// The feature shift test's discrimination alone — left-out vs in-distribution audiences, the same seeded audiences `realreach eval` draws — without training the left-out models (the test reads features, never scores): node --import tsx scripts/evaluate-shift.ts [datasets].
import { resolve } from 'node:path';
import { COLLECTION_PLAN, SHIFT_MODELS } from '../src/audit/accuracy/accuracy-evaluation.ts';
import { featureShiftTrials, rowsOf } from '../src/audit/accuracy/audience-trials.ts';
import { bundledConfig, poolFeatures } from '../src/audit/accuracy/scored-pools.ts';
import { rocAuc } from '../src/model/metrics.ts';

const root = resolve(process.argv[2] ?? resolve(import.meta.dirname, '..', '..', 'shared', 'datasets'));
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
}
