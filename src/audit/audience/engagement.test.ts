import assert from 'node:assert/strict';
import { test } from 'node:test';
import { measureEngagement } from './engagement.ts';

const real = { estimate: 2000, low: 1800, high: 2200 };

test('X: rates by followers and by real followers, against the tier quartiles by the median (the source’s measure)', () => {
  const result = measureEngagement({
    platform: 'x',
    interactions: [10, 20, 30, 100],
    followers: 2500,
    realFollowers: real,
  });
  assert.ok(result);
  const { engagement } = result;
  assert.equal(engagement.posts, 4);
  assert.equal(engagement.meanInteractions, 40);
  assert.equal(engagement.rateByFollowers, 40 / 2500);
  assert.deepEqual(engagement.rateByRealFollowers, { estimate: 40 / 2000, low: 40 / 2200, high: 40 / 1800 });
  assert.equal(engagement.tier, '1K to 10K followers');
  assert.deepEqual([engagement.benchmark.low, engagement.benchmark.high], [0.00067, 0.0134]);
  assert.match(engagement.benchmark.source, /PlayerSells \(2026\)/);
  assert.match(engagement.benchmark.source, /median interactions per post ÷ followers, 1\.00 %/);
  assert.equal(engagement.verdict, 'within');
  assert.ok(result.scoreValue > 0.5 && result.scoreValue < 1);
});

test('verdicts below and above the band, and the score part 0.5 × rate ÷ low below it, 1 above', () => {
  const below = measureEngagement({ platform: 'x', interactions: [1], followers: 5000, realFollowers: real });
  assert.equal(below?.engagement.verdict, 'below');
  assert.ok(Math.abs((below?.scoreValue ?? 0) - (0.5 * (1 / 5000)) / 0.00067) < 1e-12);
  const above = measureEngagement({
    platform: 'x',
    interactions: [500],
    followers: 5000,
    realFollowers: real,
  });
  assert.equal(above?.engagement.verdict, 'above');
  assert.equal(above?.scoreValue, 1);
});

test('Instagram uses its own tiers; a profile outside the table and a platform without one say so', () => {
  const instagram = measureEngagement({
    platform: 'instagram',
    interactions: [400, 600],
    followers: 20_000,
    realFollowers: real,
  });
  assert.equal(instagram?.engagement.tier, 'mid, 10K to 100K followers');
  assert.equal(instagram?.engagement.verdict, 'within');
  const tiny = measureEngagement({ platform: 'x', interactions: [5], followers: 300, realFollowers: real });
  assert.match(tiny?.engagement.benchmark.source ?? '', /outside the table; the nearest tier is used/);
  const bluesky = measureEngagement({
    platform: 'bluesky',
    interactions: [5],
    followers: 3000,
    realFollowers: real,
  });
  assert.match(bluesky?.engagement.benchmark.source ?? '', /No published per-tier table for bluesky/);
  assert.equal(
    measureEngagement({ platform: 'x', interactions: [], followers: 10, realFollowers: real }),
    undefined,
  );
});
