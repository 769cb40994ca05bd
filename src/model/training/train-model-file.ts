// Trains the model file a config describes — a GBDT of its own (train-model.ts), or the union of member kind models: the members trained on the union's rows, their out-of-fold noisy-or calibrated, and the union's card.
//
// A union (config `members`; the bundled x) is trained in one run with its members, so the union's calibration is
// fitted on scores of exactly the members it ships with:
// 1. The union's datasets are read once; each member is trained from its own config (models/<member>.config.json) on
//    them, as `realreach train --config` trains it alone — cross-fitted on its own folds, then its final trees.
// 2. Every union row gets each member's p from a copy of the member that never trained on it: for the member's own
//    rows (its classes: fakes + humans, spam bots + humans) its cross-fitted out-of-fold probability, the one its
//    card is built from; for the union's other rows (the other kind), which no copy of the member trained on, the
//    final member's.
// 3. The union margin logit(1 - Π(1 - p_k)) (logistic.ts, noisyOrMargin) is calibrated like a model's margin: the
//    card's metrics, reliability bins and score components from probabilities cross-fitted on the union's folds, the
//    shipped calibration fitted on every row. Domain profile and training parts are the union's rows'.
// A member whose kind has no rows in the union's datasets — a leave-one-collection-out run leaving out cresci-2015,
// the only collection of bought followers — cannot be trained: it is left out of the union (said in the log), which
// is then the union of the kinds the data hold, as a model that never saw that kind would be.
import { join } from 'node:path';
import { InputError } from '../../core/errors.ts';
import { createDetector } from '../detector.ts';
import type { FollowerKind } from '../follower-kinds.ts';
import { noisyOrMargin } from '../logistic.ts';
import { BUNDLED_MODELS_DIR, type ModelFile, modelFileSha256 } from '../model-file.ts';
import { readLabelledDatasets } from './labelled-data.ts';
import {
  type CrossFitted,
  crossFit,
  crossFitLabelled,
  crossFittedProbabilities,
  featureSetOf,
  modelFileOf,
  type TrainProgress,
  trainCrossFitted,
  trainingMatrix,
} from './train-model.ts';
import { readTrainingConfig, type TrainingConfig } from './training-config.ts';

/** Reads a member's training config by the member's name. */
export type MemberConfigs = (name: string) => Promise<TrainingConfig>;

/** The bundled members' configs: models/<name>.config.json. */
export const bundledMemberConfigs: MemberConfigs = (name) =>
  readTrainingConfig(join(BUNDLED_MODELS_DIR, `${name}.config.json`));

/** A trained model file and, for a union, its member model files (in its `members` order). */
export interface TrainedModel {
  model: ModelFile;
  members: ModelFile[];
}

export async function trainModelFile(
  config: TrainingConfig,
  datasetsRoot: string,
  log: TrainProgress = () => {},
  memberConfigs: MemberConfigs = bundledMemberConfigs,
): Promise<TrainedModel> {
  if (config.members === undefined)
    return { model: trainCrossFitted(config, await crossFit(config, datasetsRoot, log), log), members: [] };
  const { fitted, members } = await crossFitUnion(config, config.members, datasetsRoot, log, memberConfigs);
  const scorer = {
    members: members.map(({ kind, model }) => ({ kind, model: model.name, sha256: modelFileSha256(model) })),
  };
  const trees = members.reduce((sum, member) => sum + member.model.card.trees, 0);
  return {
    model: modelFileOf(config, fitted, scorer, trees, log),
    members: members.map((member) => member.model),
  };
}

/** Every training row of the config scored out of fold (a union's calibrated out-of-fold union scores). */
export async function crossFitModel(
  config: TrainingConfig,
  datasetsRoot: string,
  log: TrainProgress = () => {},
  memberConfigs: MemberConfigs = bundledMemberConfigs,
): Promise<CrossFitted> {
  if (config.members === undefined) return crossFit(config, datasetsRoot, log);
  return (await crossFitUnion(config, config.members, datasetsRoot, log, memberConfigs)).fitted;
}

/**
 * A member's config to train on the union's rows: its own, with the union's datasets, which must all be among its own
 * (the union may leave some of the member's out, as leave-one-collection-out runs do), its classes among the union's
 * and its features among the union's.
 */
function memberOf(union: TrainingConfig, member: TrainingConfig): TrainingConfig {
  const where = `${union.name}: member ${member.name}`;
  const own = new Set(member.datasets.map((dataset) => JSON.stringify(dataset)));
  const missing = union.datasets.filter((dataset) => !own.has(JSON.stringify(dataset)));
  if (missing.length > 0)
    throw new InputError(
      `${where} does not list the union's dataset${missing.length === 1 ? '' : 's'} ${missing.map((dataset) => dataset.path).join(', ')}: a union's members train on its rows`,
    );
  const classes = (labels: readonly string[], of: readonly string[], what: string) => {
    const outside = labels.filter((label) => !of.includes(label));
    if (outside.length > 0)
      throw new InputError(
        `${where}: its ${what} labels ${outside.join(', ')} are not the union's ${what} ones`,
      );
  };
  classes(member.positive, union.positive, 'positive');
  classes(member.negative, union.negative, 'negative');
  const unionFeatures = featureSetOf(union).names;
  const lacking = featureSetOf(member).names.filter((name) => !unionFeatures.includes(name));
  if (lacking.length > 0)
    throw new InputError(`${where} uses features the union leaves out: ${lacking.join(', ')}`);
  if (member.members !== undefined) throw new InputError(`${where} is a union itself; members need trees`);
  return { ...member, datasets: union.datasets };
}

async function crossFitUnion(
  config: TrainingConfig,
  union: NonNullable<TrainingConfig['members']>,
  datasetsRoot: string,
  log: TrainProgress,
  memberConfigs: MemberConfigs,
): Promise<{ fitted: CrossFitted; members: { kind: FollowerKind; model: ModelFile }[] }> {
  if (config.monotone !== undefined || Object.keys(config.params).length > 0)
    throw new InputError(
      `${config.name}: a union has no trees of its own; its members' configs carry the parameters (remove params and monotone)`,
    );
  const labelled = await readLabelledDatasets(config.datasets, datasetsRoot, log);
  const { featureSet, data, rows, folds } = trainingMatrix(config, labelled, log);
  const unionRow = new Map(rows.map((row, i) => [row, i]));
  const noKind = new Float64Array(rows.length).fill(1);
  const members: { kind: FollowerKind; model: ModelFile }[] = [];
  for (const { kind, model: name } of union) {
    const memberConfig = memberOf(config, await memberConfigs(name));
    if (!labelled.labels.some((label) => memberConfig.positive.includes(label))) {
      log(
        `${config.name}: no ${memberConfig.positive.join(' or ')} rows in these datasets: ${name} is left out of the union`,
      );
      continue;
    }
    const fitted = crossFitLabelled(memberConfig, labelled, log);
    const model = trainCrossFitted(memberConfig, fitted, log);
    members.push({ kind, model });
    const p = new Float64Array(rows.length).fill(Number.NaN);
    fitted.rows.forEach((row, i) => {
      const at = unionRow.get(row);
      if (at === undefined) throw new Error(`${name}: row ${row} is not one of ${config.name}'s rows`);
      p[at] = fitted.probabilities[i] as number;
    });
    const others: number[] = [];
    p.forEach((value, at) => {
      if (Number.isNaN(value)) others.push(at);
    });
    const scored = createDetector(model).scoreAccounts(
      others.map((at) => labelled.accounts[rows[at] as number] as (typeof labelled.accounts)[number]),
    ).pFake;
    others.forEach((at, i) => {
      p[at] = scored[i] as number;
    });
    log(
      `${config.name}: ${name} scored ${fitted.rows.length} of its own rows out of fold, ${others.length} other rows by its final trees`,
    );
    for (let at = 0; at < rows.length; at++) noKind[at] = (noKind[at] as number) * (1 - (p[at] as number));
  }
  if (members.length === 0)
    throw new InputError(`${config.name}: none of the union's kinds has rows in these datasets`);
  const oofMargins = noKind.map(noisyOrMargin);
  const probabilities = crossFittedProbabilities(oofMargins, data.labels, folds, config.seed);
  return { fitted: { labelled, featureSet, data, rows, folds, oofMargins, probabilities }, members };
}
