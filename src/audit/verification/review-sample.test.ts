import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSeededRandom } from '../../model/seeded-random.ts';
import { allocateReview, MIN_PER_STRATUM, ReviewSampler } from './review-sample.ts';
import { REVIEW_STRATA, stratumOf } from './review-strata.ts';

describe('allocateReview', () => {
  it('gives every non-empty stratum at least two labels and the rest in proportion to size', () => {
    const sizes = [9000, 400, 0, 100, 1, 500];
    const allocated = allocateReview(sizes, 100);
    assert.equal(
      allocated.reduce((sum, count) => sum + count, 0),
      100,
    );
    assert.equal(allocated[2], 0);
    assert.equal(allocated[4], 1, 'a stratum of one follower gives its one');
    for (const [i, size] of sizes.entries())
      if (size > 1) assert.ok((allocated[i] as number) >= MIN_PER_STRATUM, `stratum ${i}`);
    assert.ok((allocated[0] as number) > 80, 'the big stratum gets most labels');
  });

  it('takes every follower when there are no more than n', () => {
    assert.deepEqual(allocateReview([3, 0, 2, 0, 0, 1], 100), [3, 0, 2, 0, 0, 1]);
  });
});

describe('ReviewSampler', () => {
  const draw = (seed: number) => {
    const random = createSeededRandom(5);
    const sampler = new ReviewSampler<number>(60, seed);
    for (let i = 0; i < 5000; i++) sampler.offer(`u${i}`, i, random() ** 3);
    return sampler.draw();
  };

  it('draws n distinct followers, every stratum represented, the same for the same seed', () => {
    const sample = draw(11);
    assert.equal(sample.drawn.length, 60);
    assert.equal(new Set(sample.drawn.map((d) => d.item)).size, 60);
    for (let h = 0; h < REVIEW_STRATA; h++)
      if ((sample.population[h] as number) > 0)
        assert.ok(
          sample.drawn.some((d) => d.stratum === h),
          `stratum ${h} is represented`,
        );
    for (const d of sample.drawn) assert.equal(d.stratum, stratumOf(d.pFake));
    assert.deepEqual(
      draw(11).drawn.map((d) => d.item),
      sample.drawn.map((d) => d.item),
    );
    assert.notDeepEqual(
      draw(12).drawn.map((d) => d.item),
      sample.drawn.map((d) => d.item),
    );
  });

  it('lists the drawn followers in random order, not stratum by stratum', () => {
    const strata = draw(3).drawn.map((d) => d.stratum);
    const sorted = [...strata].sort((a, b) => a - b);
    assert.notDeepEqual(strata, sorted);
  });
});
