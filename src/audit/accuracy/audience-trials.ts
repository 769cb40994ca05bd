// Seeded audiences mixed from scored labelled rows at fixed fake shares, each estimated as the audit would: the fake share's error, interval coverage and width, and the shift test (the feature test when the rows' features are given, the score test before it beside it).
import {
  addFeatureRow,
  emptyFeatureCounts,
  type FeatureParts,
  featureBin,
} from '../../model/feature-parts.ts';
import { type ModelFile, SCORE_COMPONENT_BINS, type ScoreComponent } from '../../model/model-file.ts';
import { createSeededRandom } from '../../model/seeded-random.ts';
import { estimateFakeShare, type FakeShareInput, fakeShareInput } from '../fake-share/fake-share-estimate.ts';
import { featureShift } from '../fake-share/feature-shift.ts';
import { addScore, createScoreHistogram, weightedScores } from '../fake-share/score-histogram.ts';
import { componentMisfit, SHIFT_MISFIT_LIMIT, SHIFT_UNLIKE_LIMIT } from '../fake-share/shift-test.ts';
import type { PoolFeatures, ScoredPool } from './scored-pools.ts';

/** The fake shares every table is measured at (issue 9). */
export const TRIAL_SHARES: readonly number[] = [0, 0.05, 0.3, 0.6, 1];

export interface TrialPlan {
  /** Audiences per share. */
  audiences: number;
  /** Followers per audience (fewer when the pool holds fewer of a class than a share needs). */
  size: number;
  seed: number;
  /** Seeded draws of the interval (the audit's default is 2000). */
  replicates: number;
}

export interface AudienceTrial {
  group: string;
  size: number;
  truth: number;
  estimate: number;
  low: number;
  high: number;
  fires: boolean;
  /** The shift test's statistic (fires above 1): the feature test's when the pool has features (feature-shift.ts). */
  shiftStatistic: number;
  /**
   * The score test's statistic, the shift test before the feature test: the larger of the score misfit / its limit
   * and the unlike share / its limit (fired above 1).
   */
  scoreShiftStatistic: number;
  /**
   * In-distribution audiences: the largest share of one training part's rows the audience took (its rows are taken
   * out of the parts it is tested against); 0 for left-out audiences.
   */
  largestPartTaken: number;
  /** The feature test's largest misfit among its significant features (0 without the feature test). */
  featureMisfit: number;
  /** The share of followers the interval bounds without assumption when the test fires (by the trial's rule). */
  boundedShare: number;
}

/**
 * The training parts with an audience's own rows taken out (leave-the-audience-out), and the largest share of one
 * part's rows the audience took (1 when it took a whole part: the parts left hold none of its kind).
 */
export function partsWithout(
  features: PoolFeatures,
  pool: Pick<ScoredPool, 'fake' | 'collection'>,
  audience: readonly number[],
): { parts: FeatureParts; largestPartTaken: number } {
  const parts = features.parts.parts.map((part) => ({
    ...part,
    counts: part.counts.map((bins) => [...bins]),
  }));
  const index = new Map(parts.map((part, k) => [`${part.collection}\t${part.positive}`, k]));
  const width = features.nFeatures;
  for (const row of audience) {
    const k = index.get(`${pool.collection[row]}\t${pool.fake[row] === 1}`);
    if (k === undefined) throw new Error(`no training part for row ${row} (${pool.collection[row]})`);
    const part = parts[k] as (typeof parts)[number];
    part.rows--;
    for (let j = 0; j < width; j++) {
      const bins = part.counts[j] as number[];
      const bin = featureBin(features.parts.cuts[j] as number[], features.matrix[row * width + j] as number);
      bins[bin] = (bins[bin] as number) - 1;
    }
  }
  const largestPartTaken = Math.max(
    ...parts.map((part, k) => {
      const before = (features.parts.parts[k] as FeatureParts['parts'][number]).rows;
      return (before - part.rows) / before;
    }),
  );
  return {
    parts: { cuts: features.parts.cuts, parts: parts.filter((part) => part.rows > 0) },
    largestPartTaken,
  };
}

/**
 * The card's score components with an audience's own rows taken out (the cross-fitted pool's scores are the
 * out-of-fold scores the card counted), so the parts' mix (parts-mix.ts) never explains an audience by itself.
 */
export function componentsWithout(
  components: readonly ScoreComponent[],
  pool: { fake: readonly number[]; collection: readonly string[]; p: readonly number[] },
  audience: readonly number[],
): ScoreComponent[] {
  const left = components.map((component) => ({ ...component, counts: [...component.counts] }));
  const index = new Map(left.map((component, k) => [`${component.collection}\t${component.positive}`, k]));
  for (const row of audience) {
    const k = index.get(`${pool.collection[row]}\t${pool.fake[row] === 1}`);
    if (k === undefined) continue;
    const component = left[k] as ScoreComponent;
    const bin = Math.min(
      SCORE_COMPONENT_BINS - 1,
      Math.max(0, Math.floor((pool.p[row] as number) * SCORE_COMPONENT_BINS)),
    );
    component.counts[bin] = Math.max(0, (component.counts[bin] as number) - 1);
    component.rows--;
  }
  return left.filter((component) => component.rows > 0);
}

/** The pool's rows of some collections (all of them when `collections` is absent), by class. */
export function rowsOf(
  pool: Pick<ScoredPool, 'fake' | 'collection'>,
  collections?: readonly string[],
): { fakes: number[]; humans: number[] } {
  const fakes: number[] = [];
  const humans: number[] = [];
  pool.fake.forEach((_, row) => {
    if (collections && !collections.includes(pool.collection[row] as string)) return;
    (pool.fake[row] === 1 ? fakes : humans).push(row);
  });
  return { fakes, humans };
}

/** `count` of `from`, drawn without replacement. */
function draw(from: readonly number[], count: number, random: () => number): number[] {
  const copy = [...from];
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (copy.length - i));
    [copy[i], copy[j]] = [copy[j] as number, copy[i] as number];
  }
  return copy.slice(0, count);
}

/** The seeded audiences at each share the rows allow (exactly round(size × share) fakes): rows of the pool. */
export function* drawAudiences(
  rows: { fakes: number[]; humans: number[] },
  plan: Pick<TrialPlan, 'audiences' | 'size' | 'seed'>,
): Generator<{ size: number; fakes: number; a: number; audience: number[] }> {
  const random = createSeededRandom(plan.seed);
  for (const share of TRIAL_SHARES) {
    const size = Math.min(
      plan.size,
      share > 0 ? Math.floor(rows.fakes.length / share) : Number.POSITIVE_INFINITY,
      share < 1 ? Math.floor(rows.humans.length / (1 - share)) : Number.POSITIVE_INFINITY,
    );
    // a share the rows cannot fill at 50 followers is left out (or at the plan's size, when that is smaller)
    if (size < Math.min(50, plan.size)) continue;
    for (let a = 0; a < plan.audiences; a++) {
      const fakes = Math.round(size * share);
      yield {
        size,
        fakes,
        a,
        audience: [...draw(rows.fakes, fakes, random), ...draw(rows.humans, size - fakes, random)],
      };
    }
  }
}

/**
 * The feature shift test alone on the same audiences `runTrials` draws (the draws depend on the rows' classes only,
 * never on scores): what its discrimination needs, without training the left-out models.
 */
export function featureShiftTrials(
  features: PoolFeatures,
  group: string,
  rows: { fakes: number[]; humans: number[] },
  plan: Pick<TrialPlan, 'audiences' | 'size' | 'seed'>,
): {
  group: string;
  size: number;
  truth: number;
  statistic: number;
  fires: boolean;
  largestPartTaken: number;
}[] {
  const pool = { collection: features.collection, fake: features.fake };
  const cuts = features.parts.cuts;
  return [...drawAudiences(rows, plan)].map(({ size, fakes, audience }) => {
    const counts = emptyFeatureCounts(cuts);
    for (const row of audience) addFeatureRow(counts, cuts, features.matrix, row * features.nFeatures);
    const without = features.leaveAudienceOut ? partsWithout(features, pool, audience) : null;
    const test = featureShift(counts, without?.parts ?? features.parts, features.names);
    return {
      group,
      size,
      truth: fakes / size,
      statistic: test.statistic,
      fires: test.fires,
      largestPartTaken: without?.largestPartTaken ?? 0,
    };
  });
}

/** Seed of the split into halves (fixed before the split-half null was first run). */
export const SPLIT_SEED = 20261129;

/**
 * A second null for the feature shift test, split halves: each training row falls in half A or B (seeded); the parts
 * are counted from half A only (the model's cuts) and the in-distribution audiences — pooled, and one collection at a
 * time, as `plan` draws them — from half B, so no audience is tested against its own rows and none empties a part:
 * fresh rows of known kinds, as withheld rows of a training collection would be.
 */
export function splitHalfTrials(
  features: PoolFeatures,
  plan: Pick<TrialPlan, 'audiences' | 'size' | 'seed'>,
): ReturnType<typeof featureShiftTrials> {
  const random = createSeededRandom(SPLIT_SEED);
  const inA = features.fake.map(() => random() < 0.5);
  const cuts = features.parts.cuts;
  const partsA = new Map<string, FeatureParts['parts'][number]>();
  features.fake.forEach((fake, row) => {
    if (!inA[row]) return;
    const collection = features.collection[row] as string;
    const key = `${collection}\t${fake === 1}`;
    let part = partsA.get(key);
    if (!part) {
      part = { collection, positive: fake === 1, rows: 0, counts: emptyFeatureCounts(cuts) };
      partsA.set(key, part);
    }
    part.rows++;
    addFeatureRow(part.counts, cuts, features.matrix, row * features.nFeatures);
  });
  const halfA: PoolFeatures = {
    ...features,
    parts: { cuts, parts: [...partsA.values()] },
    leaveAudienceOut: false,
  };
  const rowsB = (collections?: string[]) => {
    const { fakes, humans } = rowsOf(features, collections);
    return { fakes: fakes.filter((row) => !inA[row]), humans: humans.filter((row) => !inA[row]) };
  };
  return [
    ...featureShiftTrials(halfA, 'pooled', rowsB(), plan),
    ...[...new Set(features.collection)].flatMap((collection) =>
      featureShiftTrials(halfA, collection, rowsB([collection]), plan),
    ),
  ];
}

/** Audiences at each share the rows allow (exactly round(size × share) fakes), estimated as the audit does. */
export function runTrials(
  pool: ScoredPool,
  group: string,
  rows: { fakes: number[]; humans: number[] },
  plan: TrialPlan,
  features?: PoolFeatures,
  /**
   * Evaluation only: a candidate rule changes the estimate's input before it is made — e.g. another share for the
   * shifted interval to bound (scripts/evaluate-shift.ts --interval, scripts/evaluate-shifted-interval.ts), or reads
   * what the audience was tested against to compute another headline beside it (scripts/evaluate-shifted-headline.ts).
   * The audit never does.
   */
  candidate?: (
    input: FakeShareInput,
    audience: { model: ModelFile; featureCounts: number[][] | null },
  ) => FakeShareInput,
): AudienceTrial[] {
  const trials: AudienceTrial[] = [];
  for (const { size, fakes, a, audience } of drawAudiences(rows, plan)) {
    const like = createScoreHistogram();
    const unlike = createScoreHistogram();
    for (const row of audience) addScore(pool.unlike[row] === 1 ? unlike : like, pool.p[row] as number);
    let model: ModelFile = { ...pool.model, featureParts: undefined };
    let featureCounts: number[][] | null = null;
    let largestPartTaken = 0;
    if (features) {
      const cuts = features.parts.cuts;
      featureCounts = emptyFeatureCounts(cuts);
      for (const row of audience)
        addFeatureRow(featureCounts, cuts, features.matrix, row * features.nFeatures);
      const without = features.leaveAudienceOut ? partsWithout(features, pool, audience) : null;
      largestPartTaken = without?.largestPartTaken ?? 0;
      model = {
        ...pool.model,
        features: [...features.names],
        featureParts: without?.parts ?? features.parts,
        // the parts' scores without the audience's own rows too (the card's are every row's out-of-fold scores)
        card: without
          ? {
              ...pool.model.card,
              scoreComponents: componentsWithout(pool.model.card.scoreComponents, pool, audience),
            }
          : pool.model.card,
      };
    }
    const shipped = fakeShareInput(
      model,
      { like, unlike, featureCounts },
      { population: size, priorAdjustment: 'em', seed: a + 1, replicates: plan.replicates },
    );
    const input = candidate ? candidate(shipped, { model, featureCounts }) : shipped;
    const estimate = estimateFakeShare(input);
    const scoreMisfit = componentMisfit(weightedScores(like, unlike), pool.model.card.scoreComponents);
    const scoreShiftStatistic = Math.max(
      scoreMisfit.misfit / SHIFT_MISFIT_LIMIT,
      estimate.unlikeShare / SHIFT_UNLIKE_LIMIT,
    );
    trials.push({
      group,
      size,
      truth: fakes / size,
      estimate: estimate.fakeShare.estimate,
      low: estimate.fakeShare.low,
      high: estimate.fakeShare.high,
      fires: estimate.shift.fires,
      shiftStatistic: estimate.shift.feature ? estimate.shift.feature.statistic : scoreShiftStatistic,
      scoreShiftStatistic,
      largestPartTaken,
      featureMisfit: estimate.shift.feature?.significantMisfit ?? 0,
      boundedShare: input.boundedShare ? input.boundedShare(estimate.shift) : estimate.shift.boundedShare,
    });
  }
  return trials;
}

export interface TrialSummary {
  audiences: number;
  meanAbsoluteError: number;
  bias: number;
  coverage: number;
  meanWidth: number;
  fired: number;
}

/** Tolerance for a truth on an interval's edge (shares are rounded to 1e-6 in reports). */
const EDGE = 1e-9;

export const covers = (trial: AudienceTrial) =>
  trial.low <= trial.truth + EDGE && trial.truth - EDGE <= trial.high;

export function summariseTrials(trials: readonly AudienceTrial[]): TrialSummary {
  const n = trials.length;
  const mean = (value: (trial: AudienceTrial) => number) =>
    n === 0 ? Number.NaN : trials.reduce((sum, trial) => sum + value(trial), 0) / n;
  return {
    audiences: n,
    meanAbsoluteError: mean((trial) => Math.abs(trial.estimate - trial.truth)),
    bias: mean((trial) => trial.estimate - trial.truth),
    coverage: mean((trial) => (covers(trial) ? 1 : 0)),
    meanWidth: mean((trial) => trial.high - trial.low),
    fired: mean((trial) => (trial.fires ? 1 : 0)),
  };
}
