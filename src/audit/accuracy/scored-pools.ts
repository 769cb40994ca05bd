// Labelled rows scored by a copy of a bundled model that never trained on them: cross-fitted (the model's own training rows, out of fold) or leave-one-collection-out.
//
// Cross-fitted: `crossFit` runs the bundled config's own folds (the same out-of-fold scores its model card is built
// from), so every training row is scored by one of `folds` copies of the model, each trained with the bundled
// config on the other folds. Leave-one-collection-out: the bundled config trained without one collection, scoring
// that collection's rows. Features outside the training ranges are judged by the domain profile of the model that
// scores the rows (for cross-fitted rows the bundled model's, fitted on every row: a little optimistic).

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Label } from '../../core/account.ts';
import { createDetector } from '../../model/detector.ts';
import { unlikeness } from '../../model/domain-profile.ts';
import { type FeatureParts, fitFeatureParts } from '../../model/feature-parts.ts';
import {
  BUNDLED_MODELS_DIR,
  type ModelFile,
  readModelFile,
  serializeModelFile,
} from '../../model/model-file.ts';
import { readLabelledDatasets } from '../../model/training/labelled-data.ts';
import { featureSetOf, toLabelledMatrix } from '../../model/training/train-model.ts';
import { crossFitModel, trainModelFile } from '../../model/training/train-model-file.ts';
import { readTrainingConfig, type TrainingConfig } from '../../model/training/training-config.ts';

/** Rows with a score from a model that did not train on them, the model whose card the audit would use, and the truth. */
export interface ScoredPool {
  /** The model whose card (prior, reliability bins, score components) the audit reads. */
  model: ModelFile;
  p: number[];
  /** 1 when the row is unlike the scoring model's training data. */
  unlike: number[];
  fake: number[];
  collection: string[];
}

/**
 * The pool's rows as features (row-major, aligned with the pool's rows) and the training parts the scoring model's
 * file holds (feature-parts.ts), for the feature shift test. Not cached: reading and extracting takes seconds.
 */
export interface PoolFeatures {
  matrix: Float64Array;
  nFeatures: number;
  names: readonly string[];
  /** Each row's class (1 fake) and collection, as in the scored pool. */
  fake: number[];
  collection: string[];
  parts: FeatureParts;
  /**
   * True for cross-fitted pools, whose rows are the training rows: each audience's own rows are taken out of the
   * parts before it is tested (leave-the-audience-out), so the test never compares an audience with itself.
   */
  leaveAudienceOut: boolean;
}

/** A config's labelled rows as the trainer sees them: features, classes and collections, in training order. */
async function trainingRows(config: TrainingConfig, datasetsRoot: string) {
  const labelled = await readLabelledDatasets(config.datasets, datasetsRoot);
  const featureSet = featureSetOf(config);
  const { data, rows } = toLabelledMatrix(labelled.accounts, labelled.labels, featureSet, config);
  return {
    data,
    names: featureSet.names,
    collections: rows.map((row) => labelled.collections[row] as string),
  };
}

/** Rows `keep` of a matrix `width` wide. */
function selectRows(matrix: Float64Array, width: number, keep: readonly number[]): Float64Array {
  const out = new Float64Array(keep.length * width);
  keep.forEach((row, i) => {
    out.set(matrix.subarray(row * width, (row + 1) * width), i * width);
  });
  return out;
}

/**
 * Features of a bundled model's cross-fitted pool (the same rows in the same order), with the model file's own
 * training parts, and of each of its collections left out, with the parts the config trained without that
 * collection writes (the same function the training command calls, on the rows it trains on).
 */
export async function poolFeatures(
  name: string,
  datasetsRoot: string,
): Promise<{ crossFitted: PoolFeatures; leftOut: (collection: string) => PoolFeatures }> {
  const config = await bundledConfig(name);
  const model = await readModelFile(name);
  const { data, names, collections } = await trainingRows(config, datasetsRoot);
  const width = data.nFeatures;
  return {
    crossFitted: {
      matrix: data.matrix,
      nFeatures: width,
      names,
      fake: Array.from(data.labels),
      collection: collections,
      parts: model.featureParts ?? fitFeatureParts(data.matrix, width, data.labels, collections),
      leaveAudienceOut: true,
    },
    leftOut(collection) {
      const train: number[] = [];
      const test: number[] = [];
      collections.forEach((rowCollection, row) => {
        (rowCollection === collection ? test : train).push(row);
      });
      return {
        matrix: selectRows(data.matrix, width, test),
        nFeatures: width,
        names,
        fake: test.map((row) => data.labels[row] as number),
        collection: test.map((row) => collections[row] as string),
        parts: fitFeatureParts(
          selectRows(data.matrix, width, train),
          width,
          Uint8Array.from(train, (row) => data.labels[row] as number),
          train.map((row) => collections[row] as string),
        ),
        leaveAudienceOut: false,
      };
    },
  };
}

/** The training config of a bundled model. */
export function bundledConfig(name: string): Promise<TrainingConfig> {
  return readTrainingConfig(join(BUNDLED_MODELS_DIR, `${name}.config.json`));
}

const CACHE_DIR = join(tmpdir(), 'realreach-cross-fitted');

/**
 * The bundled model file without its training parts' features (which no score depends on), as the file was before
 * they were added: the cache key, so adding or changing them does not throw away hours of cross-fitted scores.
 */
function scoringPartOf(name: string): string {
  const text = readFileSync(join(BUNDLED_MODELS_DIR, `${name}.json`), 'utf8');
  const { featureParts: _ignored, ...model } = JSON.parse(text) as ModelFile;
  return _ignored === undefined ? text : serializeModelFile(model as ModelFile);
}

/**
 * The bundled model's training rows, cross-fitted. Cached in the system's temporary folder under a hash of the
 * config and the model file, so a retrained model or changed config is never served stale scores.
 */
export async function crossFittedPool(name: string, datasetsRoot: string): Promise<ScoredPool> {
  const config = await bundledConfig(name);
  const model = await readModelFile(name);
  const key = createHash('sha256')
    .update(readFileSync(join(BUNDLED_MODELS_DIR, `${name}.config.json`)))
    .update(scoringPartOf(name))
    .update(datasetsRoot)
    .digest('hex')
    .slice(0, 16);
  const cached = join(CACHE_DIR, `${name}-${key}.json`);
  if (existsSync(cached)) {
    const rows = JSON.parse(readFileSync(cached, 'utf8')) as Omit<ScoredPool, 'model'>;
    return { model, ...rows };
  }
  const fitted = await crossFitModel(config, datasetsRoot);
  const width = fitted.data.nFeatures;
  const rows: Omit<ScoredPool, 'model'> = {
    p: Array.from(fitted.probabilities),
    unlike: fitted.rows.map((_, i) =>
      unlikeness(model.domain, fitted.data.matrix, i * width) > model.domain.threshold ? 1 : 0,
    ),
    fake: Array.from(fitted.data.labels),
    collection: fitted.rows.map((row) => fitted.labelled.collections[row] as string),
  };
  mkdirSync(CACHE_DIR, { recursive: true });
  writeFileSync(cached, JSON.stringify(rows));
  return { model, ...rows };
}

/**
 * One collection's rows scored by the bundled config trained without that collection: the rows of the config's own
 * classes, or of the labels `scoreLabels` names (a kind model scoring every account an X audience holds, spam bots
 * too). Cached like the cross-fitted pools, under a hash of the config, the collection, the labels and the bundled
 * model file (which changes with the trainer).
 */
export async function leftOutPool(
  config: TrainingConfig,
  collection: string,
  datasetsRoot: string,
  scoreLabels?: readonly Label[],
): Promise<ScoredPool> {
  const hash = createHash('sha256')
    .update(JSON.stringify(config))
    .update(collection)
    .update(scoringPartOf(config.name))
    .update(datasetsRoot);
  if (scoreLabels) hash.update(JSON.stringify(scoreLabels));
  const key = hash.digest('hex').slice(0, 16);
  const cached = join(CACHE_DIR, `${config.name}-without-${collection}-${key}.json`);
  if (existsSync(cached)) return JSON.parse(readFileSync(cached, 'utf8')) as ScoredPool;
  // A union (x) is trained with its members, each without the collection too.
  const { model, members } = await trainModelFile(
    { ...config, datasets: config.datasets.filter((dataset) => dataset.collection !== collection) },
    datasetsRoot,
  );
  const detector = createDetector(model, members);
  const test = await readLabelledDatasets(
    config.datasets.filter((dataset) => dataset.collection === collection),
    datasetsRoot,
  );
  const scored = (label: Label) =>
    scoreLabels
      ? scoreLabels.includes(label)
      : config.positive.includes(label) || config.negative.includes(label);
  const kept = test.labels.flatMap((label, row) => (scored(label) ? [row] : []));
  const scores = detector.scoreAccounts(
    kept.map((row) => test.accounts[row] as (typeof test.accounts)[number]),
  );
  const pool: ScoredPool = {
    model,
    p: Array.from(scores.pFake),
    unlike: Array.from(scores.unlikeTraining),
    fake: kept.map((row) => (config.positive.includes(test.labels[row] as never) ? 1 : 0)),
    collection: kept.map(() => collection),
  };
  mkdirSync(CACHE_DIR, { recursive: true });
  writeFileSync(cached, JSON.stringify(pool));
  return pool;
}
