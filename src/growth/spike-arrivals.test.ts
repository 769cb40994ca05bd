import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSeededRandom } from '../model/seeded-random.ts';
import { judgeSpike } from './spike-arrivals.ts';

const DAY = 86_400_000;
const random = createSeededRandom(11);
const people = (n: number) =>
  Array.from({ length: n }, () => ({
    pFake: 0.25 * random(),
    createdAt: new Date(Date.parse('2009-01-01') + random() * 4_000 * DAY),
    hasDefaultAvatar: random() < 0.05,
  }));

describe('judgeSpike', () => {
  it('calls arrivals purchase-like only when p(fake) and another sign agree', () => {
    const bought = Array.from({ length: 80 }, () => ({
      pFake: 0.7 + 0.3 * random(),
      createdAt: new Date(Date.parse('2020-02-01') + random() * 10 * DAY),
      hasDefaultAvatar: random() < 0.7,
    }));
    assert.equal(judgeSpike(bought, people(2_000)).verdict, 'purchase-like');
    const oldHighScores = bought.map((b) => ({
      ...b,
      createdAt: people(1)[0]?.createdAt,
      hasDefaultAvatar: false,
    }));
    assert.equal(judgeSpike(oldHighScores, people(2_000)).verdict, 'unclear');
  });

  it('calls arrivals like the audience organic-like, and too few unclear', () => {
    assert.equal(judgeSpike(people(80), people(2_000)).verdict, 'organic-like');
    assert.equal(judgeSpike(people(5), people(2_000)).verdict, 'unclear');
  });
});

describe('judgeSpikesByArrivals', () => {
  it("judges an observed history's spike by the followers at its places in today's list", async () => {
    const { judgeSpikesByArrivals } = await import('./analyse-growth.ts');
    const { dailySeries } = await import('./follower-series.ts');
    // 60 days of 20 followers a day from 1,000, and a spike of 300 on day 30; the list holds everyone, oldest first.
    const counts = [];
    let count = 1_000;
    for (let day = 0; day < 60; day++) {
      if (day > 0) count += 20 + (day === 30 ? 300 : 0) + ((day * 7) % 5) - 2;
      counts.push({ at: new Date(Date.UTC(2025, 0, 1 + day, 12)), followers: count });
    }
    const series = dailySeries(counts, 'observed', 'test');
    const before = counts[29]?.followers as number;
    const list = Array.from({ length: count }, (_, i) =>
      i >= before && i < before + 320
        ? { pFake: 0.9, createdAt: new Date(Date.UTC(2024, 11, 1 + (i % 5))) }
        : { pFake: 0.1, createdAt: new Date(Date.UTC(2010 + (i % 14), i % 12, 1)) },
    );
    const { detectEvents } = await import('./detect-events.ts');
    const judged = judgeSpikesByArrivals({ series, events: detectEvents(series) }, list);
    const spike = judged.events.find((e) => e.kind === 'spike');
    assert.equal(spike?.date, '2025-01-31');
    assert.deepEqual(spike?.arrivals, { from: before, to: (counts[30]?.followers as number) - 1 });
    assert.equal(spike?.judgement?.verdict, 'purchase-like');
  });
});
