import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSeededRandom } from '../model/seeded-random.ts';
import { rebuildFromFollowOrder } from './follow-order.ts';

const DAY = 86_400_000;

describe('rebuildFromFollowOrder', () => {
  it('never puts a follow later than it happened, and its count curve never below the true one', () => {
    const random = createSeededRandom(7);
    const start = Date.parse('2015-01-01');
    const end = Date.parse('2025-01-01');
    const followers = Array.from({ length: 3_000 }, () => {
      const createdAt = start - 2_000 * DAY + random() * (end - start + 2_000 * DAY);
      const followedAt = Math.max(createdAt, start) + random() * (end - Math.max(createdAt, start));
      return { createdAt: new Date(createdAt), truth: followedAt };
    }).sort((a, b) => a.truth - b.truth);
    const rebuilt = rebuildFromFollowOrder(followers, new Date(end));
    rebuilt.followedNoEarlierThan.forEach((bound, i) => {
      assert.ok(bound === undefined || bound.getTime() <= (followers[i]?.truth as number));
    });
    for (const day of rebuilt.series.days.filter((d) => d.observed)) {
      const dayEnd = Date.parse(`${day.date}T23:59:59.999Z`);
      const truth = followers.filter((f) => f.truth <= dayEnd).length;
      assert.ok(day.followers >= truth, `${day.date}: rebuilt ${day.followers} < true ${truth}`);
    }
    assert.equal(rebuilt.series.origin, 'reconstructed');
    assert.equal(rebuilt.series.days.at(-1)?.followers, 3_000);
  });

  it('uses exact follow times where the export gives them', () => {
    const rebuilt = rebuildFromFollowOrder([
      { createdAt: new Date('2010-01-01'), followedAt: new Date('2020-05-01T10:00:00Z') },
      { createdAt: new Date('2012-01-01'), followedAt: new Date('2020-05-03T10:00:00Z') },
    ]);
    assert.equal(rebuilt.exactTimes, 2);
    assert.deepEqual(
      rebuilt.followedNoEarlierThan.map((d) => d?.toISOString().slice(0, 10)),
      ['2020-05-01', '2020-05-03'],
    );
    assert.deepEqual(
      rebuilt.series.days.map((d) => d.followers),
      [1, 2, 2],
    );
  });
});
