// Runs the whole evaluation on the shared datasets: per-dataset cross-validation, cross-collection tests, baselines and peers.
import { join } from 'node:path';
import type { Account, Label } from '../../core/account.ts';
import {
  ALL_FEATURES,
  FEATURE_SET_VERSION,
  type FeatureSet,
  featureCoverage,
  GENERAL_FEATURES,
  selectFeatures,
} from '../../features/index.ts';
import { COMBINED_RULES, PROFILE_RULES } from '../baselines/profile-rules.ts';
import { type GbdtParams, resolveGbdtParams } from '../gbdt/params.ts';
import type { LabelledAccounts } from '../training/labelled-data.ts';
import { type TransferOutcome, trainAndTest } from './cross-dataset.ts';
import { type CrossValidationOutcome, crossValidate } from './cross-validation.ts';
import { isPositive, matrixOfRows, readEvaluationData, rowsOfCollections } from './evaluation-data.ts';
import { GILANI_FEATURES, readGilaniAccounts } from './gilani-accounts.ts';
import { EVERY_ROW, type LocoOutcome, type TrainingMix } from './leave-one-collection-out.ts';
import {
  compareTrainingMixes,
  locoFeatureSet,
  type MixComparison,
  TRAINING_MIXES,
} from './mixes/training-mixes.ts';
import {
  CV_DATASETS,
  CV_FOLDS,
  EVALUATION_PARAMS,
  EVALUATION_SEED,
  INSTAGRAM_COLLECTIONS,
  INSTAGRAM_DATASETS,
  LOCO_EXCLUSION_REASON,
  X_COLLECTIONS,
  X_DATASETS,
} from './protocols.ts';
import {
  type PeerExpectation,
  type PeerMetrics,
  type PeerResults,
  peerMismatch,
} from './report/peer-results.ts';
import { PUBLISHED_FIGURES, type PublishedFigure } from './report/published-figures.ts';
import { evaluateRule, type RuleOutcome } from './rule-evaluation.ts';

export interface DatasetEvaluation extends CrossValidationOutcome {
  collection: string;
  title: string;
  rows: number;
  positives: number;
  features: string[];
  rules: RuleOutcome[];
  combinedRules: RuleOutcome[];
  published: readonly PublishedFigure[];
  peers?: Record<string, PeerMetrics>;
}

export interface LocoRow extends LocoOutcome {
  combinedRules: RuleOutcome[];
  peers?: Record<string, PeerMetrics>;
}

export interface TransferRow {
  trainedOn: string;
  testedOn: string;
  rows: number;
  positives: number;
  outcome: TransferOutcome;
}

export interface EvaluationResult {
  command: string;
  datasets: string;
  seed: number;
  folds: number;
  params: GbdtParams;
  featureSetVersion: string;
  /** Notes on the data (capture times assumed, rows dropped). */
  dataNotes: string[];
  crossValidation: DatasetEvaluation[];
  loco: { features: string[]; excluded: string; rows: LocoRow[] };
  mixes: MixComparison;
  instagramCross: { features: string[]; rows: TransferRow[] };
  generalCross: { features: string[]; rows: TransferRow[] };
  gilani: {
    features: string[];
    rows: number;
    positives: number;
    conflicting: number;
    fromX: TransferOutcome;
    crossValidated: CrossValidationOutcome;
  };
  peers:
    | { shown: true; command: string; versions: Record<string, string>; models: Record<string, string> }
    | {
        shown: false;
        reason: string;
      };
}

export interface EvaluationOptions {
  /** The datasets folder (../shared/datasets). */
  root: string;
  /** As shown in the report, e.g. `realreach eval`. */
  command: string;
  /** The datasets folder as shown in the report. */
  datasetsLabel: string;
  peers?: PeerResults;
  /** Where the peers' file was looked for, for the report when it is absent. */
  peersPath: string;
  /** Fewer folds or trees for a quick run (tests); the report states what was used. */
  folds?: number;
  params?: Partial<GbdtParams>;
  /** The candidate training mixes, EVERY_ROW among them (the LOCO table); default TRAINING_MIXES. */
  mixes?: readonly TrainingMix[];
  log?: (line: string) => void;
}

/** A feature is shared when at least this share of rows knows it in each dataset. */
const SHARED_COVERAGE = 0.5;

function binaryLabels(labels: readonly Label[]): Uint8Array {
  return Uint8Array.from(labels, (label) => (isPositive(label) ? 1 : 0));
}

function rulesOn(rules: typeof PROFILE_RULES, accounts: readonly Account[], labels: readonly Label[]) {
  const binary = binaryLabels(labels);
  return rules.map((rule) => evaluateRule(rule, accounts, binary));
}

function pick<T>(values: readonly T[], rows: readonly number[]): T[] {
  return rows.map((row) => values[row] as T);
}

/** Features known in at least SHARED_COVERAGE of the rows of every one of `rowSets`. */
function sharedFeatures(labelled: LabelledAccounts, rowSets: readonly number[][]): FeatureSet {
  const names = ALL_FEATURES.names;
  const known = rowSets.map((rows) =>
    featureCoverage(ALL_FEATURES.extractMatrix(pick(labelled.accounts, rows)), names.length),
  );
  return selectFeatures(
    names.filter((_, column) => known.every((coverage) => (coverage[column] as number) >= SHARED_COVERAGE)),
  );
}

function transfer(
  labelled: LabelledAccounts,
  featureSet: FeatureSet,
  train: { name: string; rows: number[] },
  test: { name: string; rows: number[] },
  settings: { seed: number; params: Partial<GbdtParams> },
): TransferRow {
  const testMatrix = matrixOfRows(labelled, test.rows, featureSet);
  return {
    trainedOn: train.name,
    testedOn: test.name,
    rows: test.rows.length,
    positives: testMatrix.labels.reduce((sum, label) => sum + label, 0),
    outcome: trainAndTest(matrixOfRows(labelled, train.rows, featureSet), testMatrix, {
      ...settings,
      withLogistic: true,
    }),
  };
}

function peerExpectation(
  folds: number,
  crossValidation: DatasetEvaluation[],
  loco: LocoRow[],
  locoFeatures: string[],
): PeerExpectation {
  return {
    seed: EVALUATION_SEED,
    folds,
    featureSetVersion: FEATURE_SET_VERSION,
    crossValidation: Object.fromEntries(
      crossValidation.map((dataset) => [
        dataset.collection,
        { rows: dataset.rows, positives: dataset.positives, features: dataset.features },
      ]),
    ),
    leaveOneCollectionOut: {
      features: locoFeatures,
      heldOut: Object.fromEntries(
        loco.map((row) => [row.heldOut, { rows: row.rows, positives: row.positives }]),
      ),
    },
  };
}

export async function runEvaluation(options: EvaluationOptions): Promise<EvaluationResult> {
  const log = options.log ?? (() => {});
  const settings = { seed: EVALUATION_SEED, params: { ...EVALUATION_PARAMS, ...options.params } };
  const folds = options.folds ?? CV_FOLDS;
  log(`reading ${[...X_DATASETS, ...INSTAGRAM_DATASETS].length} files from ${options.root}`);
  const labelled = await readEvaluationData(options.root);
  const dataNotes = [...X_DATASETS, ...INSTAGRAM_DATASETS].flatMap((dataset) =>
    dataset.note === undefined ? [] : [`${dataset.path}: ${dataset.note}`],
  );

  const crossValidation: DatasetEvaluation[] = CV_DATASETS.map(({ collection, title }) => {
    const rows = rowsOfCollections(labelled, [collection]);
    const data = matrixOfRows(labelled, rows, ALL_FEATURES);
    const outcome = crossValidate(data, { ...settings, folds });
    log(`${folds}-fold CV ${collection}: MCC ${outcome.gbdt.mcc}, ROC AUC ${outcome.gbdt.rocAuc}`);
    const accounts = pick(labelled.accounts, rows);
    const labels = pick(labelled.labels, rows);
    return {
      collection,
      title,
      rows: rows.length,
      positives: outcome.gbdt.positives,
      features: [...ALL_FEATURES.names],
      ...outcome,
      rules: rulesOn(PROFILE_RULES, accounts, labels),
      combinedRules: rulesOn(COMBINED_RULES, accounts, labels),
      published: PUBLISHED_FIGURES[collection] ?? [],
    };
  });

  const locoFeatures = locoFeatureSet();
  const mixes = compareTrainingMixes(labelled, {
    mixes: options.mixes ?? TRAINING_MIXES,
    featureSet: locoFeatures,
    settings: { ...settings, withLogistic: true },
    log,
  });
  const everyRow = mixes.mixes.find((mix) => mix.name === EVERY_ROW.name);
  if (everyRow === undefined) throw new RangeError(`the training mixes must include \`${EVERY_ROW.name}\``);
  const loco: LocoRow[] = everyRow.loco.map((outcome) => {
    const rows = rowsOfCollections(labelled, [outcome.heldOut]);
    return {
      ...outcome,
      combinedRules: rulesOn(COMBINED_RULES, pick(labelled.accounts, rows), pick(labelled.labels, rows)),
    };
  });

  const instafake = rowsOfCollections(labelled, ['instafake']);
  const kaggle = rowsOfCollections(labelled, ['kaggle-instagram']);
  const instagram = rowsOfCollections(labelled, INSTAGRAM_COLLECTIONS);
  const everyX = rowsOfCollections(labelled, X_COLLECTIONS);
  const instagramFeatures = sharedFeatures(labelled, [instafake, kaggle]);
  const instagramCross = [
    transfer(
      labelled,
      instagramFeatures,
      { name: 'instafake', rows: instafake },
      { name: 'kaggle-instagram', rows: kaggle },
      settings,
    ),
    transfer(
      labelled,
      instagramFeatures,
      { name: 'kaggle-instagram', rows: kaggle },
      { name: 'instafake', rows: instafake },
      settings,
    ),
  ];
  log('Instagram cross-dataset done');

  const general = selectFeatures(GENERAL_FEATURES);
  const xTrain = { name: 'all X collections', rows: everyX };
  const instagramTrain = { name: 'InstaFake + Kaggle', rows: instagram };
  const generalCross = [
    transfer(labelled, general, xTrain, { name: 'instafake', rows: instafake }, settings),
    transfer(labelled, general, xTrain, { name: 'kaggle-instagram', rows: kaggle }, settings),
    transfer(labelled, general, xTrain, { name: 'InstaFake + Kaggle', rows: instagram }, settings),
    ...X_COLLECTIONS.map((collection) =>
      transfer(
        labelled,
        general,
        instagramTrain,
        { name: collection, rows: rowsOfCollections(labelled, [collection]) },
        settings,
      ),
    ),
    transfer(labelled, general, instagramTrain, { name: 'all X collections', rows: everyX }, settings),
  ];
  log('general-feature cross-platform done');

  const gilani = await readGilaniAccounts(join(options.root, 'gilani-2017'));
  const gilaniFeatures = selectFeatures(GILANI_FEATURES);
  const gilaniMatrix = matrixOfRows(
    gilani,
    gilani.accounts.map((_, row) => row),
    gilaniFeatures,
  );
  const fromX = trainAndTest(matrixOfRows(labelled, everyX, gilaniFeatures), gilaniMatrix, {
    ...settings,
    withLogistic: true,
  });
  const gilaniCv = crossValidate(gilaniMatrix, { ...settings, folds });
  log(`gilani-2017: from X ROC AUC ${fromX.gbdt.rocAuc}, own CV ROC AUC ${gilaniCv.gbdt.rocAuc}`);

  const peers = options.peers;
  let peerStatus: EvaluationResult['peers'];
  const mismatch =
    peers && peerMismatch(peers, peerExpectation(folds, crossValidation, loco, [...locoFeatures.names]));
  if (peers === undefined) {
    peerStatus = {
      shown: false,
      reason: `no peers' results at ${options.peersPath} (run /usr/bin/python3 bench/peers.py)`,
    };
  } else if (mismatch !== undefined) {
    peerStatus = { shown: false, reason: `${options.peersPath} was not used: ${mismatch}` };
  } else {
    for (const dataset of crossValidation) dataset.peers = peers.crossValidation[dataset.collection]?.models;
    for (const row of loco) row.peers = peers.leaveOneCollectionOut.heldOut[row.heldOut]?.models;
    peerStatus = { shown: true, command: peers.command, versions: peers.versions, models: peers.models };
  }

  return {
    command: options.command,
    datasets: options.datasetsLabel,
    seed: EVALUATION_SEED,
    folds,
    params: resolveGbdtParams({ ...settings.params, seed: EVALUATION_SEED }),
    featureSetVersion: FEATURE_SET_VERSION,
    dataNotes,
    crossValidation,
    loco: { features: [...locoFeatures.names], excluded: LOCO_EXCLUSION_REASON, rows: loco },
    mixes,
    instagramCross: { features: [...instagramFeatures.names], rows: instagramCross },
    generalCross: { features: [...general.names], rows: generalCross },
    gilani: {
      features: [...gilaniFeatures.names],
      rows: gilani.accounts.length,
      positives: gilaniMatrix.labels.reduce((sum, label) => sum + label, 0),
      conflicting: gilani.conflicting.length,
      fromX,
      crossValidated: gilaniCv,
    },
    peers: peerStatus,
  };
}
