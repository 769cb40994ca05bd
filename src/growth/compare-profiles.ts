// Candidates side by side: real followers, fake share, quality, reach, engagement, growth events, and what a price buys per 1,000 real followers — ranked on the conservative end of each interval.
import { pointMayBeOff } from '../audit/point-may-be-off.ts';
import type { AuditReport, Interval } from '../audit/report-schema.ts';
import type { JudgedEvent } from './analyse-growth.ts';

export interface CompareCandidate {
  /** How the candidate is named: `@handle`, or `audit 12`. */
  name: string;
  auditId?: number;
  report: AuditReport;
  /** What the candidate asks for a post (any currency, the same for all). */
  price?: number;
  /** Events of the profile's stored history, when it has one. */
  events?: readonly JudgedEvent[];
}

export interface CompareOptions {
  /**
   * An assumption, editable: what 1,000 impressions are worth in the market (the same currency as the prices). Used
   * only for the fair-price column; the default is a placeholder for the user to change, not a measurement.
   */
  cpmBenchmark: number;
}

export const DEFAULT_COMPARE_OPTIONS: CompareOptions = { cpmBenchmark: 10 };

export const COMPARE_FORMULAS = {
  reachableShare: 'followers following fewer than 1,500 accounts ÷ followers with a known following count',
  qualityAdjustedReach: 'real followers × reachable share',
  costPer1000Real: 'price ÷ real followers × 1,000 (interval from the real-follower interval)',
  effectiveCpm: 'price ÷ quality-adjusted reach × 1,000 (interval from the real-follower interval)',
  fairPrice: 'quality-adjusted reach ÷ 1,000 × CPM benchmark (the benchmark is an editable assumption)',
  rank: 'with prices: by the high end of cost per 1,000 real followers (the most it can cost); without: by the low end of real followers',
} as const;

export interface CompareRow {
  name: string;
  auditId?: number;
  handle: string | null;
  platform: string | null;
  followers: number;
  realFollowers: Interval;
  fakeShare: Interval;
  /**
   * The audit's shift test fired and no labels settled it: its point readings (and what is computed from them) may
   * be off while their intervals hold, so they are shown range first.
   */
  pointMayBeOff: boolean;
  qualityScore: number;
  reachableShare: number | null;
  qualityAdjustedReach: Interval | null;
  /** Interactions per post ÷ real followers, when posts were given. */
  engagementRate: Interval | null;
  events: { spikes: number; drops: number; regimeChanges: number; purchaseLike: number };
  price: number | null;
  costPer1000Real: Interval | null;
  effectiveCpm: Interval | null;
  fairPrice: Interval | null;
  rank: number;
}

function reachableShare(report: AuditReport): number | null {
  const known = report.reachability.reduce((sum, band) => sum + band.count, 0);
  if (known === 0) return null;
  const reachable = report.reachability
    .filter((band) => band.band !== '> 1,500')
    .reduce((s, b) => s + b.count, 0);
  return reachable / known;
}

/** Each end of an interval to `decimals` places (0: whole followers; 2: cents), so no float noise reaches a reader. */
function rounded(interval: Interval, decimals: number): Interval {
  const factor = 10 ** decimals;
  const round = (value: number) => Math.round(value * factor) / factor;
  return { estimate: round(interval.estimate), low: round(interval.low), high: round(interval.high) };
}

function scaled(interval: Interval, factor: number): Interval {
  return { estimate: interval.estimate * factor, low: interval.low * factor, high: interval.high * factor };
}

/** price ÷ x × 1,000 in cents, where a larger x makes a smaller cost: the low end comes from x's high end. */
function perThousand(price: number, interval: Interval): Interval | null {
  if (!(interval.low > 0)) return null;
  return rounded(
    {
      estimate: (price / interval.estimate) * 1_000,
      low: (price / interval.high) * 1_000,
      high: (price / interval.low) * 1_000,
    },
    2,
  );
}

export function compareProfiles(
  candidates: readonly CompareCandidate[],
  options: CompareOptions = DEFAULT_COMPARE_OPTIONS,
): CompareRow[] {
  const rows = candidates.map((candidate): CompareRow => {
    const { report } = candidate;
    const reachable = reachableShare(report);
    // Costs come from the reach before it is rounded to whole followers for the reader.
    const reach = reachable === null ? null : scaled(report.realFollowers, reachable);
    const events = candidate.events ?? [];
    const price = candidate.price ?? null;
    return {
      name: candidate.name,
      ...(candidate.auditId === undefined ? {} : { auditId: candidate.auditId }),
      handle: report.profile?.handle ?? null,
      platform: report.profile?.platform ?? null,
      followers: report.followerBase.count,
      realFollowers: report.realFollowers,
      fakeShare: report.fakeShare,
      pointMayBeOff: pointMayBeOff(report),
      qualityScore: report.qualityScore.score,
      reachableShare: reachable,
      qualityAdjustedReach: reach && rounded(reach, 0),
      engagementRate: report.engagement?.rateByRealFollowers ?? null,
      events: {
        spikes: events.filter((e) => e.kind === 'spike').length,
        drops: events.filter((e) => e.kind === 'drop').length,
        regimeChanges: events.filter((e) => e.kind === 'regime-change').length,
        purchaseLike: events.filter((e) => e.judgement?.verdict === 'purchase-like').length,
      },
      price,
      costPer1000Real: price === null ? null : perThousand(price, report.realFollowers),
      effectiveCpm: price === null || reach === null ? null : perThousand(price, reach),
      fairPrice: reach === null ? null : rounded(scaled(reach, options.cpmBenchmark / 1_000), 2),
      rank: 0,
    };
  });
  const priced = rows.every((row) => row.costPer1000Real !== null);
  const order = [...rows].sort((a, b) =>
    priced
      ? (a.costPer1000Real?.high ?? Number.POSITIVE_INFINITY) -
        (b.costPer1000Real?.high ?? Number.POSITIVE_INFINITY)
      : b.realFollowers.low - a.realFollowers.low,
  );
  order.forEach((row, i) => {
    row.rank = i + 1;
  });
  return order;
}

/** The comparison as CSV rows (header first): every interval as estimate, low and high columns. */
export function compareCsvRows(rows: readonly CompareRow[]): (string | number)[][] {
  const interval = (value: Interval | null) =>
    value === null ? ['', '', ''] : [value.estimate, value.low, value.high];
  const header = [
    'rank',
    'name',
    'platform',
    'handle',
    'followers',
    ...['real_followers', 'real_followers_low', 'real_followers_high'],
    ...['fake_share', 'fake_share_low', 'fake_share_high'],
    'point_may_be_off',
    'quality_score',
    'reachable_share',
    ...['quality_adjusted_reach', 'quality_adjusted_reach_low', 'quality_adjusted_reach_high'],
    ...['engagement_rate', 'engagement_rate_low', 'engagement_rate_high'],
    'spikes',
    'drops',
    'regime_changes',
    'price',
    ...['cost_per_1000_real', 'cost_per_1000_real_low', 'cost_per_1000_real_high'],
    ...['effective_cpm', 'effective_cpm_low', 'effective_cpm_high'],
    ...['fair_price', 'fair_price_low', 'fair_price_high'],
  ];
  return [
    header,
    ...rows.map((row) => [
      row.rank,
      row.name,
      row.platform ?? '',
      row.handle ?? '',
      row.followers,
      ...interval(row.realFollowers),
      ...interval(row.fakeShare),
      row.pointMayBeOff ? 'true' : 'false',
      row.qualityScore,
      row.reachableShare ?? '',
      ...interval(row.qualityAdjustedReach),
      ...interval(row.engagementRate),
      row.events.spikes,
      row.events.drops,
      row.events.regimeChanges,
      row.price ?? '',
      ...interval(row.costPer1000Real),
      ...interval(row.effectiveCpm),
      ...interval(row.fairPrice),
    ]),
  ];
}
