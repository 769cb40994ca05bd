// Estimates each kind of fake's share (bought fake followers, spam bots) from its kind model's scores, with the kind model's own shift test, bounded so the kinds never contradict the fake share, their union.
//
// Each kind's share is estimated as the fake share is (fake-share-estimate.ts): EM on the kind model's calibrated
// scores, the interval from its own card, and — when the kind model file has its training parts' features and the
// audit counted the followers in its bins — the feature shift test against the kind model's own training parts
// (that kind and humans): when it fires, the interval is the one the method defends (the label-shift and
// covariate-shift estimates with the statistical error around both, and the followers no mix of the parts explains
// bounded none to all). Without the counts (a kind model file written before its parts were kept), the score test
// decides, as it did for every kind before (then a kind whose test fired was only known to lie within the fake share).
//
// Kinds never contradict their union. A kind is a subset of the fakes the fake share counts, so its share is at most
// the union's: its interval is cut at the fake share's upper end and its estimate kept at most the fake share's (a
// reader must not see 23 % bought followers beside 11 % fake). When the kinds and the union cannot both be right —
// a kind's interval lies wholly above the fake share's, or the kinds together cannot reach its lower end — no model's
// split between the kinds can be trusted, and each kind is only known to lie between none and all of the fake share:
// [0, its upper end] (`boundedByFakeShare`; reports say "at most").
import type { ModelFile } from '../model/model-file.ts';
import { estimateFakeShare, type FakeShareInput, fakeShareInput } from './fake-share-estimate.ts';
import type { Interval } from './report-schema.ts';
import { createScoreHistogram, type ScoreHistogram } from './score-histogram.ts';

export interface KindShare {
  kind: string;
  model: string;
  share: Interval;
  /** The kind model's own shift test fired: its interval is the one the method defends, and the figure may be off. */
  shiftFires: boolean;
  /** No split between the kinds can be trusted: the interval is [0, the fake share's upper end], the estimate at most the fake share's. */
  boundedByFakeShare: boolean;
}

export interface KindScores {
  kind: string;
  model: ModelFile;
  /** The kind model's calibrated p of every follower scored. */
  scores: ScoreHistogram;
  /** The followers per feature and bin of the kind model's training parts; null when not counted. */
  featureCounts: number[][] | null;
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
      { like: kind.scores, unlike: createScoreHistogram(), featureCounts: kind.featureCounts },
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

/** The kinds' own intervals as their union allows (see the module's comment). */
export function boundedByUnion(kinds: readonly KindShare[], union: Interval): KindShare[] {
  const reach = kinds.reduce((sum, entry) => sum + entry.share.high, 0);
  const disagree = reach < union.low || kinds.some((entry) => entry.share.low > union.high);
  return kinds.map((entry) => {
    if (disagree)
      return {
        ...entry,
        share: { estimate: Math.min(entry.share.estimate, union.estimate), low: 0, high: union.high },
        boundedByFakeShare: true,
      };
    const high = Math.min(entry.share.high, union.high);
    const low = entry.share.low;
    return {
      ...entry,
      share: {
        estimate: Math.max(low, Math.min(entry.share.estimate, union.estimate, high)),
        low,
        high,
      },
    };
  });
}

/**
 * Every kind's share. `widen` gives the sampling interval the estimate must never be narrower than (the audit's
 * Wilson interval of the followers scored against the population).
 */
export function estimateKindShares(
  kinds: readonly KindScores[],
  union: Interval,
  options: Pick<FakeShareInput, 'population' | 'priorAdjustment' | 'seed' | 'replicates'>,
  widen: (estimate: number) => Interval,
): KindShare[] {
  return boundedByUnion(
    kinds.map((kind) => kindShareOf(kind, options, widen)),
    union,
  ).map((entry) => ({
    ...entry,
    share: {
      estimate: share6(entry.share.estimate),
      low: share6(entry.share.low),
      high: share6(entry.share.high),
    },
  }));
}
