// Re-measures the criterion the union of the kind models was held to before it shipped as the bundled x (p(fake) = calibrated noisy-or of x-fake-follower and x-spam-bot), with the shipped model: measures only.
//
// Criteria, written before the union's first measurement (when x was one model, "x-today"):
//  (a) leave-one-collection-out ranking (src/model/evaluation/mixes/pfake-mixes.ts, with --loco): the union's mean ROC AUC
//      on the bought-follower tests must be >= x-today's (the fixed PFAKE_CRITERION), and its spam-bot mean >=
//      x-today's - 0.02. Both candidates are trained there from the candidate definitions (x-today: bought fakes and
//      spam bots against every human, all features), not read from models/.
//  (b) fake share on the bundled x's pooled cross-fitted audiences (POOLED_PLAN: 40 audiences at each of 0, 5, 30,
//      60, 100 % fake, 1,000 followers), estimated by the audit's estimator with the feature shift test, exactly as
//      `realreach eval --only accuracy` does: mean absolute error <= 2 pp and 95 % interval coverage >= 93 %.
// (b) held; (a) was missed on bought followers by 0.0013 (0.9712 vs 0.9725). The union shipped anyway, a decision made
// after seeing the numbers, with its reasons in models/x.config.json (`unionRationale`) and EVALUATION.md ("What p(fake)
// is for X"). The cross-fitted pool is the shipped union's: its members cross-fitted on their own folds, each x row
// scored by a copy of each member that never trained on it, the union's calibration cross-fitted on x's folds
// (src/model/training/train-model-file.ts); cached like every bundled model's pool.
//
// Usage: nice -n 10 node --import tsx scripts/evaluate-union.ts [--loco] [datasets root] > union.json   (progress on stderr)
import { resolve } from 'node:path';
import { POOLED_PLAN, pooledAccuracy, renderPooledTable } from '../src/audit/accuracy/accuracy-evaluation.ts';
import { crossFittedPool, poolFeatures } from '../src/audit/accuracy/scored-pools.ts';
import { readEvaluationData } from '../src/model/evaluation/evaluation-data.ts';
import { comparePFakeCandidates, type PFakeComparison } from '../src/model/evaluation/mixes/pfake-mixes.ts';
import { readModelFile } from '../src/model/model-file.ts';

const args = process.argv.slice(2);
const loco = args.includes('--loco');
const root = resolve(
  args.find((arg) => arg !== '--loco') ?? resolve(import.meta.dirname, '..', '..', 'shared', 'datasets'),
);
const started = Date.now();
const log = (line: string) =>
  process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${line}\n`);

const xModel = await readModelFile('x');
if (xModel.members === undefined) throw new Error('the bundled x is not a union: nothing to re-measure');

log('fake share: the bundled x (the union), cross-fitted (cached after the first run)');
const features = await poolFeatures('x', root);
const accuracy = pooledAccuracy('x', await crossFittedPool('x', root), features.crossFitted);

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
  return {
    bought: (union?.fakeMean ?? -1) >= (x?.fakeMean ?? 2),
    spam: (union?.botMean ?? -1) >= (x?.botMean ?? 2) - 0.02,
  };
};
const result = {
  ranking: ranking && { ...ranking, unionMeetsCriterion: meetsRanking(ranking) },
  plan: POOLED_PLAN,
  members: xModel.members,
  crossValidated: xModel.card.crossValidated,
  calibration: xModel.calibration.kind,
  fakeShare: {
    overall: accuracy.overall,
    byShare: accuracy.byShare,
    meetsBar: accuracy.overall.meanAbsoluteError <= 0.02 && accuracy.overall.coverage >= 0.93,
  },
  table: renderPooledTable(accuracy),
  seconds: Math.round((Date.now() - started) / 1000),
};
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
