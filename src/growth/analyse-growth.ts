// The growth stage's entry: a history or a follower list in, its series, events (spikes judged by who arrived) and bought batches out.
import type { Platform } from '../core/account.ts';
import { detectEvents, type FollowerEvent } from './detect-events.ts';
import { type FollowOrderEntry, rebuildFromFollowOrder } from './follow-order.ts';
import { type BatchFollower, type FollowerBatch, findBoughtBatches } from './follower-batches.ts';
import { dayOf, type FollowerSeries } from './follower-series.ts';
import { judgeSpike, type SpikeJudgement } from './spike-arrivals.ts';

/** A follower as the growth stage reads it: scored by the model, in follow order. */
export interface ScoredFollower extends BatchFollower, FollowOrderEntry {}

export interface JudgedEvent extends FollowerEvent {
  /** For a spike on a rebuilt series: 0-based positions (oldest first) of the followers who arrived, inclusive. */
  arrivals?: { from: number; to: number };
  judgement?: SpikeJudgement;
}

export interface GrowthAnalysis {
  series: FollowerSeries;
  events: JudgedEvent[];
  /** For follower lists: bought batches, positions 0-based oldest first. */
  batches?: FollowerBatch[];
  /** For follower lists: how many had an exact follow time, how many no date at all. */
  followTimes?: { exact: number; undated: number };
}

export interface GrowthOptions {
  platform?: Platform;
  /** When the follower list was read: the end of its rebuilt curve. */
  readAt?: Date;
}

export function analyseHistory(series: FollowerSeries, options: GrowthOptions = {}): GrowthAnalysis {
  return { series, events: detectEvents(series, { platform: options.platform }) };
}

/**
 * `followers` oldest first. A rebuilt curve is too coarse for the day-by-day event finder (followers sharing a bound
 * make steps that are no event), so a follower list's events are its bought batches: each a spike dated the earliest
 * day the whole batch can have followed, judged by who arrived in it against everyone else.
 */
export function analyseFollowerList(
  followers: readonly ScoredFollower[],
  options: GrowthOptions = {},
): GrowthAnalysis {
  const rebuilt = rebuildFromFollowOrder(followers, options.readAt);
  const batches = findBoughtBatches(followers);
  const events: JudgedEvent[] = [];
  for (const batch of batches) {
    const bound = rebuilt.followedNoEarlierThan[batch.to];
    if (bound === undefined) continue;
    const arrivals = followers.slice(batch.from, batch.to + 1);
    const rest = [...followers.slice(0, batch.from), ...followers.slice(batch.to + 1)];
    events.push({
      date: dayOf(bound),
      kind: 'spike',
      size: batch.size,
      inGap: true,
      fromBatch: true,
      arrivals: { from: batch.from, to: batch.to },
      judgement: judgeSpike(arrivals, rest),
    });
  }
  return {
    series: rebuilt.series,
    events,
    batches,
    followTimes: {
      exact: rebuilt.exactTimes,
      undated: rebuilt.followedNoEarlierThan.filter((time) => time === undefined).length,
    },
  };
}

/**
 * Judges an observed history's spikes by who arrived, given today's follower list oldest first. The list's last
 * follower is the history's last count; a spike that took the count from `a` to `b` brought the followers at places
 * a + 1 … b of the list, shifted by the followers the list lacks (hidden, or lost since). Unfollows after the spike
 * shift places further, so the arrivals are approximate; spikes the list no longer reaches are left unjudged.
 */
export function judgeSpikesByArrivals(
  analysis: GrowthAnalysis,
  followers: readonly ScoredFollower[],
): GrowthAnalysis {
  const { days } = analysis.series;
  const last = days.at(-1);
  if (last === undefined || followers.length === 0) return analysis;
  const missing = last.followers - followers.length;
  const countOn = new Map(days.map((day) => [day.date, day.followers]));
  const events = analysis.events.map((event): JudgedEvent => {
    if (event.kind !== 'spike') return event;
    const index = days.findIndex((day) => day.date === event.date);
    const before = days[index - 1]?.followers;
    const after = countOn.get(event.endDate ?? event.date);
    if (before === undefined || after === undefined) return event;
    const from = Math.max(0, before - missing);
    const to = Math.min(followers.length, after - missing) - 1;
    if (to - from + 1 < 1) return event;
    const arrivals = followers.slice(from, to + 1);
    const rest = [...followers.slice(0, from), ...followers.slice(to + 1)];
    return { ...event, arrivals: { from, to }, judgement: judgeSpike(arrivals, rest) };
  });
  return { ...analysis, events };
}
