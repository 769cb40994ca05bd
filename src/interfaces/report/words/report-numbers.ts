// The numbers of a report in the words a reader sees: counts with separators, shares and intervals to one decimal.
import type { Interval } from '../../../audit/report-schema.ts';

const WHOLE = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const ONE_DECIMAL = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const THREE_DECIMALS = new Intl.NumberFormat('en-US', { minimumFractionDigits: 3, maximumFractionDigits: 3 });
const TWO_DECIMALS = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** A whole count with thousands separators: 71400 → "71,400". */
export function formatCount(count: number): string {
  return WHOLE.format(count);
}

/** A share 0–1 as a percentage with one decimal: 0.405 → "40.5 %". */
export function formatShare(share: number): string {
  return `${ONE_DECIMAL.format(share * 100)} %`;
}

/** A confidence level 0–1 as the label of its interval: 0.95 → "95 % CI". */
export function formatConfidence(confidence: number): string {
  return `${WHOLE.format(confidence * 100)} % CI`;
}

/** A range of shares: 0.008, 0.02 → "0.8–2.0 %". */
export function formatShareRange(low: number, high: number): string {
  return `${ONE_DECIMAL.format(low * 100)}–${formatShare(high)}`;
}

/** A share with its interval: "40.5 % (95 % CI 38.7–42.3 %)". */
export function formatShareInterval(interval: Interval, confidence: number): string {
  return `${formatShare(interval.estimate)} (${formatConfidence(confidence)} ${formatShareRange(interval.low, interval.high)})`;
}

/** A range of counts: "69,216–73,584". */
export function formatCountRange(low: number, high: number): string {
  return `${formatCount(low)}–${formatCount(high)}`;
}

/** A count with its interval: "71,400 (95 % CI 69,216–73,584)". */
export function formatCountInterval(interval: Interval, confidence: number): string {
  return `${formatCount(interval.estimate)} (${formatConfidence(confidence)} ${formatCountRange(interval.low, interval.high)})`;
}

/** A half-width of a share in percentage points: 0.0172 → "±1.7 pp". */
export function formatSharePoints(halfWidth: number): string {
  return `±${ONE_DECIMAL.format(halfWidth * 100)} pp`;
}

/** A probability as the model gives it: 0.98712 → "0.99". */
export function formatProbability(probability: number): string {
  return TWO_DECIMALS.format(probability);
}

/** A validation metric (MCC, ROC AUC, ECE) to three decimals: 0.9124 → "0.912". */
export function formatMetric(value: number): string {
  return THREE_DECIMALS.format(value);
}

/** Points of the quality score, to one decimal: 23.8 → "23.8". */
export function formatPoints(points: number): string {
  return ONE_DECIMAL.format(points);
}

/**
 * A count interval whose point reading may be off (the shift test fired, no labels): the range first, the reading
 * after it, marked: "815–2,474 (the model reads 1,755: may be off)", or with the confidence given "815–2,474 (95 % CI;
 * the model reads 1,755: may be off)".
 */
export function formatCountRangeFirst(interval: Interval, confidence?: number): string {
  const level = confidence === undefined ? '' : `${formatConfidence(confidence)}; `;
  return `${formatCountRange(interval.low, interval.high)} (${level}the model reads ${formatCount(interval.estimate)}: may be off)`;
}

/** The same for a share: "1.1–67.4 % (the model reads 29.8 %: may be off)". */
export function formatShareRangeFirst(interval: Interval, confidence?: number): string {
  const level = confidence === undefined ? '' : `${formatConfidence(confidence)}; `;
  return `${formatShareRange(interval.low, interval.high)} (${level}the model reads ${formatShare(interval.estimate)}: may be off)`;
}
