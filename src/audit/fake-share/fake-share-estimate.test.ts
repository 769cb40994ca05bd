import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  histogramOf,
  SCORE_MODEL,
  syntheticComponents,
  syntheticReliability,
  syntheticScores,
} from '../_test-scores.ts';
import { estimateFakeShare, estimateShare, type FakeShareInput } from './fake-share-estimate.ts';
import type { FeatureShift } from './feature-shift.ts';
import { createScoreHistogram, weightedScores } from './score-histogram.ts';

const reliability = syntheticReliability(20_000, 7);
const components = syntheticComponents(20_000, 7);

function input(p: ArrayLike<number>, overrides: Partial<FakeShareInput> = {}): FakeShareInput {
  return {
    like: histogramOf(p),
    unlike: createScoreHistogram(),
    trainingPrior: SCORE_MODEL.trainingPrior,
    reliability,
    components,
    population: p.length,
    priorAdjustment: 'em',
    seed: 1,
    replicates: 300,
    ...overrides,
  };
}

describe('estimateFakeShare', () => {
  it('recovers the fake share at 5, 30 and 60 % under prior shift, where the mean p is biased', () => {
    for (const share of [0.05, 0.3, 0.6]) {
      const { p, truth } = syntheticScores(40_000, share, 11);
      const scores = weightedScores(histogramOf(p));
      const em = estimateShare(scores, SCORE_MODEL.trainingPrior, 'em').share;
      const mean = estimateShare(scores, SCORE_MODEL.trainingPrior, 'none').share;
      assert.ok(Math.abs(em - truth) < 0.006, `EM ${em} vs truth ${truth}`);
      if (share !== 0.3)
        assert.ok(Math.abs(mean - truth) > 2 * Math.abs(em - truth), `mean p ${mean} at ${share}`);
    }
  });

  it('covers the realised share with its 95 % interval in at least 90 % of seeded audiences, without being wide', () => {
    let covered = 0;
    let halfWidths = 0;
    const audiences = 100;
    for (let seed = 0; seed < audiences; seed++) {
      const { p, truth } = syntheticScores(500, 0.2, 1000 + seed);
      const { fakeShare } = estimateFakeShare(input(p, { seed }));
      if (fakeShare.low <= truth && truth <= fakeShare.high) covered++;
      halfWidths += (fakeShare.high - fakeShare.low) / 2 / audiences;
    }
    assert.ok(covered >= 90, `covered ${covered} of ${audiences}`);
    assert.ok(halfWidths < 0.06, `mean half-width ${halfWidths}`);
  });

  it("heads with the parts' mix, keeps EM's interval whole and carries its reach around the mix", () => {
    const { p } = syntheticScores(2000, 0.3, 21);
    const em = estimateFakeShare(input(p));
    const withMix = estimateFakeShare(input(p, { partsMix: 0.35 }));
    assert.equal(withMix.fakeShare.estimate, 0.35);
    assert.equal(withMix.emEstimate, em.fakeShare.estimate);
    assert.ok(withMix.fakeShare.low <= em.fakeShare.low && withMix.fakeShare.high >= em.fakeShare.high);
    const above = em.fakeShare.high - em.fakeShare.estimate;
    assert.ok(
      Math.abs(withMix.fakeShare.high - Math.min(1, 0.35 + above)) < 1e-9,
      "EM's reach above, around the mix",
    );
    assert.match(withMix.method, /the fakes' weight in the mix of the training data's parts/);
  });

  it('leaves the headline to EM under 50 followers, where the mix can put its weight on any part', () => {
    const { p } = syntheticScores(40, 0.3, 22);
    const em = estimateFakeShare(input(p));
    const withMix = estimateFakeShare(input(p, { partsMix: 0.9 }));
    assert.deepEqual(withMix.fakeShare, em.fakeShare);
  });

  it("measures rules for under 50 followers beside the audit's (evaluation only): EM stays the estimate, the interval only widens", () => {
    const { p } = syntheticScores(40, 0.3, 22);
    const em = estimateFakeShare(input(p));
    const { estimate, low, high } = em.fakeShare;
    const rule = (smallAudience: FakeShareInput['smallAudience'], partsMix: number) =>
      estimateFakeShare(input(p, { partsMix, smallAudience })).fakeShare;
    const inside = (low + estimate) / 2;
    assert.deepEqual(
      rule('disagreement', inside),
      em.fakeShare,
      'a mix inside EM’s interval changes nothing',
    );
    const carried = rule('interval', inside);
    assert.ok(Math.abs(carried.low - Math.max(0, inside - (estimate - low))) < 1e-9, JSON.stringify(carried));
    for (const smallAudience of ['interval', 'disagreement'] as const) {
      const far = rule(smallAudience, 0.9);
      assert.equal(far.estimate, estimate);
      assert.equal(far.low, low);
      assert.ok(Math.abs(far.high - Math.min(1, 0.9 + (high - estimate))) < 1e-9, JSON.stringify(far));
    }
    const meanP = estimateShare(weightedScores(histogramOf(p)), SCORE_MODEL.trainingPrior, 'none').share;
    const covariate = rule('covariate', 0.9);
    assert.equal(covariate.estimate, estimate);
    assert.ok(covariate.low <= low && covariate.high >= high && covariate.high > Math.max(meanP, estimate));
    const large = syntheticScores(60, 0.3, 22).p;
    assert.deepEqual(
      estimateFakeShare(input(large, { partsMix: 0.35, smallAudience: 'covariate' })).fakeShare,
      estimateFakeShare(input(large, { partsMix: 0.35 })).fakeShare,
      'from 50 followers on the rules do nothing',
    );
  });

  it('keeps EM for scores that fit no mix of the training classes, and says the figure may be off', () => {
    const { p } = syntheticScores(5000, 0.3, 5);
    const mixed = estimateFakeShare(input(p));
    assert.equal(mixed.shift.fires, false);
    assert.match(mixed.method, /shift test did not fire/);
    // a third of the audience piled at p = 0.55, where neither training class puts many scores
    const shifted = Float64Array.from(p, (value, i) => (i % 3 === 0 ? 0.55 : value));
    const odd = estimateFakeShare(input(shifted));
    assert.equal(odd.adjustment, 'em');
    assert.equal(odd.shift.fires, true);
    assert.match(odd.method, /figure may be off/);
    const em = estimateShare(weightedScores(histogramOf(shifted)), SCORE_MODEL.trainingPrior, 'em').share;
    assert.ok(Math.abs(odd.fakeShare.estimate - em) < 1e-12);
  });

  it('adds sampling error with the finite-population correction only when the followers read stand for more', () => {
    const { p } = syntheticScores(1000, 0.3, 3);
    const all = estimateFakeShare(input(p));
    assert.equal(all.halfWidths.sampling, 0);
    const share = all.fakeShare.estimate;
    const half = estimateFakeShare(input(p, { population: 2000 }));
    const expected = 1.959964 * Math.sqrt((0.5 * share * (1 - share)) / 999);
    assert.ok(Math.abs(half.halfWidths.sampling - expected) < 1e-9);
    const vast = estimateFakeShare(input(p, { population: 1e9 }));
    assert.ok(Math.abs(vast.halfWidths.sampling - expected * Math.sqrt(2)) < 1e-5);
    assert.ok(vast.fakeShare.high - vast.fakeShare.low > half.fakeShare.high - half.fakeShare.low);
    assert.ok(half.fakeShare.high - half.fakeShare.low > all.fakeShare.high - all.fakeShare.low);
  });

  it('widens the interval by the share of followers unlike the training data, bounding their part without assumption', () => {
    const { p } = syntheticScores(1000, 0.3, 4);
    const like = Array.from(p.subarray(0, 800));
    const unlike = Array.from(p.subarray(800));
    const shifted = estimateFakeShare(input(like, { unlike: histogramOf(unlike), population: 1000 }));
    const plain = estimateFakeShare(input(p));
    assert.equal(shifted.unlikeShare, 0.2);
    assert.ok(Math.abs(shifted.fakeShare.estimate - plain.fakeShare.estimate) < 1e-6);
    const widened =
      shifted.fakeShare.high - shifted.fakeShare.low - (plain.fakeShare.high - plain.fakeShare.low);
    assert.ok(Math.abs(widened - 0.2) < 0.01, `widened by ${widened}`);
    assert.ok(Math.abs(shifted.halfWidths.domainShift - 0.1) < 1e-9);
  });

  it('widens it for scores no mix of the training parts explains, only when the shift test fires', () => {
    const calibrated = estimateFakeShare(input(syntheticScores(2000, 0.3, 5).p));
    assert.ok(calibrated.misfitShare < 0.02, `misfit ${calibrated.misfitShare}`);
    assert.equal(calibrated.halfWidths.domainShift, 0);
    const undecided = estimateFakeShare(input(new Float64Array(2000).fill(0.45)));
    assert.ok(undecided.misfitShare > 0.3, `misfit ${undecided.misfitShare}`);
    assert.equal(undecided.shift.fires, true);
    assert.ok(
      undecided.fakeShare.high - undecided.fakeShare.low >= undecided.misfitShare,
      JSON.stringify(undecided),
    );
  });

  it("bounds the feature test's significant misfit without assumption when it fires, and changes nothing when it does not", () => {
    const { p } = syntheticScores(2000, 0.3, 5);
    const feature = (fires: boolean): FeatureShift => ({
      statistic: fires ? 3 : 0.5,
      fires,
      feature: 0,
      featureName: 'account_age_days',
      misfit: 0.3,
      pValue: fires ? 1e-9 : 0.5,
      significantMisfit: 0.3,
      significantMisfitSum: 0.6,
      significantMisfitUpper: 0.35,
      anyMisfitUpper: 0.35,
      significantFeatures: [0],
    });
    const without = estimateFakeShare(input(p));
    const quiet = estimateFakeShare(input(p, { featureShift: feature(false) }));
    assert.equal(quiet.shift.fires, false);
    assert.deepEqual(quiet.fakeShare, without.fakeShare);
    const fired = estimateFakeShare(input(p, { featureShift: feature(true) }));
    assert.equal(fired.shift.fires, true);
    assert.ok(fired.misfitShare < 0.02, `the scores fit: ${fired.misfitShare}`);
    // The feature's distance read at its upper end (0.35, not the point misfit 0.3): the scores fit, so theirs is less.
    assert.equal(fired.shift.boundedShare, 0.35);
    // None to all of the 35 % unexplained followers fake: the interval reaches 0.35 · estimate below and
    // 0.35 · (1 − estimate) above the statistical one.
    const { estimate, low, high } = fired.fakeShare;
    assert.ok(low <= without.fakeShare.low - 0.35 * estimate + 1e-9, JSON.stringify(fired.fakeShare));
    assert.ok(high >= without.fakeShare.high + 0.35 * (1 - estimate) - 1e-9, JSON.stringify(fired.fakeShare));
    assert.match(fired.method, /bounds the 35\.0 % of followers/);
  });

  it('is deterministic for a seed', () => {
    const { p } = syntheticScores(800, 0.4, 6);
    assert.deepEqual(estimateFakeShare(input(p, { seed: 9 })), estimateFakeShare(input(p, { seed: 9 })));
    const other = estimateFakeShare(input(p, { seed: 10 }));
    assert.equal(other.fakeShare.estimate, estimateFakeShare(input(p, { seed: 9 })).fakeShare.estimate);
  });
});
