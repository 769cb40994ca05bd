// The metric summary plus what a held-out collection of one class can still be judged by: balanced accuracy, share flagged, mean p.
import { type MetricSummary, summariseMetrics } from '../metrics/metric-summary.ts';
import { SUSPICIOUS_THRESHOLD } from '../training/train-model.ts';

export interface EvaluationMetrics extends MetricSummary {
  /** Mean over the classes present of the share of that class called right; one class: that class's accuracy. */
  balancedAccuracy: number;
  /** Share of rows with p >= the threshold. */
  flaggedShare: number;
  meanProbability: number;
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

export function summariseEvaluation(
  probabilities: ArrayLike<number>,
  labels: ArrayLike<number>,
  threshold = SUSPICIOUS_THRESHOLD,
): EvaluationMetrics {
  const correct = [0, 0];
  const counts = [0, 0];
  let flagged = 0;
  let sum = 0;
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i] as 0 | 1;
    const p = probabilities[i] as number;
    const saysPositive = p >= threshold;
    counts[label] = (counts[label] as number) + 1;
    if (saysPositive === (label === 1)) correct[label] = (correct[label] as number) + 1;
    if (saysPositive) flagged++;
    sum += p;
  }
  const classRecalls = [0, 1]
    .filter((label) => (counts[label] as number) > 0)
    .map((label) => (correct[label] as number) / (counts[label] as number));
  const rows = Math.max(labels.length, 1);
  return {
    ...summariseMetrics(probabilities, labels, threshold),
    balancedAccuracy: round(classRecalls.reduce((total, share) => total + share, 0) / classRecalls.length),
    flaggedShare: round(flagged / rows),
    meanProbability: round(sum / rows),
  };
}
