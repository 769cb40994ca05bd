// Aggregates scored followers in constant memory — audience types, the p(fake) histogram, score bins for the fake share, feature bins for the shift test, reachability, activity, intake by position and the most suspicious followers — into a value that merges exactly.
import type { Account, Label } from '../core/account.ts';
import { addFeatureRow, emptyFeatureCounts } from '../model/feature-parts.ts';
import { isActivityKnown, isInactive } from './audience/audience-types.ts';
import { addIntake, createIntakeState, type IntakeState, mergeIntake } from './audience/intake-buckets.ts';
import { reachabilityBandIndex } from './audience/reachability.ts';
import { BoundedHeap } from './bounded-heap.ts';
import {
  addScore,
  createScoreHistogram,
  mergeScoreHistograms,
  type ScoreHistogram,
} from './fake-share/score-histogram.ts';
import {
  AUDIENCE_TYPES,
  type AudienceThresholds,
  type AudienceType,
  REACHABILITY_BANDS,
} from './report-schema.ts';

/** One follower after scoring. */
export interface ScoredFollower {
  account: Account;
  label?: Label;
  /** 0-based position of the follower's record in the input (rejected records count too). */
  position: number;
  pFake: number;
  unlikeTraining: boolean;
  type: AudienceType;
  /** Its strongest reasons in words, when the part that scored it explained it already (audit threads do, in parallel). */
  reasons?: string[];
}

export const HISTOGRAM_BINS = 20;

/** More suspicious first: higher p(fake), then earlier in the list (so ties keep the list's order). */
export function compareSuspicion(a: ScoredFollower, b: ScoredFollower): number {
  return ranksAbove(a.pFake, a.position, b);
}

/** `compareSuspicion` of a follower given by its p(fake) and position (no object made for it). */
function ranksAbove(pFake: number, position: number, b: ScoredFollower): number {
  return pFake !== b.pFake ? pFake - b.pFake : b.position - position;
}

/** The aggregates of some followers, as a plain value: merging two gives the aggregates of both. */
export interface TallyState {
  scored: number;
  typeCounts: Record<AudienceType, number>;
  pFakeCounts: number[];
  /** Scores of followers like the model's training data, and of those unlike it. */
  like: ScoreHistogram;
  unlike: ScoreHistogram;
  reachCounts: number[];
  reachUnknown: number;
  activityKnown: number;
  inactive: number;
  /** Present when the list's order is the follow order. */
  intake: IntakeState | null;
  /** How many of the most suspicious are kept. */
  keep: number;
  /** The `keep` most suspicious followers, most suspicious first. */
  mostSuspicious: ScoredFollower[];
  /** Per kind of fake (the kind models' calibrated p, kind-models.ts): their scores, when the model has kind models. */
  kinds: Record<string, ScoreHistogram>;
  /**
   * Followers per feature and bin of the model's training parts (feature-parts.ts), for the feature shift test;
   * null when the model file has no training parts.
   */
  featureCounts: number[][] | null;
}

export interface TallyOptions {
  keep: number;
  followOrder: boolean;
  kinds?: readonly string[];
  featureCuts?: readonly (readonly number[])[] | null;
}

export function createTallyState(options: TallyOptions): TallyState {
  return {
    scored: 0,
    typeCounts: Object.fromEntries(AUDIENCE_TYPES.map((type) => [type, 0])) as Record<AudienceType, number>,
    pFakeCounts: new Array<number>(HISTOGRAM_BINS).fill(0),
    like: createScoreHistogram(),
    unlike: createScoreHistogram(),
    reachCounts: new Array<number>(REACHABILITY_BANDS.length).fill(0),
    reachUnknown: 0,
    activityKnown: 0,
    inactive: 0,
    intake: options.followOrder ? createIntakeState() : null,
    keep: options.keep,
    mostSuspicious: [],
    kinds: Object.fromEntries((options.kinds ?? []).map((kind) => [kind, createScoreHistogram()])),
    featureCounts: options.featureCuts ? emptyFeatureCounts(options.featureCuts) : null,
  };
}

const addCounts = (a: readonly number[], b: readonly number[]) =>
  a.map((count, i) => count + (b[i] as number));

const addFeatureCounts = (a: readonly (readonly number[])[], b: readonly (readonly number[])[]) =>
  a.map((bins, j) => addCounts(bins, b[j] as number[]));

/** The aggregates of both tallies' followers; the same whichever order tallies are merged in. */
export function mergeTallies(a: TallyState, b: TallyState): TallyState {
  if (a.keep !== b.keep || (a.intake === null) !== (b.intake === null))
    throw new Error('tallies kept with different settings cannot be merged');
  const heap = new BoundedHeap(a.keep, compareSuspicion);
  for (const follower of a.mostSuspicious) heap.offer(follower);
  for (const follower of b.mostSuspicious) heap.offer(follower);
  return {
    scored: a.scored + b.scored,
    typeCounts: Object.fromEntries(
      AUDIENCE_TYPES.map((type) => [type, a.typeCounts[type] + b.typeCounts[type]]),
    ) as Record<AudienceType, number>,
    pFakeCounts: addCounts(a.pFakeCounts, b.pFakeCounts),
    like: mergeScoreHistograms(a.like, b.like),
    unlike: mergeScoreHistograms(a.unlike, b.unlike),
    reachCounts: addCounts(a.reachCounts, b.reachCounts),
    reachUnknown: a.reachUnknown + b.reachUnknown,
    activityKnown: a.activityKnown + b.activityKnown,
    inactive: a.inactive + b.inactive,
    intake: a.intake && b.intake ? mergeIntake(a.intake, b.intake) : null,
    keep: a.keep,
    mostSuspicious: heap.sorted(),
    kinds: Object.fromEntries(
      [...new Set([...Object.keys(a.kinds), ...Object.keys(b.kinds)])].map((kind) => {
        const left = a.kinds[kind];
        const right = b.kinds[kind];
        return [
          kind,
          left && right ? mergeScoreHistograms(left, right) : ((left ?? right) as ScoreHistogram),
        ];
      }),
    ),
    featureCounts:
      a.featureCounts && b.featureCounts
        ? addFeatureCounts(a.featureCounts, b.featureCounts)
        : (a.featureCounts ?? b.featureCounts),
  };
}

/** Adds followers one at a time into a TallyState (the most suspicious in a heap until `state()`). */
export class AudienceTally {
  readonly #state: TallyState;
  readonly #mostSuspicious: BoundedHeap<ScoredFollower>;
  readonly #inactiveDays: number;

  constructor(thresholds: AudienceThresholds, options: TallyOptions) {
    this.#inactiveDays = thresholds.inactiveDays;
    this.#state = createTallyState(options);
    this.#mostSuspicious = new BoundedHeap(options.keep, compareSuspicion);
  }

  add(follower: ScoredFollower): void {
    this.#count(follower.account, follower.position, follower.pFake, follower.unlikeTraining, follower.type);
    this.#mostSuspicious.offer(follower);
  }

  /**
   * The same as `add`, for the fast path: the follower's object is made only when it ranks among the most
   * suspicious kept so far (most followers never do).
   */
  addScored(
    pending: { account: Account; label?: Label; position: number },
    pFake: number,
    unlikeTraining: boolean,
    type: AudienceType,
  ): void {
    this.#count(pending.account, pending.position, pFake, unlikeTraining, type);
    const heap = this.#mostSuspicious;
    const least = heap.full() ? heap.least() : undefined;
    if (least !== undefined && ranksAbove(pFake, pending.position, least) <= 0) return;
    heap.offer(
      pending.label === undefined
        ? { account: pending.account, position: pending.position, pFake, unlikeTraining, type }
        : {
            account: pending.account,
            label: pending.label,
            position: pending.position,
            pFake,
            unlikeTraining,
            type,
          },
    );
  }

  #count(
    account: Account,
    position: number,
    pFake: number,
    unlikeTraining: boolean,
    type: AudienceType,
  ): void {
    const state = this.#state;
    state.scored++;
    state.typeCounts[type]++;
    const bin = Math.min(HISTOGRAM_BINS - 1, Math.floor(pFake * HISTOGRAM_BINS));
    state.pFakeCounts[bin] = (state.pFakeCounts[bin] as number) + 1;
    addScore(unlikeTraining ? state.unlike : state.like, pFake);
    const band = reachabilityBandIndex(account.followingCount);
    if (band === undefined) state.reachUnknown++;
    else state.reachCounts[band] = (state.reachCounts[band] as number) + 1;
    if (isActivityKnown(account)) {
      state.activityKnown++;
      if (isInactive(account, this.#inactiveDays)) state.inactive++;
    }
    if (state.intake) addIntake(state.intake, position, pFake);
  }

  /** One kind model's calibrated p for each follower of a batch (a kind the tally was made with). */
  addKindScores(kind: string, scores: Float64Array): void {
    const histogram = this.#state.kinds[kind];
    if (!histogram) return;
    for (let i = 0; i < scores.length; i++) addScore(histogram, scores[i] as number);
  }

  /** One follower's features (`cuts.length` values of `row` from `offset`), into the feature shift test's counts. */
  addFeatures(cuts: readonly (readonly number[])[], row: Float64Array, offset: number): void {
    if (this.#state.featureCounts) addFeatureRow(this.#state.featureCounts, cuts, row, offset);
  }

  /** One follower's calibrated p of each kind (the kinds the tally was made with). */
  addKinds(pKind: Readonly<Record<string, number>>): void {
    for (const [kind, histogram] of Object.entries(this.#state.kinds))
      addScore(histogram, pKind[kind] as number);
  }

  /** The aggregates so far, as a value. */
  state(): TallyState {
    return { ...this.#state, mostSuspicious: this.#mostSuspicious.sorted() };
  }
}
