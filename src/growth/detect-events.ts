// Spikes, drops and regime changes in a follower history, found on its daily changes: the growth stage's event finder.
import { errorFunction, median } from 'simple-statistics';
import type { Platform } from '../core/account.ts';
import { findChangePoints } from './change-points.ts';
import { dailyChanges, dayNumber, type FollowerSeries, type SeriesDay } from './follower-series.ts';
import { matchKnownPurge } from './known-purges.ts';
import { robustScores } from './robust-baseline.ts';

export type EventKind = 'spike' | 'drop' | 'regime-change';

export interface FollowerEvent {
  /** The day (YYYY-MM-DD) the change shows, or the first day of its window. */
  date: string;
  /** The last day, when the event spans several (consecutive days, a gap between snapshots, a ramp). */
  endDate?: string;
  kind: EventKind;
  /**
   * The signed change: for spikes and drops, followers gained (+) or lost (−) over the event's days beyond what the
   * baseline expected (a purge on a day of ordinary growth is negative even if the count still rose); for a regime
   * change, the change in followers gained per day (after − before).
   */
  size: number;
  /** For spikes and drops: the count's own change over the event's days, baseline included. */
  change?: number;
  /** For regime changes: followers per day before and after. */
  ratePerDay?: { before: number; after: number };
  /** Robust z (absent for a batch's spike): the excess in units of day-to-day noise (1.4826 × MAD); the largest day's, for a run of days. */
  robustZ?: number;
  /** 1 − the chance that noise alone would give so large a z anywhere in this series (Bonferroni over its days). */
  confidence?: number;
  /** True when some of the event's days were interpolated between snapshots: its timing is only known to the window. */
  inGap: boolean;
  /** For a follower list: the bought batch the spike is (its follow-order positions are in `arrivals`). */
  fromBatch?: boolean;
  /** A known platform purge whose dates the drop matches. */
  purge?: string;
}

export interface EventOptions {
  /** |z| at or above which a single day is an event. */
  threshold: number;
  /** A regime change must move the daily rate by this many noise units. */
  regimeThreshold: number;
  /** The platform, to match drops against known purges. */
  platform?: Platform;
}

export const DEFAULT_EVENT_OPTIONS: EventOptions = { threshold: 4.5, regimeThreshold: 3 };

const BASELINE_HALF_WIDTH = 14;
const SCALE_HALF_WIDTH = 45;
/** A day's change must also be this many followers away from its baseline: noise of one or two is no event. */
const MIN_EXCESS = 3;
/** Days each side of a change point whose median gives the rates before and after. */
const LEVEL_DAYS = 28;
/** Change points closer than this are one regime change spread over days (a ramp). */
const RAMP_DAYS = 21;
/** A regime must last this many days on each side to be told apart from a burst. */
const MIN_REGIME_DAYS = 7;
const EXPECTED_RUN_LENGTH = 250;
/**
 * A change point is placed to within a few days: days this close to a regime change that look unusual against the
 * wrong regime's baseline are part of the change, not events of their own.
 */
const REGIME_BLUR_DAYS = 3;

/** Two-sided tail of the standard normal. */
function twoSidedTail(z: number): number {
  return 1 - errorFunction(Math.abs(z) / Math.SQRT2);
}

function confidenceOf(z: number, tests: number): number {
  return Math.max(0, 1 - tests * twoSidedTail(z));
}

interface Regime {
  start: number;
  end: number;
  before: number;
  after: number;
  z: number;
}

/** Levels each side of [start, end] within the neighbouring change points, or undefined when a side is too short. */
function levelsAround(
  values: Float64Array,
  start: number,
  end: number,
  lowerBound: number,
  upperBound: number,
): { before: number[]; after: number[] } | undefined {
  const before = Array.from(values.subarray(Math.max(lowerBound, start - LEVEL_DAYS), start));
  const after = Array.from(values.subarray(end, Math.min(upperBound, end + LEVEL_DAYS)));
  if (before.length < MIN_REGIME_DAYS || after.length < MIN_REGIME_DAYS) return undefined;
  return { before, after };
}

function findRegimes(cleaned: Float64Array, noise: number, options: EventOptions): Regime[] {
  const standardised = cleaned.map((value) => value / noise);
  const points = findChangePoints(standardised, { expectedRunLength: EXPECTED_RUN_LENGTH });
  const groups: { start: number; end: number }[] = [];
  for (const point of points) {
    const last = groups.at(-1);
    if (last !== undefined && point - last.end <= RAMP_DAYS) last.end = point;
    else groups.push({ start: point, end: point });
  }
  const regimes: Regime[] = [];
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g] as { start: number; end: number };
    const lower = regimes.at(-1)?.end ?? 0;
    const upper = (groups[g + 1]?.start as number | undefined) ?? cleaned.length;
    const levels = levelsAround(cleaned, group.start, group.end, lower, upper);
    if (levels === undefined) continue;
    const before = median(levels.before);
    const after = median(levels.after);
    // The standard error of a median is about 1.2533 σ / √n.
    const error = 1.2533 * noise * Math.sqrt(1 / levels.before.length + 1 / levels.after.length);
    if (Math.abs(after - before) < options.regimeThreshold * noise) continue;
    regimes.push({ ...group, before, after, z: (after - before) / error });
  }
  return regimes;
}

function dayOfChange(days: readonly SeriesDay[], i: number): SeriesDay {
  return days[i + 1] as SeriesDay;
}

/** A change lies in a gap when either of its two days was interpolated. */
function changeInGap(days: readonly SeriesDay[], i: number): boolean {
  return !(days[i] as SeriesDay).observed || !(days[i + 1] as SeriesDay).observed;
}

/**
 * Spans between two snapshots wider than the series' usual spacing (a daily history missing two weeks), as ranges of
 * change indices. Their days are interpolated, so the change is known only for the span as a whole: judged day by
 * day, a rise inside it would read as two small spikes at its edges, and its straight line would lift the baseline
 * of the observed days around it (a normal day beside it read as a drop). A weekly history's spans are its spacing.
 */
function longGaps(days: readonly SeriesDay[]): { from: number; to: number }[] {
  const observed = days.flatMap((day, i) => (day.observed ? [i] : []));
  const spans = observed.slice(1).map((at, k) => ({ from: observed[k] as number, to: at - 1 }));
  if (spans.length === 0) return [];
  const usual = median(spans.map((span) => span.to - span.from + 1));
  return spans.filter((span) => span.to - span.from + 1 > Math.max(1, usual));
}

export function detectEvents(series: FollowerSeries, options: Partial<EventOptions> = {}): FollowerEvent[] {
  const settings = { ...DEFAULT_EVENT_OPTIONS, ...options };
  const { days } = series;
  const changes = dailyChanges(series);
  const n = changes.length;
  if (n < 2 * MIN_REGIME_DAYS) return [];
  const firstWeekday = (dayNumber((days[1] as SeriesDay).date) + 4) % 7;
  const gaps = longGaps(days);
  const excluded = new Uint8Array(n);
  for (const gap of gaps) excluded.fill(1, gap.from, gap.to + 1);
  const first = robustScores(changes, {
    baselineHalfWidth: BASELINE_HALF_WIDTH,
    scaleHalfWidth: SCALE_HALF_WIDTH,
    firstWeekday,
    excluded,
  });
  // Regimes are looked for with the single-day outliers and the weekday rhythm taken out.
  const cleaned = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const offset = first.weekdayOffsets[(firstWeekday + i) % 7] as number;
    const outlier = excluded[i] === 1 || Math.abs(first.z[i] as number) >= settings.threshold;
    cleaned[i] = (outlier ? (first.expected[i] as number) : (changes[i] as number)) - offset;
  }
  const noise = median(Array.from(first.scale));
  const regimes = findRegimes(cleaned, noise, settings);
  const second = robustScores(changes, {
    baselineHalfWidth: BASELINE_HALF_WIDTH,
    scaleHalfWidth: SCALE_HALF_WIDTH,
    firstWeekday,
    segmentStarts: regimes.flatMap((regime) => [regime.start, regime.end]),
    excluded,
  });

  const events: FollowerEvent[] = [];
  let run: { kind: 'spike' | 'drop'; from: number; to: number } | undefined;
  const closeRun = () => {
    if (run === undefined) return;
    let change = 0;
    let excess = 0;
    let z = 0;
    let inGap = false;
    for (let i = run.from; i <= run.to; i++) {
      change += changes[i] as number;
      excess += (changes[i] as number) - (second.expected[i] as number);
      if (Math.abs(second.z[i] as number) > Math.abs(z)) z = second.z[i] as number;
      inGap ||= changeInGap(days, i);
    }
    const date = dayOfChange(days, run.from).date;
    const endDate = dayOfChange(days, run.to).date;
    const event: FollowerEvent = {
      date,
      ...(endDate === date ? {} : { endDate }),
      kind: run.kind,
      size: Math.round(excess),
      change,
      robustZ: z,
      confidence: confidenceOf(z, n),
      inGap,
    };
    const purge =
      run.kind === 'drop' && settings.platform !== undefined
        ? matchKnownPurge(settings.platform, date, endDate)
        : undefined;
    if (purge !== undefined) event.purge = purge.note;
    events.push(event);
    run = undefined;
  };
  const nearRegime = (i: number) =>
    regimes.some((regime) => i >= regime.start - REGIME_BLUR_DAYS && i <= regime.end + REGIME_BLUR_DAYS);
  for (let i = 0; i < n; i++) {
    if (excluded[i] === 1) {
      closeRun();
      continue;
    }
    const z = second.z[i] as number;
    const excess = (changes[i] as number) - (second.expected[i] as number);
    const kind = z >= settings.threshold ? 'spike' : z <= -settings.threshold ? 'drop' : undefined;
    if (kind === undefined || Math.abs(excess) < MIN_EXCESS || nearRegime(i)) {
      closeRun();
      continue;
    }
    if (run !== undefined && run.kind === kind && run.to === i - 1) run.to = i;
    else {
      closeRun();
      run = { kind, from: i, to: i };
    }
  }
  closeRun();
  // A long gap is one event or none: its whole change against what the days around it expect over as many days,
  // in units of their noise over as many days (independent days: √days).
  for (const gap of gaps) {
    let change = 0;
    let expected = 0;
    let variance = 0;
    for (let i = gap.from; i <= gap.to; i++) {
      change += changes[i] as number;
      expected += second.expected[i] as number;
      variance += (second.scale[i] as number) ** 2;
    }
    const excess = change - expected;
    const z = excess / Math.sqrt(variance);
    const kind = z >= settings.threshold ? 'spike' : z <= -settings.threshold ? 'drop' : undefined;
    if (kind === undefined || Math.abs(excess) < MIN_EXCESS) continue;
    const date = dayOfChange(days, gap.from).date;
    const endDate = dayOfChange(days, gap.to).date;
    const purge =
      kind === 'drop' && settings.platform !== undefined
        ? matchKnownPurge(settings.platform, date, endDate)
        : undefined;
    events.push({
      date,
      endDate,
      kind,
      size: Math.round(excess),
      change,
      robustZ: z,
      confidence: confidenceOf(z, n),
      inGap: true,
      ...(purge === undefined ? {} : { purge: purge.note }),
    });
  }
  for (const regime of regimes) {
    const date = dayOfChange(days, regime.start).date;
    const endDate = dayOfChange(days, regime.end).date;
    events.push({
      date,
      ...(endDate === date ? {} : { endDate }),
      kind: 'regime-change',
      size: Math.round(regime.after - regime.before),
      ratePerDay: { before: regime.before, after: regime.after },
      robustZ: regime.z,
      confidence: confidenceOf(regime.z, n),
      inGap: changeInGap(days, regime.start),
    });
  }
  return events.sort((a, b) => a.date.localeCompare(b.date));
}
