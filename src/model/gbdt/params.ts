// The knobs of GBDT training: their schema (ranges), defaults for small tabular data, and resolving partial params.
import { z } from 'zod';

export const gbdtParamsSchema = z.strictObject({
  /** Most trees to grow; early stopping may keep fewer. */
  nEstimators: z.int().min(1),
  /** Shrinkage applied to every leaf value. */
  learningRate: z.number().gt(0).lte(1),
  /** Deepest split level: a tree of depth d has at most 2^d leaves. */
  maxDepth: z.int().min(1).max(30),
  /** Most leaves per tree; leaves are split best gain first. */
  maxLeaves: z.int().min(2),
  /** Fewest (sampled) training rows in a leaf. */
  minSamplesLeaf: z.int().min(1),
  /** Smallest hessian sum in a leaf (XGBoost's min_child_weight). */
  minChildWeight: z.number().min(0),
  /** L2 penalty on leaf values. */
  lambda: z.number().min(0),
  /** Share of rows each tree is grown on. */
  subsample: z.number().gt(0).lte(1),
  /** Share of features each tree may split on. */
  colsampleByTree: z.number().gt(0).lte(1),
  /** Most value bins per feature (one more bin holds missing values). */
  maxBins: z.int().min(2).max(255),
  /** Stop after this many trees without a better validation loss, keeping the best; 0 turns early stopping off. */
  earlyStoppingRounds: z.int().min(0),
  /** Share of training rows held out (stratified) for early stopping when no validation set is given. */
  validationFraction: z.number().gt(0).lt(1),
  /** Seeds row and feature sampling and the held-out split: same seed, same data => the same model. */
  seed: z.int().min(0).max(0xffffffff),
  /**
   * One sign per feature: +1 the margin may only rise with the feature, -1 only fall, 0 free (XGBoost's and
   * LightGBM's monotone constraints). Absent: every feature free. Missing values are not ordered and go either way.
   */
  monotoneConstraints: z.array(z.union([z.literal(-1), z.literal(0), z.literal(1)])).optional(),
});

export type GbdtParams = z.infer<typeof gbdtParamsSchema>;

export const defaultGbdtParams: GbdtParams = {
  nEstimators: 500,
  learningRate: 0.05,
  maxDepth: 5,
  maxLeaves: 31,
  minSamplesLeaf: 5,
  minChildWeight: 1,
  lambda: 1,
  subsample: 0.8,
  colsampleByTree: 0.8,
  maxBins: 255,
  earlyStoppingRounds: 30,
  validationFraction: 0.2,
  seed: 1,
};

/** The defaults overridden by `params`; throws a RangeError listing every out-of-range or unknown field. */
export function resolveGbdtParams(params: Partial<GbdtParams>): GbdtParams {
  const parsed = gbdtParamsSchema.safeParse({ ...defaultGbdtParams, ...params });
  if (!parsed.success) throw new RangeError(`invalid GBDT params:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
