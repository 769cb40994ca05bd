// How unusual each day's follower change is: a robust z against a rolling median and MAD, with the weekday rhythm taken out.
import { median, medianAbsoluteDeviation } from 'simple-statistics';

export interface RobustBaselineOptions {
  /** Days on each side of a day that make its baseline (the day itself left out). */
  baselineHalfWidth: number;
  /** Days on each side that make its noise scale: wider than the baseline, because a MAD needs more points. */
  scaleHalfWidth: number;
  /** Day of the week of changes[0] (0 = Sunday), for the weekday rhythm. */
  firstWeekday: number;
  /** Indices where a new regime starts: windows never reach across one. */
  segmentStarts?: readonly number[];
  /**
   * Changes no window takes in (1 = left out): a long gap between snapshots, whose interpolated days would otherwise
   * lift or lower the baseline of the observed days around it. Their own expected value comes from the days around.
   */
  excluded?: Uint8Array;
}

export interface RobustScores {
  /** What the day would have been: the rolling median plus its weekday's usual offset. */
  expected: Float64Array;
  /** The day-to-day noise, as a standard deviation (1.4826 × MAD), never below one follower. */
  scale: Float64Array;
  /** (change − expected) / scale. */
  z: Float64Array;
  /** The weekday offsets (Sunday first) that were taken out. */
  weekdayOffsets: number[];
}

/** 1.4826 × MAD estimates a normal standard deviation. */
const MAD_TO_SD = 1.4826;
/** Below three weeks a weekday's offset would be one or two days' noise. */
const WEEKS_FOR_RHYTHM = 3;
const MIN_SCALE = 1;

function segmentBounds(length: number, starts: readonly number[] | undefined): Int32Array {
  const segmentOf = new Int32Array(length);
  const sorted = [...(starts ?? [])].filter((s) => s > 0 && s < length).sort((a, b) => a - b);
  let segment = 0;
  for (let i = 0; i < length; i++) {
    while (segment < sorted.length && i >= (sorted[segment] as number)) segment++;
    segmentOf[i] = segment;
  }
  return segmentOf;
}

/** The values around `i` within its segment, excluded ones and `i` itself (unless `withSelf`) left out. */
function around(
  values: Float64Array,
  segmentOf: Int32Array,
  excluded: Uint8Array | undefined,
  i: number,
  halfWidth: number,
  withSelf: boolean,
): number[] {
  const out: number[] = [];
  const segment = segmentOf[i];
  for (let j = Math.max(0, i - halfWidth); j <= Math.min(values.length - 1, i + halfWidth); j++)
    if ((j !== i || withSelf) && segmentOf[j] === segment && excluded?.[j] !== 1)
      out.push(values[j] as number);
  return out;
}

/**
 * For a left-out day with nothing to compare within its window (deep inside a gap longer than the window): the
 * `halfWidth` kept values nearest the gap on each side, within its segment.
 */
function beyondGap(
  values: Float64Array,
  segmentOf: Int32Array,
  excluded: Uint8Array,
  i: number,
  halfWidth: number,
): number[] {
  const out: number[] = [];
  const segment = segmentOf[i];
  for (const step of [-1, 1]) {
    let taken = 0;
    for (
      let j = i + step;
      j >= 0 && j < values.length && segmentOf[j] === segment && taken < halfWidth;
      j += step
    )
      if (excluded[j] !== 1) {
        out.push(values[j] as number);
        taken++;
      }
  }
  return out;
}

export function robustScores(changes: Float64Array, options: RobustBaselineOptions): RobustScores {
  const n = changes.length;
  const segmentOf = segmentBounds(n, options.segmentStarts);
  const rolling = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let near = around(changes, segmentOf, options.excluded, i, options.baselineHalfWidth, false);
    if (near.length === 0 && options.excluded?.[i] === 1)
      near = beyondGap(changes, segmentOf, options.excluded, i, options.baselineHalfWidth);
    rolling[i] = near.length > 0 ? median(near) : (changes[i] as number);
  }
  const weekdayOf = (i: number) => (options.firstWeekday + i) % 7;
  const weekdayOffsets = [0, 0, 0, 0, 0, 0, 0];
  if (n >= 7 * WEEKS_FOR_RHYTHM)
    for (let weekday = 0; weekday < 7; weekday++) {
      const residuals: number[] = [];
      for (let i = 0; i < n; i++)
        if (weekdayOf(i) === weekday && options.excluded?.[i] !== 1)
          residuals.push((changes[i] as number) - (rolling[i] as number));
      weekdayOffsets[weekday] = residuals.length > 0 ? median(residuals) : 0;
    }
  const expected = new Float64Array(n);
  const residual = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    expected[i] = (rolling[i] as number) + (weekdayOffsets[weekdayOf(i)] as number);
    residual[i] = (changes[i] as number) - (expected[i] as number);
  }
  const scale = new Float64Array(n);
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let near = around(residual, segmentOf, options.excluded, i, options.scaleHalfWidth, true);
    if (near.length === 0 && options.excluded?.[i] === 1)
      near = beyondGap(residual, segmentOf, options.excluded, i, options.scaleHalfWidth);
    const spread = near.length > 1 ? MAD_TO_SD * medianAbsoluteDeviation(near) : 0;
    scale[i] = Math.max(MIN_SCALE, spread);
    z[i] = (residual[i] as number) / (scale[i] as number);
  }
  return { expected, scale, z, weekdayOffsets };
}
