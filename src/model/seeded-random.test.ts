import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSeededRandom, sampleAscending, shuffleInPlace } from './seeded-random.ts';

test('the same seed gives the same sequence, another seed another one', () => {
  const draw = (seed: number) => Array.from({ length: 50 }, createSeededRandom(seed));
  assert.deepEqual(draw(7), draw(7));
  assert.notDeepEqual(draw(7), draw(8));
});

test('draws are in [0, 1) and roughly uniform', () => {
  const random = createSeededRandom(123);
  const counts = new Array<number>(10).fill(0);
  for (let i = 0; i < 100_000; i++) {
    const value = random();
    assert.ok(value >= 0 && value < 1);
    const bin = Math.floor(value * 10);
    counts[bin] = (counts[bin] ?? 0) + 1;
  }
  for (const count of counts) assert.ok(Math.abs(count - 10_000) < 500, `bin count ${count}`);
});

test('shuffleInPlace permutes', () => {
  const values = Int32Array.from({ length: 100 }, (_, i) => i);
  shuffleInPlace(values, createSeededRandom(1));
  assert.notDeepEqual([...values], [...Array(100).keys()]);
  assert.deepEqual(
    [...values].sort((a, b) => a - b),
    [...Array(100).keys()],
  );
});

test('sampleAscending picks exactly k distinct ascending indices, each about equally often', () => {
  const random = createSeededRandom(5);
  const out = new Int32Array(30);
  const hits = new Array<number>(100).fill(0);
  for (let trial = 0; trial < 2000; trial++) {
    sampleAscending(100, 30, random, out);
    for (let i = 1; i < 30; i++) assert.ok((out[i] as number) > (out[i - 1] as number));
    for (const index of out) hits[index] = (hits[index] ?? 0) + 1;
  }
  for (const count of hits) assert.ok(Math.abs(count - 600) < 120, `hit count ${count}`);
});
