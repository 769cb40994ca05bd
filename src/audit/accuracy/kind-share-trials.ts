// The kind shares (bought fake followers, spam bots) measured as the audit reports them: seeded X audiences of known kinds, each kind's share estimated beside the fake share, by the rule shipped and by the one before it.
//
// Every row is an X training row (a human, a bought fake follower or a spam bot) scored by copies of the three
// models (x, x-fake-follower, x-spam-bot) that never trained on it: in-distribution, the bundled configs cross-fitted
// (a kind model's rows out of fold; rows outside its classes — spam bots for the fake-follower model — by the bundled
// kind model, which never saw them); left out, the three configs trained without the row's collection. Each
// audience is tested, as the audit does, against the training parts of each model (its own rows taken out of the
// parts when they are training rows), so the fake share and each kind get their own feature shift test.
import type { Label } from '../../core/account.ts';
import type { FeatureParts } from '../../model/feature-parts.ts';
import { addFeatureRow, emptyFeatureCounts } from '../../model/feature-parts.ts';
import type { ModelFile } from '../../model/model-file.ts';
import { estimateFakeShare, fakeShareInput } from '../fake-share-estimate.ts';
import { boundedByUnion, type KindShare, kindShareOf } from '../kind-shares.ts';
import type { Interval } from '../report-schema.ts';
import { addScore, createScoreHistogram, type ScoreHistogram } from '../score-histogram.ts';
import { drawAudiences, partsWithout, rowsOf, type TrialPlan } from './audience-trials.ts';
import type { PoolFeatures } from './scored-pools.ts';

/** One model's view of the rows: its scores, its features (aligned with the rows) and its training parts. */
export interface ModelRows {
  model: ModelFile;
  p: readonly number[];
  /** 1 when the row is unlike the model's training data (the fake share bounds those without assumption). */
  unlike: readonly number[];
  /** `fake` 1 for the model's positives; `leaveAudienceOut` when the rows are its training rows. */
  features: PoolFeatures;
  /** Whether each row is one of the model's training classes (only those are taken out of its parts). */
  inParts: readonly boolean[];
}

/** The rows audiences are drawn from: one label per row, the union (x) and each kind's model over the same rows. */
export interface KindRows {
  group: string;
  labels: readonly Label[];
  /** Each row's collection. */
  collection: readonly string[];
  union: ModelRows;
  kinds: readonly { kind: string; label: Label; rows: ModelRows }[];
}

/** The rule the audit shipped before the kinds had the feature shift test, and the one it ships. */
export type KindRule = 'before' | 'after';

export interface KindTrial {
  group: string;
  kind: string;
  rule: KindRule;
  size: number;
  truth: number;
  estimate: number;
  low: number;
  high: number;
  /** The kind's shift test fired (before: its own score test, or the fake share's; after: its own feature test). */
  fires: boolean;
  /** The kind was reported "at most" the fake share's upper end. */
  bounded: boolean;
  /** The fake share's own shift test fired. */
  unionFires: boolean;
}

/**
 * The rule shipped before (7af9653): each kind's own interval from the score test; when that test or the fake share's
 * fired, or the kinds disagreed with the fake share, the kind was only known to lie within [0, its upper end]. Kept
 * here to measure the change against, never called by the audit.
 */
function boundedByUnionBefore(
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
      : { ...entry, shiftFires: entry.shiftFires || unionFires },
  );
}

/** The model with its training parts less the audience's own rows (when they are its training rows). */
function modelFor(rows: ModelRows, audience: readonly number[]): ModelFile {
  const { features } = rows;
  const own = audience.filter((row) => rows.inParts[row]);
  const parts: FeatureParts = features.leaveAudienceOut
    ? partsWithout(features, features, own).parts
    : features.parts;
  return { ...rows.model, features: [...features.names], featureParts: parts };
}

function countsOf(features: PoolFeatures, audience: readonly number[]): number[][] {
  const counts = emptyFeatureCounts(features.parts.cuts);
  for (const row of audience)
    addFeatureRow(counts, features.parts.cuts, features.matrix, row * features.nFeatures);
  return counts;
}

function histogramsOf(rows: ModelRows, audience: readonly number[]) {
  const like = createScoreHistogram();
  const unlike = createScoreHistogram();
  for (const row of audience) addScore(rows.unlike[row] === 1 ? unlike : like, rows.p[row] as number);
  return { like, unlike };
}

/** Seeded audiences of the rows at each fake share of the plan, each kind's share by both rules. */
export function runKindTrials(source: KindRows, plan: TrialPlan): KindTrial[] {
  const trials: KindTrial[] = [];
  const byClass = rowsOf({
    fake: source.labels.map((label) => (label === 'human' ? 0 : 1)),
    collection: [...source.collection],
  });
  for (const { size, a, audience } of drawAudiences(byClass, plan)) {
    const options = {
      population: size,
      priorAdjustment: 'em' as const,
      seed: a + 1,
      replicates: plan.replicates,
    };
    const unionEstimate = estimateFakeShare(
      fakeShareInput(
        modelFor(source.union, audience),
        { ...histogramsOf(source.union, audience), featureCounts: countsOf(source.union.features, audience) },
        options,
      ),
    );
    const union: Interval = unionEstimate.fakeShare;
    const exact = (share: number): Interval => ({ estimate: share, low: share, high: share });
    const own = (withFeatures: boolean): KindShare[] =>
      source.kinds.map(({ kind, rows }) => {
        const scores: ScoreHistogram = createScoreHistogram();
        for (const row of audience) addScore(scores, rows.p[row] as number);
        return kindShareOf(
          {
            kind,
            model: withFeatures ? modelFor(rows, audience) : { ...rows.model, featureParts: undefined },
            scores,
            featureCounts: withFeatures ? countsOf(rows.features, audience) : null,
          },
          options,
          exact,
        );
      });
    const results: Record<KindRule, KindShare[]> = {
      before: boundedByUnionBefore(own(false), union, unionEstimate.shift.fires),
      after: boundedByUnion(own(true), union),
    };
    for (const rule of ['before', 'after'] as const)
      results[rule].forEach((entry, k) => {
        const label = (source.kinds[k] as KindRows['kinds'][number]).label;
        trials.push({
          group: source.group,
          kind: entry.kind,
          rule,
          size,
          truth: audience.filter((row) => source.labels[row] === label).length / size,
          estimate: entry.share.estimate,
          low: entry.share.low,
          high: entry.share.high,
          fires: entry.shiftFires,
          bounded: entry.boundedByFakeShare,
          unionFires: unionEstimate.shift.fires,
        });
      });
  }
  return trials;
}
