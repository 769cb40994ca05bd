import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSeededRandom } from '../../model/seeded-random.ts';
import { drawBinomial, drawNormal } from './random-draws.ts';

function moments(draws: number[]) {
  const mean = draws.reduce((sum, draw) => sum + draw, 0) / draws.length;
  return { mean, variance: draws.reduce((sum, draw) => sum + (draw - mean) ** 2, 0) / (draws.length - 1) };
}

test('binomial draws have mean np and variance np(1 − p), exact and approximated alike', () => {
  const random = createSeededRandom(5);
  for (const [trials, p] of [
    [40, 0.1],
    [9000, 0.002],
    [9000, 0.998],
    [2000, 0.3],
  ] as const) {
    const { mean, variance } = moments(Array.from({ length: 20_000 }, () => drawBinomial(trials, p, random)));
    const expectedVariance = trials * p * (1 - p);
    assert.ok(
      Math.abs(mean - trials * p) < 4 * Math.sqrt(expectedVariance / 20_000),
      `${trials} ${p}: mean ${mean}`,
    );
    assert.ok(Math.abs(variance / expectedVariance - 1) < 0.05, `${trials} ${p}: variance ${variance}`);
  }
  assert.equal(drawBinomial(10, 0, random), 0);
  assert.equal(drawBinomial(10, 1, random), 10);
  assert.equal(drawBinomial(0, 0.5, random), 0);
});

test('normal draws are standard', () => {
  const random = createSeededRandom(6);
  const { mean, variance } = moments(Array.from({ length: 50_000 }, () => drawNormal(random)));
  assert.ok(Math.abs(mean) < 0.02 && Math.abs(variance - 1) < 0.03, `${mean} ${variance}`);
});
