import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { ModelFile } from '../../model/model-file.ts';
import { readModelFile, SCORE_COMPONENT_BINS } from '../../model/model-file.ts';
import type { Interval } from '../report-schema.ts';
import { estimateFakeShare, fakeShareInput } from './fake-share-estimate.ts';
import { boundedByUnion, estimateKindShares, type KindShare, kindShareOf } from './kind-shares.ts';
import { addScore, createScoreHistogram, type ScoreHistogram } from './score-histogram.ts';

const kind = (name: string, share: Interval, shiftFires = false): KindShare => ({
  kind: name,
  model: `x-${name}`,
  share,
  shiftFires,
  boundedByFakeShare: false,
});

describe('boundedByUnion', () => {
  const union = { estimate: 0.3, low: 0.25, high: 0.35 };

  it('keeps kinds that fit within the fake share as they are when no shift test fired', () => {
    const kinds = [
      kind('a', { estimate: 0.2, low: 0.15, high: 0.25 }),
      kind('b', { estimate: 0.1, low: 0.05, high: 0.15 }),
    ];
    assert.deepEqual(boundedByUnion(kinds, union, false), kinds);
  });

  it("bounds every kind by [0, the fake share's upper end] when its own or the fake share's test fired", () => {
    const [own, other] = boundedByUnion(
      [
        kind('a', { estimate: 0.32, low: 0.1, high: 0.6 }, true),
        kind('b', { estimate: 0.1, low: 0.05, high: 0.15 }),
      ],
      union,
      false,
    );
    assert.deepEqual(own?.share, { estimate: 0.3, low: 0, high: 0.35 });
    assert.equal(own?.boundedByFakeShare, true);
    assert.equal(other?.boundedByFakeShare, false);
    for (const entry of boundedByUnion([kind('b', { estimate: 0.1, low: 0.05, high: 0.15 })], union, true)) {
      assert.deepEqual([entry.share.low, entry.share.high, entry.shiftFires], [0, 0.35, true]);
      assert.equal(entry.boundedByFakeShare, true);
    }
  });

  it('bounds every kind when the kinds and the fake share cannot both be right', () => {
    const above = boundedByUnion(
      [kind('a', { estimate: 0.5, low: 0.4, high: 0.6 }), kind('b', { estimate: 0.01, low: 0, high: 0.02 })],
      union,
      false,
    );
    const below = boundedByUnion(
      [
        kind('a', { estimate: 0.05, low: 0.02, high: 0.1 }),
        kind('b', { estimate: 0.05, low: 0.02, high: 0.1 }),
      ],
      union,
      false,
    );
    for (const entry of [...above, ...below]) {
      assert.equal(entry.boundedByFakeShare, true);
      assert.deepEqual([entry.share.low, entry.share.high], [0, 0.35]);
      assert.ok(entry.share.estimate <= union.estimate);
    }
  });
});

describe('estimateKindShares', () => {
  let model: ModelFile;
  let scores: ScoreHistogram;
  before(async () => {
    model = await readModelFile('x-fake-follower');
    // Scores as the training parts give them: every part's bins, so the score test has nothing to object to.
    scores = createScoreHistogram();
    for (const part of model.card.scoreComponents)
      part.counts.forEach((count, bin) => {
        for (let i = 0; i < count; i++) addScore(scores, (bin + 0.5) / SCORE_COMPONENT_BINS);
      });
  });
  const options = { population: 1, priorAdjustment: 'em' as const, seed: 1, replicates: 200 };
  const exact = (share: number): Interval => ({ estimate: share, low: share, high: share });

  it("decides by the score test in the audit; given the feature counts (the evaluation's candidate), by the kind model's own feature test, with the defended interval", () => {
    const parts = model.featureParts;
    assert.ok(parts, 'the bundled kind model keeps its training parts');
    const n = model.card.scoreComponents.reduce((sum, part) => sum + part.rows, 0);
    const population = { ...options, population: n };
    // Every follower in the first bin of every feature: no mix of the parts puts them there.
    const offParts = parts.cuts.map((cuts) => {
      const bins = new Array<number>(cuts.length + 2).fill(0);
      bins[0] = n;
      return bins;
    });
    const union = { share: { estimate: 0.5, low: 0, high: 1 }, shiftFires: false };
    const [withoutCounts] = estimateKindShares(
      [{ kind: 'fakeFollower', model, scores }],
      union,
      population,
      exact,
    );
    const withCounts = kindShareOf(
      { kind: 'fakeFollower', model, scores, featureCounts: offParts },
      population,
      exact,
    );
    assert.equal(withoutCounts?.shiftFires, false, 'the score test: the scores are a mix of the parts');
    assert.equal(withCounts?.shiftFires, true, 'the feature test sees the features no part has');
    const defended = estimateFakeShare(
      fakeShareInput(
        model,
        { like: scores, unlike: createScoreHistogram(), featureCounts: offParts },
        population,
      ),
    );
    assert.equal(defended.shift.fires, true);
    assert.ok(withCounts && withoutCounts);
    assert.ok(Math.abs(withCounts.share.low - defended.fakeShare.low) < 1e-6);
    assert.ok(Math.abs(withCounts.share.high - defended.fakeShare.high) < 1e-6);
    assert.ok(
      withCounts.share.high - withCounts.share.low > withoutCounts.share.high - withoutCounts.share.low,
      'the defended interval is wider',
    );
    assert.equal(withoutCounts.boundedByFakeShare, false);
    const [bounded] = estimateKindShares(
      [{ kind: 'fakeFollower', model, scores }],
      { ...union, shiftFires: true },
      population,
      exact,
    );
    assert.deepEqual([bounded?.share.low, bounded?.share.high, bounded?.boundedByFakeShare], [0, 1, true]);
  });
});
