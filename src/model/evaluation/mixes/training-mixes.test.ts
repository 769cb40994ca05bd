import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EvaluationMetrics } from '../evaluation-metrics.ts';
import type { LocoOutcome } from '../leave-one-collection-out.ts';
import { rankMixes, summariseMix, TRAINING_MIXES } from './training-mixes.ts';

function outcome(heldOut: string, balancedAccuracy: number, rocAuc: number | null): LocoOutcome {
  return {
    heldOut,
    rows: 10,
    positives: 5,
    trainingRows: 100,
    outcome: { gbdt: { balancedAccuracy, rocAuc } as EvaluationMetrics, unlikeShare: 0, trees: 1 },
  };
}

describe('training mixes', () => {
  it('are the candidates fixed in advance', () => {
    const mix = (name: string) => TRAINING_MIXES.find((candidate) => candidate.name === name);
    assert.equal(mix('all')?.trainsOn('botwiki-2019', 'bot'), true);
    assert.equal(mix('bought-fakes')?.trainsOn('cresci-2015', 'fake'), true);
    assert.equal(mix('bought-fakes')?.trainsOn('cresci-2017', 'bot'), false);
    assert.equal(mix('bought-fakes')?.trainsOn('verified-2019', 'human'), true);
    assert.equal(mix('fakes-and-spam')?.trainsOn('pronbots-2019', 'bot'), true);
    assert.equal(mix('fakes-and-spam')?.trainsOn('botwiki-2019', 'bot'), false);
    assert.equal(mix('fakes-and-spam')?.trainsOn('political-bots-2019', 'bot'), false);
    assert.equal(mix('two-class-collections')?.trainsOn('verified-2019', 'human'), false);
    assert.equal(mix('two-class-collections')?.trainsOn('twibot-22', 'human'), true);
  });

  it('are summarised over all their tested collections and over the common ones', () => {
    const loco = [
      outcome('a', 0.9, 0.95),
      outcome('b', 0.5, 0.65),
      outcome('bots', 0.2, null),
      { heldOut: 'c', rows: 5, positives: 5, trainingRows: 0, skipped: 'no rows' },
    ];
    const summary = summariseMix({ name: 'm', description: '' }, loco, ['b', 'bots']);
    assert.equal(summary.meanRocAuc, 0.8);
    assert.equal(summary.meanBalancedAccuracy, 0.533333);
    assert.equal(summary.commonMeanRocAuc, 0.65);
    assert.equal(summary.commonMeanBalancedAccuracy, 0.35);
  });

  it('rank by mean balanced accuracy on the common collections, ROC AUC breaking ties', () => {
    const summary = (name: string, balanced: number, auc: number) =>
      summariseMix({ name, description: '' }, [outcome('x', balanced, auc)], ['x']);
    const ranked = rankMixes([
      summary('low', 0.4, 0.9),
      summary('tied', 0.6, 0.7),
      summary('best', 0.6, 0.8),
    ]);
    assert.deepEqual(
      ranked.map((mix) => mix.name),
      ['best', 'tied', 'low'],
    );
  });
});
