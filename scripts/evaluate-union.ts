// Measures a candidate p(fake) for X — the noisy-or union of the two bundled kind models, calibrated — with the card the audit's estimator reads built from out-of-fold scores, and the fake share it gives on x's cross-fitted audiences beside the bundled x's. Measures only; ships nothing.
//
// Cross-fit, on x's own training rows and folds (models/x.config.json: seed, 5 stratified folds): in each fold, each
// kind model's config (models/x-fake-follower.config.json, models/x-spam-bot.config.json: features, parameters,
// monotone signs, seed) is trained on the fold's training part restricted to its own classes (fakes + humans; spam
// bots + humans) and calibrated on the trainer's early-stopping holdout within that part (trainCalibratedGbdt, as the
// leave-one-collection-out comparisons do); the held-out fold gets 1 - (1 - p_fake follower)(1 - p_spam bot). The
// union's calibration is then cross-fitted like a bundled model's (crossFittedProbabilities: each fold calibrated by
// a calibration fitted on the other folds' union scores), and the card fields the estimator reads — training prior,
// reliability bins, score components per training part — are built from those probabilities by the trainer's own
// functions. Domain profile and feature parts are x's (the same rows and features). The audiences are the accuracy
// evaluation's pooled plan for x (POOLED_PLAN: 40 audiences at each of 0, 5, 30, 60, 100 % fake, 1,000 followers),
// estimated by the audit's estimator with the feature shift test, exactly as `realreach eval --only accuracy` does
// for the bundled x (whose cross-fitted pool is read from the same cache).
//
// Criteria, written before the first run of this script:
//  (a) leave-one-collection-out ranking (src/model/evaluation/pfake-mixes.ts, `node --import tsx
//      scripts/evaluate-kinds.ts`): the union's mean ROC AUC on the bought-follower tests must be >= x-today's (the
//      fixed PFAKE_CRITERION), and its spam-bot mean >= x-today's - 0.02. With --loco this script reruns that
//      comparison for x-today and the union alone (the kind candidates the kind comparisons chose, named in
//      models/x-fake-follower.config.json and models/x-spam-bot.config.json); without it, read it from that command.
//  (b) fake share on x's pooled cross-fitted audiences with the union's card: mean absolute error <= 2 pp and 95 %
//      interval coverage >= 93 % over the 200 audiences (issue 9's bar, the bar the bundled x meets).
//  Shipping needs both; either failing keeps x as it is.
//
// Usage: nice -n 10 node --import tsx scripts/evaluate-union.ts [--loco] [datasets root] > union.json   (progress on stderr)
import { resolve } from 'node:path';
import { POOLED_PLAN, pooledAccuracy, renderPooledTable } from '../src/audit/accuracy/accuracy-evaluation.ts';
import { bundledConfig, crossFittedPool, poolFeatures } from '../src/audit/accuracy/scored-pools.ts';
import { fitCalibration } from '../src/model/calibrate.ts';
import { stratifiedFolds } from '../src/model/cross-validate.ts';
import { unlikeness } from '../src/model/domain-profile.ts';
import { trainCalibratedGbdt } from '../src/model/evaluation/calibrated-gbdt.ts';
import { readEvaluationData } from '../src/model/evaluation/evaluation-data.ts';
import { comparePFakeCandidates, type PFakeComparison } from '../src/model/evaluation/pfake-mixes.ts';
import { readLabelledDatasets } from '../src/model/labelled-data.ts';
import { selectRows } from '../src/model/labelled-matrix.ts';
import { summariseMetrics } from '../src/model/metric-summary.ts';
import { type ModelFile, readModelFile } from '../src/model/model-file.ts';
import {
  crossFittedProbabilities,
  featureSetOf,
  reliabilityTable,
  SUSPICIOUS_THRESHOLD,
  scoreComponents,
  toLabelledMatrix,
  trainingParams,
} from '../src/model/train-model.ts';

const args = process.argv.slice(2);
const loco = args.includes('--loco');
const root = resolve(
  args.find((arg) => arg !== '--loco') ?? resolve(import.meta.dirname, '..', '..', 'shared', 'datasets'),
);
const started = Date.now();
const log = (line: string) =>
  process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${line}\n`);

const xConfig = await bundledConfig('x');
const xModel = await readModelFile('x');
const labelled = await readLabelledDatasets(xConfig.datasets, root);
const xSet = featureSetOf(xConfig);
const { data: xData, rows: xRows } = toLabelledMatrix(labelled.accounts, labelled.labels, xSet, xConfig);
const folds = stratifiedFolds(xData.labels, xConfig.folds, xConfig.seed);
const foldCount = xConfig.folds;
log(`x: ${xRows.length} rows, ${foldCount} folds`);

/**
 * Out-of-fold calibrated p of one bundled config whose classes are among x's (a kind model, or x itself), for every x
 * row (each scored by a copy that never saw its fold).
 */
async function kindOutOfFold(name: string): Promise<Float64Array> {
  const config = await bundledConfig(name);
  const featureSet = featureSetOf(config);
  const params = trainingParams(config, featureSet);
  // The kind's own rows (its classes) and every x row, in the kind's feature set.
  const { data, rows: kindRows } = toLabelledMatrix(labelled.accounts, labelled.labels, featureSet, config);
  const foldOfLabelled = new Map(xRows.map((row, i) => [row, folds[i] as number]));
  const all = toLabelledMatrix(labelled.accounts, labelled.labels, featureSet, xConfig).data;
  const out = new Float64Array(xRows.length);
  for (let fold = 0; fold < foldCount; fold++) {
    const fit: number[] = [];
    kindRows.forEach((row, i) => {
      const rowFold = foldOfLabelled.get(row);
      if (rowFold === undefined) throw new Error(`${name}: row ${row} is not one of x's rows`);
      if (rowFold !== fold) fit.push(i);
    });
    const test: number[] = [];
    for (let i = 0; i < xRows.length; i++) if (folds[i] === fold) test.push(i);
    log(`${name}: fold ${fold + 1}/${foldCount}, training on ${fit.length} rows`);
    const model = trainCalibratedGbdt(selectRows(data, fit), params, config.seed);
    const p = model.probabilities(selectRows(all, test).matrix);
    test.forEach((i, k) => {
      out[i] = p[k] as number;
    });
  }
  return out;
}

const fakeFollower = await kindOutOfFold('x-fake-follower');
const spamBot = await kindOutOfFold('x-spam-bot');
const raw = fakeFollower.map((p, i) => 1 - (1 - p) * (1 - (spamBot[i] as number)));
// The union's margin: its log-odds (clamped), which the calibration maps to a probability.
const logit = (p: number) => {
  const q = Math.min(1 - 1e-9, Math.max(1e-9, p));
  return Math.log(q / (1 - q));
};
const margins = raw.map(logit);
const probabilities = crossFittedProbabilities(margins, xData.labels, folds, xConfig.seed);
const calibration = fitCalibration(margins, xData.labels, xConfig.seed);
const collections = xRows.map((row) => labelled.collections[row] as string);
const positives = xData.labels.reduce((sum, label) => sum + label, 0);

const unionModel: ModelFile = {
  ...xModel,
  calibration,
  card: {
    ...xModel.card,
    trainingPositiveShare: Math.round((positives / xData.labels.length) * 1e6) / 1e6,
    crossValidated: summariseMetrics(probabilities, xData.labels, SUSPICIOUS_THRESHOLD),
    reliability: reliabilityTable(probabilities, xData.labels),
    scoreComponents: scoreComponents(probabilities, xData.labels, collections),
  },
};
const width = xData.nFeatures;
const unionPool = {
  model: unionModel,
  p: Array.from(probabilities),
  unlike: xRows.map((_, i) =>
    unlikeness(xModel.domain, xData.matrix, i * width) > xModel.domain.threshold ? 1 : 0,
  ),
  fake: Array.from(xData.labels),
  collection: collections,
};

log('fake share: the bundled x (cross-fitted pool, cached) and the union, on the same audiences');
const features = await poolFeatures('x', root);
const xPool = await crossFittedPool('x', root);
const xAccuracy = pooledAccuracy('x', xPool, features.crossFitted);
const unionAccuracy = pooledAccuracy('x', unionPool, features.crossFitted);

const uncalibratedAuc = summariseMetrics(raw, xData.labels, SUSPICIOUS_THRESHOLD).rocAuc;
// The bundled x's config cross-fitted by the same trainer as the union's parts: an in-distribution ROC AUC comparable
// with the union's (the bundled x's card comes from the training command's trainer, without early stopping).
const xSameTrainer = summariseMetrics(await kindOutOfFold('x'), xData.labels, SUSPICIOUS_THRESHOLD).rocAuc;
/** The kind candidates the kind comparisons chose (EVALUATION.md, "Per-kind models"; the kind configs' mixRationale). */
const CHOSEN_KINDS = { fake: 'every-human', bot: 'spam-and-every-human-general-monotone-depth3' };
let ranking: PFakeComparison | undefined;
if (loco) {
  log('leave-one-collection-out: x-today and the union');
  ranking = comparePFakeCandidates(await readEvaluationData(root), CHOSEN_KINDS, log, [
    'x-today',
    'union-of-kinds',
  ]);
}
const meetsRanking = (comparison: PFakeComparison) => {
  const [x, union] = ['x-today', 'union-of-kinds'].map((name) =>
    comparison.results.find((result) => result.candidate === name),
  );
  return (union?.fakeMean ?? -1) >= (x?.fakeMean ?? 2) && (union?.botMean ?? -1) >= (x?.botMean ?? 2) - 0.02;
};
const meets = (summary: { meanAbsoluteError: number; coverage: number }) =>
  summary.meanAbsoluteError <= 0.02 && summary.coverage >= 0.93;
const result = {
  ranking: ranking && { ...ranking, unionMeetsCriterion: meetsRanking(ranking) },
  plan: POOLED_PLAN,
  crossValidated: { x: xModel.card.crossValidated, union: unionModel.card.crossValidated },
  unionUncalibratedRocAuc: uncalibratedAuc,
  xSameTrainerRocAuc: xSameTrainer,
  unionCalibration: calibration.kind,
  fakeShare: {
    x: { overall: xAccuracy.overall, byShare: xAccuracy.byShare, meetsBar: meets(xAccuracy.overall) },
    union: {
      overall: unionAccuracy.overall,
      byShare: unionAccuracy.byShare,
      meetsBar: meets(unionAccuracy.overall),
    },
  },
  tables: { x: renderPooledTable(xAccuracy), union: renderPooledTable(unionAccuracy) },
  seconds: Math.round((Date.now() - started) / 1000),
};
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
