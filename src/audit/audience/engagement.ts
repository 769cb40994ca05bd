// The profile's engagement rate from its recent posts, by followers and by estimated real followers, against a published tier benchmark.
import type { Platform } from '../../core/account.ts';
import type { AuditReport, Interval } from '../report-schema.ts';

type Engagement = NonNullable<AuditReport['engagement']>;

interface BenchmarkTier {
  /** Followers from (inclusive) and to (exclusive). */
  from: number;
  to: number;
  name: string;
  /** Engagement rates (shares, not percent) bounding the tier's typical range. */
  low: number;
  high: number;
  /** What `low` and `high` are, in words. */
  range: string;
}

interface BenchmarkTable {
  /** Which rate the table measures: the median or the mean of interactions per post, over followers. */
  measure: 'median' | 'mean';
  tiers: readonly BenchmarkTier[];
  citation: string;
}

/**
 * X: PlayerSells (2026), "X (Twitter) engagement rate benchmarks and posting pattern effects, October 2026",
 * https://playersells.com/insights/engagement-rate-benchmarks, data CC BY 4.0 in github.com/playersells/open-data
 * (datasets/x-engagement-benchmarks-2026-10/engagement_rate_by_follower_band.csv). Engagement there is the median
 * interactions (likes, reposts, replies, quotes) per original post over 30 days (to 7 Oct 2026) ÷ followers, for
 * 152,291 accounts with at least 8 original posts; the low and high here are each band's 25th and 75th percentiles.
 */
const X_TABLE: BenchmarkTable = {
  measure: 'median',
  citation:
    'PlayerSells (2026), "X (Twitter) engagement rate benchmarks and posting pattern effects, October 2026", https://playersells.com/insights/engagement-rate-benchmarks (data CC BY 4.0: github.com/playersells/open-data, datasets/x-engagement-benchmarks-2026-10). Engagement = median interactions (likes, reposts, replies, quotes) per original post over 30 days to 7 Oct 2026 ÷ followers. The accounts were scanned largest first, not a random sample of X.',
  tiers: [
    ['1K to 10K followers', 1e3, 1e4, 0.067, 1.34, 31869],
    ['10K to 50K followers', 1e4, 5e4, 0.204, 1.97, 3360],
    ['50K to 100K followers', 5e4, 1e5, 0.022, 0.431, 44919],
    ['100K to 500K followers', 1e5, 5e5, 0.012, 0.27, 45574],
    ['500K to 1M followers', 5e5, 1e6, 0.005, 0.14, 7014],
    ['1M to 5M followers', 1e6, 5e6, 0.003, 0.08, 5208],
    ['5M to 20M followers', 5e6, 2e7, 0.002, 0.039, 633],
    ['20M to 50M followers', 2e7, 5e7, 0.002, 0.027, 66],
  ].map(([name, from, to, lowPercent, highPercent, accounts]) => ({
    name: name as string,
    from: from as number,
    to: to as number,
    low: (lowPercent as number) / 100,
    high: (highPercent as number) / 100,
    range: `25th–75th percentile of ${(accounts as number).toLocaleString('en-US')} X accounts with ${name}`,
  })),
};

/**
 * Instagram: the ranges of growhtos.com, "What's a good engagement rate in 2026? (by follower tier)", 6 June 2026,
 * https://growhtos.com/en/blog/what-is-a-good-engagement-rate-2026, which compiles them, approximately, from
 * Influencer Marketing Hub, Hootsuite and similar 2024–2026 reports; engagement = (likes + comments + saves + shares)
 * per post ÷ followers. A secondary source: no primary per-tier table with ranges could be verified.
 */
const INSTAGRAM_TABLE: BenchmarkTable = {
  measure: 'mean',
  citation:
    'growhtos.com (2026), "What\'s a good engagement rate in 2026? (by follower tier)", https://growhtos.com/en/blog/what-is-a-good-engagement-rate-2026: approximate ranges compiled from Influencer Marketing Hub, Hootsuite and similar 2024–2026 reports (a secondary source; no primary per-tier table with ranges could be verified). Engagement = (likes + comments + saves + shares) per post ÷ followers; a posts file has no saves, so the rate here reads slightly low against it.',
  tiers: [
    ['nano, under 1K followers', 0, 1e3, 4, 9],
    ['micro, 1K to 10K followers', 1e3, 1e4, 3, 7],
    ['mid, 10K to 100K followers', 1e4, 1e5, 1.5, 5],
    ['macro, 100K to 1M followers', 1e5, 1e6, 0.8, 2.5],
    ['mega, 1M followers and more', 1e6, Number.POSITIVE_INFINITY, 0.3, 1.2],
  ].map(([name, from, to, lowPercent, highPercent]) => ({
    name: name as string,
    from: from as number,
    to: to as number,
    low: (lowPercent as number) / 100,
    high: (highPercent as number) / 100,
    range: `the normal range for Instagram accounts, ${name}`,
  })),
};

function tableFor(platform: Platform): { table: BenchmarkTable; note: string } {
  if (platform === 'instagram') return { table: INSTAGRAM_TABLE, note: '' };
  if (platform === 'x') return { table: X_TABLE, note: '' };
  return {
    table: X_TABLE,
    note: ` No published per-tier table for ${platform === 'other' ? 'this platform' : platform} could be verified; X's is shown as the nearest published reference (posts with likes, replies, reposts and quotes), so read the verdict as indicative only.`,
  };
}

/** The tier whose range holds `followers`, else the nearest one (with a note that it lies outside the table). */
function tierFor(table: BenchmarkTable, followers: number): { tier: BenchmarkTier; outside: boolean } {
  const tiers = table.tiers;
  const inside = tiers.find((tier) => followers >= tier.from && followers < tier.to);
  if (inside) return { tier: inside, outside: false };
  const first = tiers[0] as BenchmarkTier;
  return { tier: followers < first.from ? first : (tiers[tiers.length - 1] as BenchmarkTier), outside: true };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

const percent = (share: number) => `${(share * 100).toPrecision(3)} %`;

export interface EngagementInput {
  platform: Platform;
  /** Interactions (likes + replies + reposts + quotes) of each post. */
  interactions: readonly number[];
  /** The profile's followers (what the rate is divided by). */
  followers: number;
  realFollowers: Interval;
}

export interface EngagementResult {
  engagement: Engagement;
  /** The quality score's engagement part, 0–1 (see quality-score.ts). */
  scoreValue: number;
}

export function measureEngagement(input: EngagementInput): EngagementResult | undefined {
  const posts = input.interactions.length;
  if (posts === 0 || input.followers <= 0) return undefined;
  const meanInteractions = input.interactions.reduce((sum, value) => sum + value, 0) / posts;
  const { table, note } = tableFor(input.platform);
  const { tier, outside } = tierFor(table, input.followers);
  const compared =
    (table.measure === 'median' ? median(input.interactions) : meanInteractions) / input.followers;
  const verdict = compared < tier.low ? 'below' : compared > tier.high ? 'above' : 'within';
  const scoreValue =
    compared < tier.low
      ? (0.5 * compared) / tier.low
      : compared > tier.high
        ? 1
        : 0.5 + (0.5 * (compared - tier.low)) / (tier.high - tier.low);
  const real = input.realFollowers;
  const outsideNote = outside
    ? ` The profile's ${input.followers.toLocaleString('en-US')} followers lie outside the table; the nearest tier is used.`
    : '';
  return {
    engagement: {
      posts,
      meanInteractions,
      rateByFollowers: meanInteractions / input.followers,
      rateByRealFollowers: {
        estimate: meanInteractions / Math.max(1, real.estimate),
        low: meanInteractions / Math.max(1, real.high),
        high: meanInteractions / Math.max(1, real.low),
      },
      tier: tier.name,
      benchmark: {
        low: tier.low,
        high: tier.high,
        source: `${tier.range}: ${table.citation} The verdict compares the profile's ${table.measure} interactions per post ÷ followers, ${percent(compared)}.${outsideNote}${note}`,
      },
      verdict,
    },
    scoreValue,
  };
}
