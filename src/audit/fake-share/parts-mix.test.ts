import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FeatureParts } from '../../model/feature-parts.ts';
import { SCORE_COMPONENT_BINS, type ScoreComponent } from '../../model/model-file.ts';
import { partsMixShare } from './parts-mix.ts';

/** Scores in the card's bins: `counts[b]` followers at bin b's middle. */
function scoresOf(counts: readonly number[]) {
  const scores: number[] = [];
  const weights: number[] = [];
  counts.forEach((count, b) => {
    if (count === 0) return;
    scores.push((b + 0.5) / SCORE_COMPONENT_BINS);
    weights.push(count);
  });
  return { scores: Float64Array.from(scores), weights: Float64Array.from(weights) };
}

const bins = (entries: Record<number, number>) =>
  Array.from({ length: SCORE_COMPONENT_BINS }, (_, b) => entries[b] ?? 0);

// Two collections, each scored its own way: A's humans sit low, B's humans in the middle, where A's fakes also fall;
// one feature (3 value bins + unknown) tells the collections apart.
const components: ScoreComponent[] = [
  { collection: 'a', positive: false, rows: 1000, counts: bins({ 0: 900, 1: 100 }) },
  { collection: 'a', positive: true, rows: 1000, counts: bins({ 10: 500, 19: 500 }) },
  { collection: 'b', positive: false, rows: 1000, counts: bins({ 9: 500, 10: 500 }) },
  { collection: 'b', positive: true, rows: 1000, counts: bins({ 19: 1000 }) },
];
const parts: FeatureParts = {
  cuts: [[1, 2]],
  parts: [
    { collection: 'a', positive: false, rows: 1000, counts: [[1000, 0, 0, 0]] },
    { collection: 'a', positive: true, rows: 1000, counts: [[1000, 0, 0, 0]] },
    { collection: 'b', positive: false, rows: 1000, counts: [[0, 0, 1000, 0]] },
    { collection: 'b', positive: true, rows: 1000, counts: [[0, 0, 1000, 0]] },
  ],
};

describe('partsMixShare', () => {
  it("finds an audience's fakes through the parts that explain it, each collection scored its own way", () => {
    // 300 of A's humans and 100 of its fakes: 25 % fake, half of the fakes scored where B's humans are
    const scores = scoresOf(bins({ 0: 270, 1: 30, 10: 50, 19: 50 }));
    const share = partsMixShare(scores, components, [[400, 0, 0, 0]], parts);
    assert.ok(share !== null && Math.abs(share - 0.25) < 0.01, String(share));
  });

  it('takes unknown values for missing, never for a collection that lacked the field', () => {
    // B's rows never knew the feature; an upload of A's followers without it must not be read as B's
    const bUnknown: FeatureParts = {
      ...parts,
      parts: parts.parts.map((part) =>
        part.collection === 'b' ? { ...part, counts: [[0, 0, 0, 1000]] } : part,
      ),
    };
    const scores = scoresOf(bins({ 0: 270, 1: 30, 10: 50, 19: 50 }));
    const without = partsMixShare(scores, components, [[0, 0, 0, 400]], bUnknown);
    assert.equal(without, partsMixShare(scores, components, [], bUnknown), 'as if no feature were counted');
    assert.ok(without !== null && Math.abs(without - 0.25) < 0.01, String(without));
  });

  it('is null with no followers or no part both the card and the feature parts describe', () => {
    assert.equal(partsMixShare(scoresOf(bins({})), components, [[0, 0, 0, 0]], parts), null);
    const other = {
      ...parts,
      parts: parts.parts.map((part) => ({ ...part, collection: `${part.collection}-x` })),
    };
    assert.equal(partsMixShare(scoresOf(bins({ 0: 10 })), components, [[10, 0, 0, 0]], other), null);
  });
});
