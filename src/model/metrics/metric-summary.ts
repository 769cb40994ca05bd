// The metrics a model card and the evaluation report show, from probabilities and labels, in one object.
import { z } from 'zod';
import {
  accuracy,
  averagePrecision,
  brierScore,
  confusionMatrix,
  expectedCalibrationError,
  f1Score,
  logLoss,
  matthewsCorrelation,
  precision,
  recall,
  rocAuc,
} from './metrics.ts';

export const metricSummarySchema = z.strictObject({
  rows: z.int(),
  positives: z.int(),
  accuracy: z.number(),
  precision: z.number(),
  recall: z.number(),
  f1: z.number(),
  mcc: z.number(),
  /** null when the rows hold one class only (ranking metrics need both). */
  rocAuc: z.number().nullable(),
  prAuc: z.number().nullable(),
  ece: z.number(),
  logLoss: z.number(),
  brier: z.number(),
});
export type MetricSummary = z.infer<typeof metricSummarySchema>;

/** Rounds for reports and cards: 6 decimals is well below any difference that matters, and keeps files stable. */
function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

export function summariseMetrics(
  probabilities: ArrayLike<number>,
  labels: ArrayLike<number>,
  threshold = 0.5,
): MetricSummary {
  const matrix = confusionMatrix(probabilities, labels, threshold);
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i] as number;
  const bothClasses = positives > 0 && positives < labels.length;
  return {
    rows: labels.length,
    positives,
    accuracy: round(accuracy(matrix)),
    precision: round(precision(matrix)),
    recall: round(recall(matrix)),
    f1: round(f1Score(matrix)),
    mcc: round(matthewsCorrelation(matrix)),
    rocAuc: bothClasses ? round(rocAuc(probabilities, labels)) : null,
    prAuc: bothClasses ? round(averagePrecision(probabilities, labels)) : null,
    ece: round(expectedCalibrationError(probabilities, labels)),
    logLoss: round(logLoss(probabilities, labels)),
    brier: round(brierScore(probabilities, labels)),
  };
}
