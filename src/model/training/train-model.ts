// Trains a model file from a training config: labelled datasets -> features -> out-of-fold calibration -> final trees -> card.
import type { Account, Label } from '../../core/account.ts';
import { InputError } from '../../core/errors.ts';
import { ALL_FEATURES, type FeatureSet, GENERAL_FEATURES, selectFeatures } from '../../features/index.ts';
import { applyCalibration, fitCalibration } from '../calibrate.ts';
import { fitDomainProfile } from '../domain-profile.ts';
import { fitFeatureParts } from '../feature-parts.ts';
import type { GbdtModel } from '../gbdt/model.ts';
import { predictMargins } from '../gbdt/predict.ts';
import { gbdtModelToJson } from '../gbdt/serialize.ts';
import { trainGbdt } from '../gbdt/train.ts';
import type { LabelledMatrix } from '../labelled-matrix.ts';
import { summariseMetrics } from '../metrics/metric-summary.ts';
import {
  MODEL_FORMAT,
  MODEL_FORMAT_VERSION,
  type ModelFile,
  SCORE_COMPONENT_BINS,
  type ScoreComponent,
} from '../model-file.ts';
import { outOfFoldScores, stratifiedFolds } from './cross-validate.ts';
import { type LabelledAccounts, readLabelledDatasets } from './labelled-data.ts';
import type { TrainingConfig } from './training-config.ts';

/** The calibrated probability at which a follower is called suspicious. */
export const SUSPICIOUS_THRESHOLD = 0.5;
const RELIABILITY_BINS = 10;

export function featureSetOf(config: Pick<TrainingConfig, 'features' | 'exclude'>): FeatureSet {
  const names =
    config.features === 'all'
      ? ALL_FEATURES.names
      : config.features === 'general'
        ? GENERAL_FEATURES
        : config.features;
  const unknownExcluded = config.exclude.filter((name) => !names.includes(name));
  if (unknownExcluded.length > 0)
    throw new InputError(`exclude names features not in the set: ${unknownExcluded.join(', ')}`);
  return selectFeatures(names.filter((name) => !config.exclude.includes(name)));
}

/** Rows whose label is in `positive` (1) or `negative` (0); others are left out. */
export function toLabelledMatrix(
  accounts: readonly Account[],
  labels: readonly Label[],
  featureSet: FeatureSet,
  config: Pick<TrainingConfig, 'positive' | 'negative' | 'balanceClasses'>,
): { data: LabelledMatrix; rows: number[] } {
  const rows: number[] = [];
  labels.forEach((label, row) => {
    if (config.positive.includes(label) || config.negative.includes(label)) rows.push(row);
  });
  const width = featureSet.names.length;
  const matrix = new Float64Array(rows.length * width);
  const binary = new Uint8Array(rows.length);
  rows.forEach((row, i) => {
    featureSet.extract(accounts[row] as Account, matrix, i * width);
    binary[i] = config.positive.includes(labels[row] as Label) ? 1 : 0;
  });
  const data: LabelledMatrix = { matrix, labels: binary, nFeatures: width };
  if (config.balanceClasses) data.weights = balancedWeights(binary);
  return { data, rows };
}

/** Weights that give each class half the total: n / (2 · class count). */
export function balancedWeights(labels: Uint8Array): Float64Array {
  let positives = 0;
  for (const label of labels) positives += label;
  const negatives = labels.length - positives;
  const weights = new Float64Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    weights[i] = labels.length / (2 * (labels[i] === 1 ? Math.max(positives, 1) : Math.max(negatives, 1)));
  }
  return weights;
}

/**
 * The config's GBDT parameters with its `monotone` signs laid out in the order of `featureSet` (0 for a feature not
 * named). Throws an InputError naming a constrained feature the set does not have.
 */
export function trainingParams(
  config: Pick<TrainingConfig, 'name' | 'params' | 'monotone' | 'monotoneReasons'>,
  featureSet: Pick<FeatureSet, 'names'>,
): TrainingConfig['params'] {
  const monotone = config.monotone;
  if (monotone === undefined || Object.keys(monotone).length === 0) return config.params;
  const unknown = Object.keys(monotone).filter((name) => !featureSet.names.includes(name));
  if (unknown.length > 0)
    throw new InputError(`${config.name}: monotone names features not in the set: ${unknown.join(', ')}`);
  const unexplained = Object.keys(monotone).filter((name) => !config.monotoneReasons?.[name]);
  if (unexplained.length > 0)
    throw new InputError(`${config.name}: monotoneReasons gives no reason for: ${unexplained.join(', ')}`);
  if (config.params.monotoneConstraints !== undefined)
    throw new InputError(
      `${config.name}: give monotone constraints either as monotone or in params, not both`,
    );
  return {
    ...config.params,
    monotoneConstraints: featureSet.names.map((name) => monotone[name] ?? 0),
  };
}

/** The one training routine the final model and every validation use: the config's parameters and seed, class weights. */
function fitGbdt(data: LabelledMatrix, config: Pick<TrainingConfig, 'params' | 'seed'>): GbdtModel {
  return trainGbdt(
    data.matrix,
    data.labels,
    data.nFeatures,
    { ...config.params, seed: config.seed },
    {
      sampleWeights: data.weights,
    },
  ).model;
}

/** Trains on `data` and returns margins for `scored`. */
export function fitAndScoreMargins(
  data: LabelledMatrix,
  scored: Float64Array,
  config: Pick<TrainingConfig, 'params' | 'seed'>,
): Float64Array {
  const model = fitGbdt(data, config);
  return predictMargins(model, scored, new Float64Array(scored.length / data.nFeatures));
}

/** Out-of-fold margins: each row scored by a model trained on the other folds. */
export function outOfFoldMargins(
  data: LabelledMatrix,
  config: Pick<TrainingConfig, 'params' | 'seed' | 'folds'>,
  folds: Uint8Array = stratifiedFolds(data.labels, config.folds, config.seed),
): Float64Array {
  return outOfFoldScores(data, folds, (fit, heldOut) => fitAndScoreMargins(fit, heldOut.matrix, config));
}

/**
 * Calibrated out-of-fold probabilities that no calibration saw: each fold's margins are calibrated by a
 * calibration fitted on the other folds' margins. The card's metrics and reliability table come from these, so its
 * ECE is measured, not fitted.
 */
export function crossFittedProbabilities(
  margins: Float64Array,
  labels: Uint8Array,
  folds: Uint8Array,
  seed: number,
): Float64Array {
  const probabilities = new Float64Array(margins.length);
  const foldCount = folds.reduce((most, fold) => Math.max(most, fold + 1), 0);
  for (let fold = 0; fold < foldCount; fold++) {
    const fitRows: number[] = [];
    for (let row = 0; row < folds.length; row++) if (folds[row] !== fold) fitRows.push(row);
    const calibration = fitCalibration(
      Float64Array.from(fitRows, (row) => margins[row] as number),
      Uint8Array.from(fitRows, (row) => labels[row] as number),
      seed,
    );
    for (let row = 0; row < folds.length; row++) {
      if (folds[row] === fold) probabilities[row] = applyCalibration(calibration, margins[row] as number);
    }
  }
  return probabilities;
}

export function reliabilityTable(
  probabilities: Float64Array,
  labels: Uint8Array,
): ModelFile['card']['reliability'] {
  const bins = Array.from({ length: RELIABILITY_BINS }, (_, i) => ({
    low: i / RELIABILITY_BINS,
    high: (i + 1) / RELIABILITY_BINS,
    rows: 0,
    positives: 0,
    sum: 0,
  }));
  probabilities.forEach((p, i) => {
    const bin = bins[
      Math.min(RELIABILITY_BINS - 1, Math.floor(p * RELIABILITY_BINS))
    ] as (typeof bins)[number];
    bin.rows++;
    bin.positives += labels[i] as number;
    bin.sum += p;
  });
  return bins.map(({ sum, ...bin }) => ({
    ...bin,
    meanProbability: bin.rows === 0 ? 0 : Math.round((sum / bin.rows) * 1e6) / 1e6,
  }));
}

/** Out-of-fold scores of each collection's positives and of its negatives, in SCORE_COMPONENT_BINS bins of p. */
export function scoreComponents(
  probabilities: Float64Array,
  labels: Uint8Array,
  collections: readonly string[],
): ScoreComponent[] {
  const components = new Map<string, ScoreComponent>();
  probabilities.forEach((p, i) => {
    const collection = collections[i] as string;
    const positive = labels[i] === 1;
    const key = `${collection}\t${positive}`;
    let component = components.get(key);
    if (!component) {
      component = { collection, positive, rows: 0, counts: new Array(SCORE_COMPONENT_BINS).fill(0) };
      components.set(key, component);
    }
    component.rows++;
    const bin = Math.min(SCORE_COMPONENT_BINS - 1, Math.floor(p * SCORE_COMPONENT_BINS));
    component.counts[bin] = (component.counts[bin] as number) + 1;
  });
  return [...components.values()];
}

export type TrainProgress = (line: string) => void;

/** Every training row scored by a model that did not train on it: what the card's metrics come from, and what the audit's accuracy is measured on. */
export interface CrossFitted {
  labelled: LabelledAccounts;
  featureSet: FeatureSet;
  data: LabelledMatrix;
  /** For each row of `data`, its row in `labelled`. */
  rows: number[];
  folds: Uint8Array;
  oofMargins: Float64Array;
  /** Calibrated out-of-fold probabilities, each fold calibrated by a calibration fitted on the other folds. */
  probabilities: Float64Array;
}

/**
 * The bundled config's `folds` copies of its model, each trained on the other folds with the config's parameters and
 * seed, scoring the rows it did not train on (the same out-of-fold scores `trainModel` builds the card from).
 */
export async function crossFit(
  config: TrainingConfig,
  datasetsRoot: string,
  log: TrainProgress = () => {},
): Promise<CrossFitted> {
  return crossFitLabelled(config, await readLabelledDatasets(config.datasets, datasetsRoot, log), log);
}

/** The rows of `labelled` the config trains on (its classes), as the trainer sees them; both classes needed. */
export function trainingMatrix(
  config: TrainingConfig,
  labelled: LabelledAccounts,
  log: TrainProgress = () => {},
): Pick<CrossFitted, 'featureSet' | 'data' | 'rows' | 'folds'> {
  const featureSet = featureSetOf(config);
  const { data, rows } = toLabelledMatrix(labelled.accounts, labelled.labels, featureSet, config);
  const positives = data.labels.reduce((sum, label) => sum + label, 0);
  const negatives = data.labels.length - positives;
  // Rows whose label is in neither class (spam bots for a fake-follower model) are left out by design: said, counted.
  const outside: Partial<Record<Label, number>> = {};
  for (const label of labelled.labels)
    if (!config.positive.includes(label) && !config.negative.includes(label))
      outside[label] = (outside[label] ?? 0) + 1;
  const outsideWords = Object.entries(outside)
    .map(([label, n]) => `${label} ${n}`)
    .join(', ');
  if (positives === 0 || negatives === 0)
    throw new InputError(
      `${config.name}: training needs both classes (got ${positives} positive rows, labelled ${config.positive.join(' or ')}, and ${negatives} negative, labelled ${config.negative.join(' or ')}${outsideWords ? `; rows labelled otherwise, in neither class: ${outsideWords}` : ''})`,
    );
  if (outsideWords)
    log(
      `${config.name}: rows in neither class (positive ${config.positive.join(', ')}; negative ${config.negative.join(', ')}) left out: ${outsideWords}`,
    );
  // Fewer rows of a class than folds leaves some fold without that class: its cross-validated card and
  // calibration would be measured on nothing, and the model written as if they were.
  if (Math.min(positives, negatives) < config.folds)
    throw new InputError(
      `${config.name}: ${config.folds}-fold cross-validation needs at least ${config.folds} rows of each class (got ${positives} positive, ${negatives} negative rows): add labelled rows, or lower "folds" in the config`,
    );
  log(
    `${config.name}: ${data.labels.length} rows (${positives} positive, ${negatives} negative), ${featureSet.names.length} features`,
  );
  return { featureSet, data, rows, folds: stratifiedFolds(data.labels, config.folds, config.seed) };
}

/** `crossFit` on datasets already read (`labelled` must be what the config's datasets read to). */
export function crossFitLabelled(
  config: TrainingConfig,
  labelled: LabelledAccounts,
  log: TrainProgress = () => {},
): CrossFitted {
  const { featureSet, data, rows, folds } = trainingMatrix(config, labelled, log);
  const oofMargins = outOfFoldMargins(data, { ...config, params: trainingParams(config, featureSet) }, folds);
  const probabilities = crossFittedProbabilities(oofMargins, data.labels, folds, config.seed);
  return { labelled, featureSet, data, rows, folds, oofMargins, probabilities };
}

export async function trainModel(
  config: TrainingConfig,
  datasetsRoot: string,
  log: TrainProgress = () => {},
): Promise<ModelFile> {
  return trainCrossFitted(config, await crossFit(config, datasetsRoot, log), log);
}

/** The model file of a config from its cross-fitted rows: calibration on their margins, the final trees on every row. */
export function trainCrossFitted(
  config: TrainingConfig,
  fitted: CrossFitted,
  log: TrainProgress = () => {},
): ModelFile {
  const { data, featureSet } = fitted;
  const model = fitGbdt(data, { ...config, params: trainingParams(config, featureSet) });
  log(`${config.name}: final model has ${model.trees.length} trees`);
  return modelFileOf(config, fitted, { gbdt: gbdtModelToJson(model) }, model.trees.length, log);
}

/**
 * A model file around its scorer (trees, or a union's members): the calibration of the cross-fitted margins, and the
 * domain profile, training parts and card of the rows they were fitted on. `trees`: how many trees a score evaluates.
 */
export function modelFileOf(
  config: TrainingConfig,
  fitted: CrossFitted,
  scorer: Pick<ModelFile, 'gbdt'> | Pick<ModelFile, 'members'>,
  trees: number,
  log: TrainProgress = () => {},
): ModelFile {
  const { labelled, featureSet, data, rows, oofMargins, probabilities: oofProbabilities } = fitted;
  const positives = data.labels.reduce((sum, label) => sum + label, 0);
  const negatives = data.labels.length - positives;
  const calibration = fitCalibration(oofMargins, data.labels, config.seed);
  const crossValidated = summariseMetrics(oofProbabilities, data.labels, SUSPICIOUS_THRESHOLD);
  log(
    `${config.name}: ${config.folds}-fold out-of-fold MCC ${crossValidated.mcc}, ROC AUC ${crossValidated.rocAuc}, ECE ${crossValidated.ece} (${calibration.kind} calibration)`,
  );
  const collections = rows.map((row) => labelled.collections[row] as string);
  return {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    name: config.name,
    description: config.description,
    platforms: config.platforms,
    positiveLabels: config.positive,
    featureSetVersion: featureSet.version,
    features: [...featureSet.names],
    ...scorer,
    calibration,
    threshold: SUSPICIOUS_THRESHOLD,
    domain: fitDomainProfile(data.matrix, data.nFeatures),
    featureParts: fitFeatureParts(data.matrix, data.nFeatures, data.labels, collections),
    card: {
      config,
      command: `realreach train --config models/${config.name}.config.json`,
      datasets: labelled.datasets.map((dataset) => ({
        ...dataset,
        rows: dataset.rows as Record<string, number>,
      })),
      rowsPerClass: { positive: positives, negative: negatives },
      trainingPositiveShare: Math.round((positives / data.labels.length) * 1e6) / 1e6,
      trees,
      crossValidated,
      reliability: reliabilityTable(oofProbabilities, data.labels),
      scoreComponents: scoreComponents(oofProbabilities, data.labels, collections),
    },
  };
}
