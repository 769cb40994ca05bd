// The report's verification section: the fake share re-estimated from a person's labels on a review sample, how, and how far it moved.
import { z } from 'zod';

const interval = z.strictObject({ estimate: z.number(), low: z.number(), high: z.number() });

export const verificationSchema = z.strictObject({
  /** The estimator in words, with its sources. */
  method: z.string(),
  labels: z.strictObject({
    /** Labels used: followers of this list with a fake, real or unsure label. */
    used: z.int(),
    fake: z.int(),
    real: z.int(),
    unsure: z.int(),
    /** Rows left empty (drawn, not judged). */
    unlabelled: z.int(),
    /** Labelled ids not among the followers read (left out). */
    unmatched: z.int(),
    /** Rows that could not be read (left out), the first of them as `file:line: field: reason`. */
    problems: z.int(),
    problemExamples: z.array(z.string()),
  }),
  /** How unsure labels were counted, and why. */
  unsureRule: z.string(),
  /** The fake share with the labels: the estimate and its 95 % interval. */
  fakeShare: interval,
  realFollowers: interval,
  /** What the model alone said (the audit without labels). */
  modelOnly: z.strictObject({ fakeShare: interval, realFollowers: interval }),
  /** Labels alone: the classical stratified interval from the same sample, without the model's scores. */
  labelsOnly: interval,
  /** The labelled estimate minus the model's, share points 0–1. */
  shift: z.number(),
  /** The weight PPI++ gave the model's scores (0: labels alone, 1: plain PPI). */
  predictionWeight: z.number(),
  strata: z.array(
    z.strictObject({
      pFakeFrom: z.number(),
      pFakeTo: z.number(),
      followers: z.int(),
      labelled: z.int(),
      /** Labelled fake by the person; unsure labels are counted apart, below. */
      labelledFake: z.int(),
      labelledUnsure: z.int().default(0),
      meanPFake: z.number(),
    }),
  ),
  note: z.string(),
});
export type Verification = z.infer<typeof verificationSchema>;
