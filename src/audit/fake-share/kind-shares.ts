// Estimates each kind of fake's share (bought fake followers, spam bots) from its kind model's scores, bounded so the kinds never contradict the fake share, their union.
//
// Each kind's share is estimated as the fake share is (fake-share-estimate.ts): EM on the kind model's calibrated
// scores, the interval from its own card, and its shift test on the scores against its own training parts. When that
// test or the fake share's fires, or the kinds and the union cannot both be right — a kind's interval lies wholly
// above the fake share's, or the kinds together cannot reach its lower end — no model's split between the kinds can
// be trusted, and each kind is only known to lie between none and all of the fake share: [0, its upper end], its
// estimate at most the fake share's (`boundedByFakeShare`; reports say "at most"; a reader must not see 23 % bought
// followers beside 11 % fake).
//
// Measured and not shipped (EVALUATION.md, "The kind shares (X)"; scripts/evaluate-kind-shares.ts, criteria fixed
// before the run): each kind with its own model's feature shift test and, when it fires, the defended interval of the
// fake share, cut at the fake share's upper end (`featureCounts` here; the rule in
// src/audit/accuracy/kind-share-trials.ts). In the last run (2026-11-30, the fake share by the parts' mix) bought fake
// followers gained coverage in-distribution (83.9 -> 98.9 %) at 4.65 pp of error, and spam bots lost on left-out
// audiences (issue 9's criterion 94.1 -> 88.2 %), so by the rule fixed first the audit keeps this one. A second candidate, each kind's training parts' weight in the parts' mix
// that the fake share is (so the kinds add up to it), with this rule's interval carried around it
// (src/audit/accuracy/kind-share-trials.ts, `aroundMix`), met the estimator's bar on every in-distribution audience
// that left each training part a row (spam bots 1.24 pp / 80.9 % -> 1.50 pp / 97.4 %; bought fake followers 1.12 pp
// / 82.2 % -> 0.21 pp / 96.9 %) and held on left-out audiences as often, but missed its third criterion, fixed before
// the run: on TwiBot-22's cross-fitted human audiences the mix reads 12 % spam bots where this rule reads 0.5 %
// (issue 9's criterion over every in-distribution audience 89.4 -> 88.3 % for spam bots). Not shipped.
import type { ModelFile } from '../../model/model-file.ts';
import type { Interval } from '../report-schema.ts';
import { estimateFakeShare, type FakeShareInput, fakeShareInput } from './fake-share-estimate.ts';
import { createScoreHistogram, type ScoreHistogram } from './score-histogram.ts';

export interface KindShare {
  kind: string;
  model: string;
  share: Interval;
  /** The kind's own shift test or the fake share's fired. */
  shiftFires: boolean;
  /** No split between the kinds can be trusted: the interval is [0, the fake share's upper end], the estimate at most the fake share's. */
  boundedByFakeShare: boolean;
}

export interface KindScores {
  kind: string;
  model: ModelFile;
  /** The kind model's calibrated p of every follower scored. */
  scores: ScoreHistogram;
  /**
   * The followers per feature and bin of the kind model's training parts, for its feature shift test: only the
   * evaluation's measured candidate gives them; the audit leaves them out (the score test decides).
   */
  featureCounts?: number[][] | null;
}

const share6 = (value: number) => Math.round(value * 1e6) / 1e6;

/** One kind's own estimate and interval, before the union bounds it. */
export function kindShareOf(
  kind: KindScores,
  options: Pick<FakeShareInput, 'population' | 'priorAdjustment' | 'seed' | 'replicates'>,
  widen: (estimate: number) => Interval,
): KindShare {
  const estimate = estimateFakeShare(
    fakeShareInput(
      kind.model,
      { like: kind.scores, unlike: createScoreHistogram(), featureCounts: kind.featureCounts ?? null },
      options,
    ),
  );
  const drawn = widen(estimate.fakeShare.estimate);
  return {
    kind: kind.kind,
    model: kind.model.name,
    share: {
      estimate: estimate.fakeShare.estimate,
      low: Math.min(estimate.fakeShare.low, drawn.low),
      high: Math.max(estimate.fakeShare.high, drawn.high),
    },
    shiftFires: estimate.shift.fires,
    boundedByFakeShare: false,
  };
}

/** The kinds' own intervals as their union allows (see the module's comment); `unionFires`: the fake share's shift test fired. */
export function boundedByUnion(
  kinds: readonly KindShare[],
  union: Interval,
  unionFires: boolean,
): KindShare[] {
  const reach = kinds.reduce((sum, entry) => sum + entry.share.high, 0);
  const disagree = reach < union.low || kinds.some((entry) => entry.share.low > union.high);
  return kinds.map((entry) =>
    entry.shiftFires || unionFires || disagree
      ? {
          ...entry,
          shiftFires: entry.shiftFires || unionFires,
          share: { estimate: Math.min(entry.share.estimate, union.estimate), low: 0, high: union.high },
          boundedByFakeShare: true,
        }
      : entry,
  );
}

/**
 * Every kind's share. `widen` gives the sampling interval the estimate must never be narrower than (the audit's
 * Wilson interval of the followers scored against the population).
 */
export function estimateKindShares(
  kinds: readonly KindScores[],
  union: { share: Interval; shiftFires: boolean },
  options: Pick<FakeShareInput, 'population' | 'priorAdjustment' | 'seed' | 'replicates'>,
  widen: (estimate: number) => Interval,
): KindShare[] {
  return kindSharesUnder(
    kinds.map((kind) => kindShareOf(kind, options, widen)),
    union,
  );
}

/**
 * What the kinds' own shares (`kindShareOf`'s) become under their union, rounded as the report gives them: the second
 * half of `estimateKindShares`, for own shares computed elsewhere (another thread).
 */
export function kindSharesUnder(
  own: readonly KindShare[],
  union: { share: Interval; shiftFires: boolean },
): KindShare[] {
  return boundedByUnion(own, union.share, union.shiftFires).map((entry) => ({
    ...entry,
    share: {
      estimate: share6(entry.share.estimate),
      low: share6(entry.share.low),
      high: share6(entry.share.high),
    },
  }));
}
