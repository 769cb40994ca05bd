// Seeded audiences mixed from scored labelled rows at fixed fake shares, each estimated as the audit would: the fake share's error, interval coverage and width, and the shift test.
import { createSeededRandom } from '../../model/seeded-random.ts';
import { fakeShareInput } from '../audit-report.ts';
import { estimateFakeShare } from '../fake-share-estimate.ts';
import { addScore, createScoreHistogram } from '../score-histogram.ts';
import { SHIFT_MISFIT_LIMIT, SHIFT_UNLIKE_LIMIT } from '../shift-test.ts';
import type { ScoredPool } from './scored-pools.ts';

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
  /** The shift test's statistic: the larger of misfit / its limit and unlike share / its limit (fires above 1). */
  shiftStatistic: number;
}

/** The pool's rows of some collections (all of them when `collections` is absent), by class. */
export function rowsOf(
  pool: ScoredPool,
  collections?: readonly string[],
): { fakes: number[]; humans: number[] } {
  const fakes: number[] = [];
  const humans: number[] = [];
  pool.p.forEach((_, row) => {
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

/** Audiences at each share the rows allow (exactly round(size × share) fakes), estimated as the audit does. */
export function runTrials(
  pool: ScoredPool,
  group: string,
  rows: { fakes: number[]; humans: number[] },
  plan: TrialPlan,
): AudienceTrial[] {
  const random = createSeededRandom(plan.seed);
  const trials: AudienceTrial[] = [];
  for (const share of TRIAL_SHARES) {
    const size = Math.min(
      plan.size,
      share > 0 ? Math.floor(rows.fakes.length / share) : Number.POSITIVE_INFINITY,
      share < 1 ? Math.floor(rows.humans.length / (1 - share)) : Number.POSITIVE_INFINITY,
    );
    if (size < 50) continue;
    for (let a = 0; a < plan.audiences; a++) {
      const fakes = Math.round(size * share);
      const audience = [...draw(rows.fakes, fakes, random), ...draw(rows.humans, size - fakes, random)];
      const like = createScoreHistogram();
      const unlike = createScoreHistogram();
      for (const row of audience) addScore(pool.unlike[row] === 1 ? unlike : like, pool.p[row] as number);
      const estimate = estimateFakeShare(
        fakeShareInput(
          pool.model,
          { like, unlike },
          { population: size, priorAdjustment: 'em', seed: a + 1, replicates: plan.replicates },
        ),
      );
      trials.push({
        group,
        size,
        truth: fakes / size,
        estimate: estimate.fakeShare.estimate,
        low: estimate.fakeShare.low,
        high: estimate.fakeShare.high,
        fires: estimate.shift.fires,
        shiftStatistic: Math.max(
          estimate.shift.misfit / SHIFT_MISFIT_LIMIT,
          estimate.unlikeShare / SHIFT_UNLIKE_LIMIT,
        ),
      });
    }
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
