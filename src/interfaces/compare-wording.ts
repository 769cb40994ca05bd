// How a comparison reads: intervals and money as people say them, shared by the terminal and the dashboard.
import type { Interval } from '../audit/report-schema.ts';
import { countOf } from '../core/plural.ts';
import type { CompareRow } from '../growth/compare-profiles.ts';

const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const money = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** The single figures of a comparison: whole followers, shares in percent, money to the cent. */
export const formatWhole = (x: number): string => whole.format(x);
export const formatPercent = (x: number): string => `${(100 * x).toFixed(1)} %`;
export const formatMoney = (x: number): string => money.format(x);

/**
 * "estimate (low–high)"; when the point reading may be off (the audit's shift test fired, no labels), the range
 * first and the reading marked: "low–high (reads estimate: may be off)".
 */
function intervalWords(value: Interval | null, format: (x: number) => string, mayBeOff: boolean): string {
  if (value === null) return '—';
  const range = `${format(value.low)}–${format(value.high)}`;
  return mayBeOff
    ? `${range} (reads ${format(value.estimate)}: may be off)`
    : `${format(value.estimate)} (${range})`;
}

export function formatWholeInterval(value: Interval | null, mayBeOff = false): string {
  return intervalWords(value, (x) => whole.format(x), mayBeOff);
}

export function formatShareInterval(value: Interval | null, mayBeOff = false): string {
  if (value === null) return '—';
  const pct = (x: number) => `${(100 * x).toFixed(1)}`;
  return mayBeOff
    ? `${pct(value.low)}–${pct(value.high)} % (reads ${pct(value.estimate)} %: may be off)`
    : `${pct(value.estimate)} % (${pct(value.low)}–${pct(value.high)})`;
}

export function formatMoneyInterval(value: Interval | null, mayBeOff = false): string {
  return intervalWords(value, (x) => money.format(x), mayBeOff);
}

/** A candidate's history events in a cell: "1 spike (0 purchase-like), 3 drops, 1 regime change". */
export function formatEventCounts(events: CompareRow['events']): string {
  return `${countOf(events.spikes, 'spike')} (${events.purchaseLike} purchase-like), ${countOf(events.drops, 'drop')}, ${countOf(events.regimeChanges, 'regime change')}`;
}
