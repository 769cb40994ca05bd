// A trained model as one JSON file: format version, features, trees, calibration, domain profile and training card; validated on load.
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { LABELS, PLATFORMS } from '../core/account.ts';
import { InputError } from '../core/errors.ts';
import { FEATURE_SET_VERSION, FEATURES } from '../features/index.ts';
import { calibrationSchema } from './calibrate.ts';
import { domainProfileSchema } from './domain-profile.ts';
import { featurePartsSchema } from './feature-parts.ts';
import { gbdtModelJsonSchema } from './gbdt/serialize.ts';
import { metricSummarySchema } from './metric-summary.ts';
import { trainingConfigSchema } from './training-config.ts';

export const MODEL_FORMAT = 'realreach-model';
export const MODEL_FORMAT_VERSION = 1;

/** Out-of-fold predictions binned by calibrated probability: what the audit resamples for model uncertainty. */
export const reliabilityBinSchema = z.strictObject({
  /** Bin bounds on calibrated p(fake). */
  low: z.number(),
  high: z.number(),
  rows: z.int().min(0),
  positives: z.int().min(0),
  meanProbability: z.number(),
});

/**
 * The out-of-fold scores of one part of the training data (one collection's positives or negatives), counted in
 * SCORE_COMPONENT_BINS equal bins of calibrated p: an in-distribution audience is some mix of these parts, which is
 * what the audit's shift test checks (src/audit/shift-test.ts).
 */
export const scoreComponentSchema = z.strictObject({
  collection: z.string(),
  positive: z.boolean(),
  rows: z.int().min(1),
  counts: z.array(z.int().min(0)),
});
export type ScoreComponent = z.infer<typeof scoreComponentSchema>;
export const SCORE_COMPONENT_BINS = 20;

export const modelCardSchema = z.strictObject({
  /** The config it was trained from, whole, so the file says how to reproduce itself. */
  config: trainingConfigSchema,
  command: z.string(),
  datasets: z.array(
    z.strictObject({
      collection: z.string(),
      path: z.string(),
      rows: z.record(z.string(), z.int()),
      note: z.string().optional(),
    }),
  ),
  rowsPerClass: z.strictObject({ positive: z.int(), negative: z.int() }),
  /** Share of positives among the rows calibration was fitted on: the prior its probabilities assume. */
  trainingPositiveShare: z.number(),
  trees: z.int(),
  /**
   * Metrics of out-of-fold predictions (`folds`-fold stratified cross-validation), each fold calibrated by a
   * calibration fitted on the other folds only.
   */
  crossValidated: metricSummarySchema,
  reliability: z.array(reliabilityBinSchema),
  scoreComponents: z.array(scoreComponentSchema).default([]),
});

export const modelFileSchema = z.strictObject({
  format: z.literal(MODEL_FORMAT),
  formatVersion: z.literal(MODEL_FORMAT_VERSION),
  name: z.string(),
  description: z.string(),
  platforms: z.array(z.enum(PLATFORMS)),
  positiveLabels: z.array(z.enum(LABELS)),
  featureSetVersion: z.string(),
  features: z.array(z.string()).min(1),
  gbdt: gbdtModelJsonSchema,
  calibration: calibrationSchema,
  /** Calibrated p(fake) at or above which a follower is called suspicious. */
  threshold: z.number().gt(0).lt(1),
  domain: domainProfileSchema,
  /**
   * Each training part's features in quantile bins (feature-parts.ts), for the audit's feature shift test; written
   * by the training command (absent from model files written before it, whose audits fall back to the score test).
   */
  featureParts: featurePartsSchema.optional(),
  card: modelCardSchema,
});
export type ModelFile = z.infer<typeof modelFileSchema>;

/** The bundled models' folder (models/ at the package root). */
export const BUNDLED_MODELS_DIR = resolve(import.meta.dirname, '..', '..', 'models');
export const BUNDLED_MODEL_NAMES = ['x', 'instagram', 'general'] as const;
/** The bundled per-kind models (src/model/kind-models.ts): each one kind of fake against humans. */
export const BUNDLED_KIND_MODEL_NAMES = ['x-fake-follower', 'x-spam-bot'] as const;

/**
 * Deterministic JSON: two-space indentation for the card, but arrays of numbers (trees, ranges) on one line, so
 * files stay readable and small. The same model always gives the same bytes.
 */
export function serializeModelFile(model: ModelFile): string {
  const text = JSON.stringify(model, null, 2).replace(/\[[\s\d.eE+\-,null]*\]/g, (array) =>
    array.includes('\n') ? array.replace(/\s+/g, '').replaceAll(',', ', ') : array,
  );
  return `${text}\n`;
}

/** Refuses a model whose features this realreach does not compute the same way. */
function checkFeatures(model: ModelFile, source: string): void {
  if (model.featureSetVersion !== FEATURE_SET_VERSION) {
    throw new InputError(
      `${source}: the model was trained on feature set version ${model.featureSetVersion}, but this realreach ` +
        `computes version ${FEATURE_SET_VERSION}; retrain it: realreach train --config models/${model.name}.config.json`,
    );
  }
  const known = new Set(FEATURES.map((feature) => feature.name));
  const unknown = model.features.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new InputError(
      `${source}: the model uses features this realreach does not have: ${unknown.join(', ')}`,
    );
  }
  if (
    model.gbdt.nFeatures !== model.features.length ||
    model.domain.ranges.length !== model.features.length
  ) {
    throw new InputError(
      `${source}: the model lists ${model.features.length} features but its trees or profile use another count`,
    );
  }
  const parts = model.featureParts;
  if (
    parts &&
    (parts.cuts.length !== model.features.length ||
      parts.parts.some(
        (part) =>
          part.counts.length !== model.features.length ||
          part.counts.some((bins, j) => bins.length !== (parts.cuts[j] as number[]).length + 2),
      ))
  ) {
    throw new InputError(
      `${source}: the model's featureParts do not match its ${model.features.length} features; retrain it: realreach train --config models/${model.name}.config.json`,
    );
  }
}

export function parseModelFile(text: string, source: string): ModelFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${source}: not a model file (invalid JSON: ${(error as Error).message})`);
  }
  const parsed = modelFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(
      `${source}: not a valid realreach model: ${issue?.path.join('.') || '(file)'}: ${issue?.message}`,
    );
  }
  checkFeatures(parsed.data, source);
  return parsed.data;
}

/** Reads a bundled model by name (`x`, `instagram`, `general`) or a model file by path. */
export async function readModelFile(nameOrPath: string): Promise<ModelFile> {
  const bundled = ([...BUNDLED_MODEL_NAMES, ...BUNDLED_KIND_MODEL_NAMES] as readonly string[]).includes(
    nameOrPath,
  );
  const path = bundled ? join(BUNDLED_MODELS_DIR, `${nameOrPath}.json`) : nameOrPath;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      bundled
        ? `the bundled model ${nameOrPath} is missing (${path}: ${code}); rebuild it: realreach train --config models/${nameOrPath}.config.json`
        : `${path}: cannot read the model: ${code ?? (error as Error).message}`,
    );
  }
  return parseModelFile(text, path);
}
