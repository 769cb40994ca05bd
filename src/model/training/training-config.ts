// What `realreach train --config` reads: the datasets, classes, features and parameters a bundled model is trained from.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { LABELS, PLATFORMS } from '../../core/account.ts';
import { InputError } from '../../core/errors.ts';
import { FOLLOWER_KINDS } from '../follower-kinds.ts';
import { gbdtParamsSchema } from '../gbdt/params.ts';

export const trainingDatasetSchema = z.strictObject({
  /** The collection the file belongs to: leave-one-collection-out validation holds out whole collections. */
  collection: z.string().min(1),
  /** Relative to the datasets folder (../shared/datasets by default). */
  path: z.string().min(1),
  format: z.string().optional(),
  /** Capture time for an export that has none, with `note` saying where it comes from. */
  observedAt: z.iso.date().or(z.iso.datetime()).optional(),
  note: z.string().optional(),
});
export type TrainingDataset = z.infer<typeof trainingDatasetSchema>;

export const trainingConfigSchema = z.strictObject({
  /** The model's name: `x`, `instagram`, `general`. */
  name: z.string().regex(/^[a-z0-9-]+$/),
  description: z.string().min(1),
  /** The platforms the model is meant for; `score` and `audit` pick a model by the followers' platform. */
  platforms: z.array(z.enum(PLATFORMS)).min(1),
  /** `all` features, the `general` ones every platform has, or a list of names. */
  features: z.union([z.literal('all'), z.literal('general'), z.array(z.string()).min(1)]),
  /** Features left out, with the reason in `excludeReason` (e.g. a flag that gives a collection away). */
  exclude: z.array(z.string()).default([]),
  excludeReason: z.string().optional(),
  /** Labels counted as positive (what p(fake) is the probability of) and as negative. */
  positive: z.array(z.enum(LABELS)).min(1),
  negative: z.array(z.enum(LABELS)).min(1),
  datasets: z.array(trainingDatasetSchema).min(1),
  /** Why this mix of datasets: the leave-one-collection-out result it was chosen by. */
  mixRationale: z.string().optional(),
  /** What the model cannot know: the kinds of accounts and platforms its data never showed it. */
  limitations: z.string().optional(),
  seed: z.int().min(0).max(0xffffffff),
  /** Folds for the out-of-fold predictions that calibration and the card's metrics come from. */
  folds: z.int().min(2).max(20).default(5),
  /** Weigh rows so both classes count equally in training. */
  balanceClasses: z.boolean().default(true),
  params: gbdtParamsSchema.partial().default({}),
  /**
   * Monotone constraints by feature name: +1 p(positive) may only rise with the feature, -1 only fall; features not
   * named are free. Signs come from the literature, each with its reason in `monotoneReasons`.
   */
  monotone: z.record(z.string(), z.union([z.literal(-1), z.literal(1)])).optional(),
  monotoneReasons: z.record(z.string(), z.string()).optional(),
  /** Why these parameters: the cross-validated comparison they were chosen by. */
  paramsRationale: z.string().optional(),
  /**
   * A union model: no trees of its own; p(fake) is the noisy-or 1 - (1 - p_1)(1 - p_2)… of these models' calibrated
   * probabilities (each trained from <model>.config.json beside this config, on this config's datasets), calibrated
   * on out-of-fold union scores (train-model-file.ts). Each member is one kind of fake against humans.
   */
  members: z
    .array(z.strictObject({ kind: z.enum(FOLLOWER_KINDS), model: z.string().regex(/^[a-z0-9-]+$/) }))
    .min(2)
    .optional(),
  /** Why a union: the comparison and the decision behind it, said plainly. */
  unionRationale: z.string().optional(),
});
export type TrainingConfig = z.infer<typeof trainingConfigSchema>;

export async function readTrainingConfig(path: string): Promise<TrainingConfig> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new InputError(`${path}: cannot read the training config: ${(error as Error).message}`);
  }
  const parsed = trainingConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(`${path}: ${issue?.path.join('.') || '(config)'}: ${issue?.message}`);
  }
  return parsed.data;
}
