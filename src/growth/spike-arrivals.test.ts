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
