import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SCORE_COMPONENT_BINS, type ScoreComponent } from '../../model/model-file.ts';
import { histogramOf, syntheticComponents, syntheticScores } from '../_test-scores.ts';
import type { FeatureShift } from './feature-shift.ts';
import { weightedScores } from './score-histogram.ts';
import {
  componentMisfit,
  SHIFT_MISFIT_LIMIT,
  SHIFT_UNLIKE_LIMIT,
  shiftTest,
  upperMisfit,
} from './shift-test.ts';

const components = syntheticComponents(20_000, 7);
const scoresOf = (p: ArrayLike<number>) => weightedScores(histogramOf(p));

/** A part whose scores all fall in one bin of p. */
function pointPart(collection: string, positive: boolean, p: number): ScoreComponent {
  const counts = new Array<number>(SCORE_COMPONENT_BINS).fill(0);
  counts[Math.floor(p * SCORE_COMPONENT_BINS)] = 500;
  return { collection, positive, rows: 500, counts };
}

describe('shiftTest', () => {
  it('stays silent on audiences mixed from the training parts in any proportion', () => {
    for (const share of [0, 0.05, 0.3, 0.6, 1]) {
      const test = shiftTest(scoresOf(syntheticScores(2000, share, 3).p), components, 0.01);
      assert.equal(test.fires, false, `${share}: ${JSON.stringify(test)}`);
      assert.equal(test.reason, '');
    }
  });

  it('explains an audience of one collection by that collection’s parts, which a two-class mix cannot', () => {
    const parts = [
      pointPart('a', false, 0.02),
      pointPart('a', true, 0.98),
      pointPart('b', false, 0.32),
      pointPart('b', true, 0.68),
    ];
    const onlyA = Float64Array.from({ length: 1000 }, (_, i) => (i % 10 === 0 ? 0.98 : 0.02));
    assert.ok(componentMisfit(scoresOf(onlyA), parts).misfit < 0.01);
    const pooled = [
      { ...pointPart('all', false, 0.02), counts: mergeCounts(parts[0], parts[2]), rows: 1000 },
      { ...pointPart('all', true, 0.98), counts: mergeCounts(parts[1], parts[3]), rows: 1000 },
    ];
    assert.ok(componentMisfit(scoresOf(onlyA), pooled).misfit > 0.3);
  });

  it('fires when the scores pile where no part puts them, or many followers are unlike the training data', () => {
    const { p } = syntheticScores(3000, 0.3, 5);
    const piled = Float64Array.from(p, (value, i) => (i % 3 === 0 ? 0.55 : value));
    const odd = shiftTest(scoresOf(piled), components, 0.01);
    assert.equal(odd.fires, true);
    assert.ok(odd.misfit > SHIFT_MISFIT_LIMIT);
    assert.match(odd.reason, /no mix of the training data's parts explains/);
    const unlike = shiftTest(scoresOf(p), components, SHIFT_UNLIKE_LIMIT + 0.05);
    assert.equal(unlike.fires, true);
    assert.match(unlike.reason, /outside the training data's ranges/);
  });

  it("bounds, with the feature test, the larger of the scores' and the features' distances read at their upper end", () => {
    const { p } = syntheticScores(2000, 0.3, 5);
    const scores = scoresOf(p);
    const feature = (upper: number): FeatureShift => ({
      statistic: 3,
      fires: true,
      feature: 0,
      featureName: 'log_age_days',
      misfit: 0.2,
      pValue: 1e-9,
      significantMisfit: 0.2,
      significantMisfitSum: 0.4,
      significantMisfitUpper: upper,
      anyMisfitUpper: upper,
      significantFeatures: [0],
    });
    const scoresUpper = upperMisfit(componentMisfit(scores, components));
    // The scores fit, yet their distance plus chance is more than their misfit (chance is added, not taken off).
    assert.ok(scoresUpper > componentMisfit(scores, components).misfit);
    assert.equal(shiftTest(scores, components, 0, feature(0.26)).boundedShare, Math.max(0.26, scoresUpper));
    assert.equal(shiftTest(scores, components, 0, feature(0)).boundedShare, scoresUpper);
    assert.equal(upperMisfit({ distance: 0.8, expected: 0.3 }), 1);
  });

  it('gives no misfit without scores or parts', () => {
    assert.deepEqual(componentMisfit(scoresOf([]), components), { distance: 0, expected: 0, misfit: 0 });
    assert.deepEqual(componentMisfit(scoresOf([0.5]), []), { distance: 0, expected: 0, misfit: 0 });
  });
});

function mergeCounts(a: ScoreComponent | undefined, b: ScoreComponent | undefined): number[] {
  return (a as ScoreComponent).counts.map((count, i) => count + ((b as ScoreComponent).counts[i] as number));
}
