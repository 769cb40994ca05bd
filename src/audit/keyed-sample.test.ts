import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { KeyedSample, mergeSamples, sampleKey } from './keyed-sample.ts';

/** Chi-square statistic of observed counts against equal expected counts. */
function chiSquare(counts: number[]): number {
  const expected = counts.reduce((sum, count) => sum + count, 0) / counts.length;
  return counts.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0);
}

test('every item is sampled equally often across seeds (chi-square, 19 degrees of freedom)', () => {
  const counts = new Array<number>(20).fill(0);
  for (let seed = 0; seed < 20_000; seed++) {
    const sample = new KeyedSample<number>(5);
    for (let i = 0; i < 20; i++) sample.offer(sampleKey(seed, `follower-${i}`), i, i);
    for (const { item } of sample.state().kept) counts[item] = (counts[item] as number) + 1;
  }
  // The 99.9th percentile of chi-square with 19 degrees of freedom is 43.8.
  assert.ok(chiSquare(counts) < 43.8, `chi-square ${chiSquare(counts)}: ${counts.join(' ')}`);
});

test('keys are 53-bit whole numbers and differ by seed', () => {
  const key = sampleKey(1, 'alice');
  assert.ok(Number.isSafeInteger(key) && key >= 0);
  assert.notEqual(sampleKey(2, 'alice'), key);
  assert.equal(sampleKey(1, 'alice'), key);
});

test('a list sampled in parts and merged gives the sample of one pass, in any order of merging', () => {
  fc.assert(
    fc.property(
      fc.array(fc.string({ maxLength: 6 }), { maxLength: 60 }),
      fc.integer({ min: 1, max: 8 }),
      fc.integer({ min: 0, max: 60 }),
      fc.integer({ min: 0, max: 60 }),
      (ids, capacity, cutA, cutB) => {
        const [low, high] = [Math.min(cutA, cutB, ids.length), Math.min(Math.max(cutA, cutB), ids.length)];
        const sampleOf = (from: number, to: number) => {
          const sample = new KeyedSample<string>(capacity);
          for (let i = from; i < to; i++) sample.offer(sampleKey(7, ids[i] as string), i, ids[i] as string);
          return sample.state();
        };
        const whole = sampleOf(0, ids.length);
        const [a, b, c] = [sampleOf(0, low), sampleOf(low, high), sampleOf(high, ids.length)];
        assert.deepEqual(mergeSamples(mergeSamples(a, b), c), whole);
        assert.deepEqual(mergeSamples(a, mergeSamples(b, c)), whole);
        assert.deepEqual(mergeSamples(c, mergeSamples(a, b)), whole);
      },
    ),
  );
});
