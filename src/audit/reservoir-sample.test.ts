import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSeededRandom } from '../model/seeded-random.ts';
import { ReservoirSample } from './reservoir-sample.ts';

/** Chi-square statistic of observed counts against equal expected counts. */
function chiSquare(counts: number[]): number {
  const expected = counts.reduce((sum, count) => sum + count, 0) / counts.length;
  return counts.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0);
}

test('every position of the stream is sampled equally often (chi-square, 19 degrees of freedom)', () => {
  const counts = new Array<number>(20).fill(0);
  for (let trial = 0; trial < 20_000; trial++) {
    const sample = new ReservoirSample<number>(5, createSeededRandom(trial));
    for (let i = 0; i < 20; i++) sample.offer(i);
    for (const item of sample.items()) counts[item] = (counts[item] as number) + 1;
  }
  // 43.82 is the 99.9th percentile of chi-square with 19 degrees of freedom
  assert.ok(chiSquare(counts) < 43.82, `chi-square ${chiSquare(counts)}: ${counts.join(',')}`);
});

test('a long stream is sampled uniformly across its length, without repeats', () => {
  const deciles = new Array<number>(10).fill(0);
  for (let trial = 0; trial < 300; trial++) {
    const sample = new ReservoirSample<number>(50, createSeededRandom(10_000 + trial));
    for (let i = 0; i < 100_000; i++) sample.offer(i);
    const items = sample.items();
    assert.equal(new Set(items).size, 50);
    for (const item of items)
      deciles[Math.floor(item / 10_000)] = (deciles[Math.floor(item / 10_000)] as number) + 1;
  }
  // 27.88 is the 99.9th percentile of chi-square with 9 degrees of freedom
  assert.ok(chiSquare(deciles) < 27.88, `chi-square ${chiSquare(deciles)}: ${deciles.join(',')}`);
});

test('a stream shorter than the sample is kept whole; the same seed draws the same sample', () => {
  const short = new ReservoirSample<number>(10, createSeededRandom(1));
  for (let i = 0; i < 4; i++) short.offer(i);
  assert.deepEqual(short.items(), [0, 1, 2, 3]);
  assert.equal(short.seen, 4);
  const draw = (seed: number) => {
    const sample = new ReservoirSample<number>(7, createSeededRandom(seed));
    for (let i = 0; i < 1000; i++) sample.offer(i);
    return [...sample.items()];
  };
  assert.deepEqual(draw(42), draw(42));
  assert.notDeepEqual(draw(42), draw(43));
  assert.throws(() => new ReservoirSample<number>(0, Math.random), RangeError);
});
