// Aggregates scored followers in constant memory: audience types, the p(fake) histogram, score bins for the fake share, reachability, activity, intake by position and the most suspicious followers.
import type { Account, Label } from '../core/account.ts';
import { isActivityKnown, isInactive } from './audience-types.ts';
import { BoundedHeap } from './bounded-heap.ts';
import { IntakeBuckets } from './intake-buckets.ts';
import { reachabilityBandIndex } from './reachability.ts';
import {
  AUDIENCE_TYPES,
  type AudienceThresholds,
  type AudienceType,
  REACHABILITY_BANDS,
} from './report-schema.ts';
import { addScore, createScoreHistogram, type ScoreHistogram } from './score-histogram.ts';

/** One follower after scoring. */
export interface ScoredFollower {
  account: Account;
  label?: Label;
  /** 0-based position in the follower list as read. */
  position: number;
  pFake: number;
  unlikeTraining: boolean;
  type: AudienceType;
}

export const HISTOGRAM_BINS = 20;

/** More suspicious first: higher p(fake), then earlier in the list (so ties keep the list's order). */
export function compareSuspicion(a: ScoredFollower, b: ScoredFollower): number {
  return a.pFake !== b.pFake ? a.pFake - b.pFake : b.position - a.position;
}

export class AudienceTally {
  scored = 0;
  readonly typeCounts = Object.fromEntries(AUDIENCE_TYPES.map((type) => [type, 0])) as Record<
    AudienceType,
    number
  >;
  readonly pFakeCounts = new Array<number>(HISTOGRAM_BINS).fill(0);
  /** Scores of followers like the model's training data, and of those unlike it. */
  readonly like: ScoreHistogram = createScoreHistogram();
  readonly unlike: ScoreHistogram = createScoreHistogram();
  readonly reachCounts = new Array<number>(REACHABILITY_BANDS.length).fill(0);
  reachUnknown = 0;
  activityKnown = 0;
  inactive = 0;
  /** Present when the list's order is the follow order. */
  readonly intake: IntakeBuckets | undefined;
  readonly mostSuspicious: BoundedHeap<ScoredFollower>;
  readonly #inactiveDays: number;

  constructor(thresholds: AudienceThresholds, options: { keep: number; followOrder: boolean }) {
    this.#inactiveDays = thresholds.inactiveDays;
    this.intake = options.followOrder ? new IntakeBuckets() : undefined;
    this.mostSuspicious = new BoundedHeap(options.keep, compareSuspicion);
  }

  add(follower: ScoredFollower): void {
    const { account, pFake } = follower;
    this.scored++;
    this.typeCounts[follower.type]++;
    const bin = Math.min(HISTOGRAM_BINS - 1, Math.floor(pFake * HISTOGRAM_BINS));
    this.pFakeCounts[bin] = (this.pFakeCounts[bin] as number) + 1;
    addScore(follower.unlikeTraining ? this.unlike : this.like, pFake);
    const band = reachabilityBandIndex(account.followingCount);
    if (band === undefined) this.reachUnknown++;
    else this.reachCounts[band] = (this.reachCounts[band] as number) + 1;
    if (isActivityKnown(account)) {
      this.activityKnown++;
      if (isInactive(account, this.#inactiveDays)) this.inactive++;
    }
    this.intake?.add(follower.position, pFake);
    this.mostSuspicious.offer(follower);
  }
}
