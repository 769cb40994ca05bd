import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSeededRandom } from '../../model/seeded-random.ts';
import { estimateShareWithLabels } from './stratified-ppi.ts';
import { type ScoredPool, simulateVerification } from './verification-simulation.ts';

describe('estimateShareWithLabels', () => {
  it('is exact with no interval when every follower is labelled', () => {
    const population = [
      { size: 3, meanP: 0.05 },
      { size: 2, meanP: 0.95 },
    ];
    const labelled = [
      { stratum: 0, pFake: 0.02, fake: false },
      { stratum: 0, pFake: 0.05, fake: true },
      { stratum: 0, pFake: 0.08, fake: false },
      { stratum: 1, pFake: 0.9, fake: true },
      { stratum: 1, pFake: 1, fake: true },
    ];
    const result = estimateShareWithLabels(population, labelled);
    assert.ok(Math.abs(result.estimate - 3 / 5) < 1e-12);
    assert.ok(Math.abs(result.high - result.low) < 1e-12);
  });

  it('bounds a stratum without labels between none and all fake', () => {
    const population = [
      { size: 50, meanP: 0.1 },
      { size: 50, meanP: 0.9 },
    ];
    const labelled = Array.from({ length: 10 }, (_, i) => ({ stratum: 0, pFake: 0.1, fake: i === 0 }));
    const result = estimateShareWithLabels(population, labelled);
    assert.ok(result.high - result.low >= 0.5, `${result.low}–${result.high}`);
    assert.ok(result.low <= 0.05 + 0.45 * 0 && result.high >= 0.5);
  });

  it('keeps a labelled band the model calls clean from claiming no variance', () => {
    const population = [{ size: 10_000, meanP: 0.02 }];
    const labelled = Array.from({ length: 60 }, () => ({ stratum: 0, pFake: 0.02, fake: false }));
    const result = estimateShareWithLabels(population, labelled);
    assert.equal(result.estimate, 0);
    assert.ok(result.high > 0.01, `high ${result.high}`);
  });
});

describe('simulateVerification at a small scale (seeded)', () => {
  const random = createSeededRandom(2023);
  const scores = (n: number, draw: () => number) => Float64Array.from({ length: n }, draw);
  // One informative model, one that misses 40 % of the fakes (an unseen kind), one that knows nothing.
  const pools: ScoredPool[] = [
    {
      name: 'informative',
      humans: scores(800, () => random() ** 6),
      fakes: scores(800, () => 1 - random() ** 6),
    },
    {
      name: 'biased',
      humans: scores(800, () => random() ** 6),
      fakes: scores(800, () => (random() < 0.4 ? random() ** 6 : 1 - random() ** 6)),
    },
    { name: 'uninformative', humans: scores(800, random), fakes: scores(800, random) },
  ];
  const cells = simulateVerification(pools, {
    shares: [0, 0.05, 0.3, 0.6, 1],
    repeats: 14,
    audienceSize: 600,
    labelCounts: [100],
    seed: 9,
  });

  it('covers the truth in at least 90 % of 210 audiences from 0 to 100 % fake, whatever the model', () => {
    const audiences = cells.reduce((sum, cell) => sum + cell.audiences, 0);
    const covered = cells.reduce((sum, cell) => sum + cell.coveredPpi, 0);
    assert.equal(audiences, 210);
    assert.ok(covered / audiences >= 0.9, `coverage ${covered}/${audiences}`);
  });

  it('is narrower with an informative model than labels alone from a simple random sample', () => {
    const informative = cells.filter(
      (cell) => cell.pool === 'informative' && cell.share > 0 && cell.share < 1,
    );
    const ppi = informative.reduce((sum, cell) => sum + cell.widthPpi, 0);
    const random = informative.reduce((sum, cell) => sum + cell.widthRandom, 0);
    assert.ok(ppi < random, `PPI ${ppi} vs labels alone ${random}`);
  });
});
