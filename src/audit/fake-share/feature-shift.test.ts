import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Account } from '../../core/account.ts';
import { selectFeatures } from '../../features/index.ts';
import { addFeatureRow, emptyFeatureCounts, type FeatureParts } from '../../model/feature-parts.ts';
import { parseModelFile, readModelFile, serializeModelFile } from '../../model/model-file.ts';
import { createSeededRandom } from '../../model/seeded-random.ts';
import { featureShift, logChiSquareTail, SHIFT_ALPHA, SHIFT_MATERIAL } from './feature-shift.ts';

const model = await readModelFile('x');
const parts = model.featureParts as FeatureParts;

/** Per-feature counts of `n` followers drawn from the bundled model's own parts in the proportions `weights`. */
function drawFromParts(weights: readonly number[], n: number, seed: number): number[][] {
  const random = createSeededRandom(seed);
  const counts = emptyFeatureCounts(parts.cuts);
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const pick = (shares: readonly number[], sum: number) => {
    let u = random() * sum;
    for (let i = 0; i < shares.length; i++) {
      u -= shares[i] as number;
      if (u < 0) return i;
    }
    return shares.length - 1;
  };
  for (let i = 0; i < n; i++) {
    const part = parts.parts[pick(weights, total)] as FeatureParts['parts'][number];
    part.counts.forEach((bins, j) => {
      const bin = pick(bins, part.rows);
      (counts[j] as number[])[bin] = ((counts[j] as number[])[bin] as number) + 1;
    });
  }
  return counts;
}

describe('featureShift on the bundled x model', () => {
  it('has training parts for every feature, in the bins its cuts make', () => {
    assert.ok(parts.parts.length >= 2);
    assert.equal(parts.cuts.length, model.features.length);
    for (const part of parts.parts)
      part.counts.forEach((bins, j) => {
        assert.equal(bins.length, (parts.cuts[j] as number[]).length + 2);
        assert.equal(
          bins.reduce((sum, count) => sum + count, 0),
          part.rows,
        );
      });
  });

  it('stays quiet on audiences drawn from its own parts, in any proportion and size', () => {
    let fired = 0;
    let audiences = 0;
    for (const [seed, n] of [
      [1, 100],
      [2, 500],
      [3, 2000],
    ] as const) {
      for (let a = 0; a < 10; a++) {
        const random = createSeededRandom(seed * 100 + a);
        const weights = parts.parts.map((): number => (random() < 0.4 ? random() : 0));
        if (!weights.some((weight) => weight > 0)) weights[0] = 1;
        const test = featureShift(drawFromParts(weights, n, seed * 1000 + a), parts, model.features);
        audiences++;
        if (test.fires) fired++;
      }
    }
    // SHIFT_ALPHA is the familywise rate per audience; 2 of 30 would already be far above it.
    assert.ok(fired <= 1, `fired on ${fired} of ${audiences} in-distribution audiences`);
  });

  it('fires when a third of the followers sit where the parts put almost nobody', () => {
    const counts = drawFromParts(
      parts.parts.map(() => 1),
      1000,
      7,
    );
    const j = model.features.indexOf('log_followers');
    const bins = counts[j] as number[];
    // Move a third of the followers into the feature's rarest known bin over all parts.
    const rarest = bins
      .slice(0, -1)
      .map((_, b) => parts.parts.reduce((sum, part) => sum + ((part.counts[j] as number[])[b] as number), 0))
      .reduce((best, count, b, all) => (count < (all[best] as number) ? b : best), 0);
    let moved = 0;
    for (let b = 0; b < bins.length && moved < 333; b++) {
      if (b === rarest) continue;
      const take = Math.min(bins[b] as number, 333 - moved);
      bins[b] = (bins[b] as number) - take;
      moved += take;
    }
    bins[rarest] = (bins[rarest] as number) + moved;
    const test = featureShift(counts, parts, model.features);
    assert.equal(test.fires, true);
    assert.equal(test.featureName, 'log_followers');
    assert.ok(test.misfit > SHIFT_MATERIAL);
    assert.ok(test.pValue < SHIFT_ALPHA / model.features.length);
    // The upper reading adds the chance distance the point reading takes off: above it by twice that, at most 1.
    assert.ok(test.significantMisfitUpper > test.significantMisfit, JSON.stringify(test));
    assert.ok(test.significantMisfitUpper <= 1);
    // Over every feature, significant or not: at least the significant ones' reading.
    assert.ok(test.anyMisfitUpper >= test.significantMisfitUpper && test.anyMisfitUpper <= 1);
    // The feature moved is among those listed as significantly off (what the kept-features headline leaves out).
    assert.ok(test.significantFeatures.includes(j), JSON.stringify(test.significantFeatures));
    assert.ok(test.significantFeatures.length < model.features.length);
  });

  it('fires on followers made in a day, with thousands followed and nothing posted', () => {
    const featureSet = selectFeatures(model.features);
    const row = new Float64Array(model.features.length);
    const counts = emptyFeatureCounts(parts.cuts);
    const observedAt = new Date('2026-11-01T00:00:00Z');
    for (let i = 0; i < 300; i++) {
      const account: Account = {
        platform: 'x',
        id: String(i),
        handle: `user${String(i).padStart(8, '0')}`,
        displayName: '',
        bio: '',
        url: '',
        followersCount: 0,
        followingCount: 4000 + i,
        postsCount: 0,
        likesCount: 0,
        listedCount: 0,
        hasDefaultAvatar: true,
        hasBanner: false,
        isPrivate: false,
        createdAt: new Date(observedAt.getTime() - 86_400_000),
        observedAt,
        source: { format: 'test', file: 'test', line: i + 1 },
      } as Account;
      featureSet.extract(account, row, 0);
      addFeatureRow(counts, parts.cuts, row, 0);
    }
    const test = featureShift(counts, parts, model.features);
    assert.equal(test.fires, true, JSON.stringify(test));
  });

  it('takes followers whose value is unknown as missing, not as different', () => {
    const counts = drawFromParts(
      parts.parts.map(() => 1),
      1000,
      11,
    );
    const j = model.features.indexOf('has_url');
    const bins = counts[j] as number[];
    bins.fill(0);
    bins[bins.length - 1] = 1000;
    assert.equal(featureShift(counts, parts, model.features).fires, false);
  });

  it('is refused on load when its training parts do not match the model features', () => {
    const mismatched = { ...model, featureParts: { ...parts, cuts: parts.cuts.slice(1) } };
    assert.throws(
      () => parseModelFile(serializeModelFile(mismatched), 'x.json'),
      /featureParts do not match its 30 features/,
    );
  });

  it('gives nothing without followers', () => {
    const test = featureShift(emptyFeatureCounts(parts.cuts), parts, model.features);
    assert.equal(test.fires, false);
    assert.equal(test.statistic, 0);
    assert.deepEqual(test.significantFeatures, []);
  });
});

describe('logChiSquareTail', () => {
  it('is close to the χ² tail where it matters', () => {
    // P(χ²_10 ≥ 23.209) = 0.01, P(χ²_2 ≥ 13.816) = 0.001, P(χ²_5 ≥ 11.070) = 0.05.
    assert.ok(Math.abs(Math.exp(logChiSquareTail(23.209, 10)) - 0.01) < 0.001);
    assert.ok(Math.abs(Math.exp(logChiSquareTail(13.816, 2)) - 0.001) < 0.0005);
    assert.ok(Math.abs(Math.exp(logChiSquareTail(11.07, 5)) - 0.05) < 0.003);
    assert.ok(logChiSquareTail(10_000, 10) < -1000);
  });
});
