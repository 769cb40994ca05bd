// How a comparison reads: intervals and money as people say them, shared by the terminal and the dashboard.
import type { Interval } from '../audit/report-schema.ts';

const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const money = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export function formatWholeInterval(value: Interval | null): string {
  return value === null
    ? '—'
    : `${whole.format(value.estimate)} (${whole.format(value.low)}–${whole.format(value.high)})`;
}

export function formatShareInterval(value: Interval | null): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)}`;
  return value === null ? '—' : `${pct(value.estimate)} % (${pct(value.low)}–${pct(value.high)})`;
}

export function formatMoneyInterval(value: Interval | null): string {
  return value === null
    ? '—'
    : `${money.format(value.estimate)} (${money.format(value.low)}–${money.format(value.high)})`;
}
