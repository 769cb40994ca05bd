// A trained model as one JSON file: format version, features, trees (or the member models of a union), calibration, domain profile and training card; validated on load.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { LABELS, PLATFORMS } from '../core/account.ts';
import { InputError } from '../core/errors.ts';
import { FEATURE_SET_VERSION, FEATURES } from '../features/index.ts';
import { calibrationSchema } from './calibrate.ts';
import { domainProfileSchema } from './domain-profile.ts';
import { featurePartsSchema } from './feature-parts.ts';
import { FOLLOWER_KINDS } from './follower-kinds.ts';
import { gbdtModelJsonSchema } from './gbdt/serialize.ts';
import { metricSummarySchema } from './metrics/metric-summary.ts';
import { trainingConfigSchema } from './training/training-config.ts';

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
 * what the audit's shift test checks (src/audit/fake-share/shift-test.ts).
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

/**
 * One member of a union model: the model file `<model>.json` beside the union's, one kind of fake against humans,
 * pinned by the SHA-256 of its bytes — the union's calibration was fitted on that member's scores, so another member
 * (retrained, edited) is refused rather than silently miscalibrated.
 */
export const unionMemberSchema = z.strictObject({
  kind: z.enum(FOLLOWER_KINDS),
  model: z.string().regex(/^[a-z0-9-]+$/),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type UnionMember = z.infer<typeof unionMemberSchema>;

export const modelFileSchema = z.strictObject({
  format: z.literal(MODEL_FORMAT),
  formatVersion: z.literal(MODEL_FORMAT_VERSION),
  name: z.string(),
  description: z.string(),
  platforms: z.array(z.enum(PLATFORMS)),
  positiveLabels: z.array(z.enum(LABELS)),
  featureSetVersion: z.string(),
  features: z.array(z.string()).min(1),
  /** The trees, whose margin the calibration maps to p(fake); absent from a union model. */
  gbdt: gbdtModelJsonSchema.optional(),
  /**
   * A union model's members: p(fake) is the calibration of the noisy-or union's log-odds,
   * logit(1 - (1 - p_1)(1 - p_2)…), each p_k a member's calibrated probability; its `features` hold every member's.
   * One member is a union trained on data that hold one kind only (train-model-file.ts).
   */
  members: z.array(unionMemberSchema).min(1).optional(),
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

/** The SHA-256 of a model file's bytes as `serializeModelFile` writes them: what a union pins its members by. */
export function modelFileSha256(model: ModelFile | string): string {
  return createHash('sha256')
    .update(typeof model === 'string' ? model : serializeModelFile(model))
    .digest('hex');
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
    (model.gbdt !== undefined && model.gbdt.nFeatures !== model.features.length) ||
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
  if ((parsed.data.gbdt === undefined) === (parsed.data.members === undefined))
    throw new InputError(
      `${source}: not a valid realreach model: it needs either trees (gbdt) or the members of a union, not ${parsed.data.gbdt === undefined ? 'neither' : 'both'}`,
    );
  checkFeatures(parsed.data, source);
  return parsed.data;
}

/** The trees of a model that has them (every model but a union). */
export function treesOf(model: ModelFile): NonNullable<ModelFile['gbdt']> {
  if (model.gbdt === undefined)
    throw new InputError(
      `the ${model.name} model is a union of ${model.members?.map((member) => member.model).join(' and ')}: it has no trees of its own`,
    );
  return model.gbdt;
}

/** A member model file as read, with the SHA-256 of its bytes and where it came from. */
export interface ReadMember {
  model: ModelFile;
  sha256: string;
  source: string;
}

/**
 * Refuses members that are not the union's: missing, in another order, other bytes than the union was calibrated
 * on, a union themselves, or with a feature the union does not compute (a member's columns are taken from the
 * union's feature row).
 */
export function checkUnionMembers(union: ModelFile, members: readonly ReadMember[], source: string): void {
  const expected = union.members ?? [];
  const retrain = `retrain the union and its members together: realreach train --config models/${union.name}.config.json`;
  if (members.length !== expected.length)
    throw new InputError(
      `${source}: the union has ${expected.length} members (${expected.map((member) => member.model).join(', ')}) but ${members.length === 1 ? 'one was' : `${members.length} were`} given`,
    );
  expected.forEach((member, k) => {
    const given = members[k] as ReadMember;
    if (given.model.name !== member.model)
      throw new InputError(
        `${source}: member ${k + 1} is ${member.model}, but ${given.source} holds the model ${given.model.name}`,
      );
    if (given.model.members !== undefined)
      throw new InputError(
        `${source}: member ${member.model} (${given.source}) is a union itself; members need trees`,
      );
    if (given.sha256 !== member.sha256)
      throw new InputError(
        `${source}: member ${member.model} (${given.source}) is not the one the union was calibrated on (sha256 ${given.sha256.slice(0, 12)}…, expected ${member.sha256.slice(0, 12)}…); ${retrain}`,
      );
    if (given.model.featureSetVersion !== union.featureSetVersion)
      throw new InputError(
        `${source}: member ${member.model} computes feature set ${given.model.featureSetVersion}, the union ${union.featureSetVersion}; ${retrain}`,
      );
    const lacking = given.model.features.filter((name) => !union.features.includes(name));
    if (lacking.length > 0)
      throw new InputError(
        `${source}: member ${member.model} uses features the union does not list: ${lacking.join(', ')}; ${retrain}`,
      );
  });
}

const isBundled = (nameOrPath: string) =>
  ([...BUNDLED_MODEL_NAMES, ...BUNDLED_KIND_MODEL_NAMES] as readonly string[]).includes(nameOrPath);

/** Reads a bundled model by name (`x`, `instagram`, `general`) or a model file by path. */
export async function readModelFile(nameOrPath: string): Promise<ModelFile> {
  return (await readModelText(nameOrPath)).model;
}

/**
 * Reads a model with the members it needs (none for a model with trees): a union's members are the files
 * `<member>.json` beside it, checked against the union (checkUnionMembers).
 */
export async function readModelWithMembers(
  nameOrPath: string,
): Promise<{ model: ModelFile; members: ModelFile[] }> {
  const { model, path } = await readModelText(nameOrPath);
  if (model.members === undefined) return { model, members: [] };
  const members = await Promise.all(
    model.members.map(async (member) => {
      const read = await readModelText(join(dirname(path), `${member.model}.json`), member.model);
      return { model: read.model, sha256: modelFileSha256(read.text), source: read.path };
    }),
  );
  checkUnionMembers(model, members, path);
  return { model, members: members.map((member) => member.model) };
}

async function readModelText(
  nameOrPath: string,
  memberOf?: string,
): Promise<{ model: ModelFile; text: string; path: string }> {
  const bundled = isBundled(nameOrPath);
  const path = bundled ? join(BUNDLED_MODELS_DIR, `${nameOrPath}.json`) : nameOrPath;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      bundled
        ? `the bundled model ${nameOrPath} is missing (${path}: ${code}); rebuild it: realreach train --config models/${nameOrPath}.config.json`
        : code === 'ENOENT' && memberOf === undefined && !/[/\\]|\.json$/i.test(nameOrPath)
          ? `no model "${nameOrPath}": name a bundled model (${BUNDLED_MODEL_NAMES.join(', ')}) or a model file's path`
          : `${path}: cannot read the ${memberOf === undefined ? 'model' : `union's member ${memberOf}`}: ${code ?? (error as Error).message}`,
    );
  }
  return { model: parseModelFile(text, path), text, path };
}
