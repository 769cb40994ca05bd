import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSeededRandom } from '../model/seeded-random.ts';
import { type BatchFollower, findBoughtBatches, handleShape } from './follower-batches.ts';

const DAY = 86_400_000;

function organic(random: () => number, n: number): BatchFollower[] {
  return Array.from({ length: n }, () => ({
    // Mostly people, a few fakes followed one at a time, as every audience has.
    pFake: random() < 0.08 ? 0.6 + 0.4 * random() : 0.3 * random(),
    createdAt: new Date(Date.parse('2008-01-01') + random() * 5_000 * DAY),
    handle: `user${Math.floor(random() * 1e6)}`.slice(0, 4 + Math.floor(random() * 8)),
    hasDefaultAvatar: random() < 0.05,
  }));
}

describe('findBoughtBatches', () => {
  it('finds a bought batch (packed creation dates, in order, high p(fake)) with its positions', () => {
    const random = createSeededRandom(3);
    const batch = Array.from({ length: 250 }, (_, k) => ({
      pFake: 0.6 + 0.4 * random(),
      createdAt: new Date(Date.parse('2019-03-01') + k * 2 * 3_600_000),
      handle: `ab${k}`,
      hasDefaultAvatar: true,
    }));
    const followers = [...organic(random, 1_200), ...batch, ...organic(random, 900)];
    const found = findBoughtBatches(followers);
    assert.equal(found.length, 1);
    const [b] = found;
    const overlap = Math.min(b?.to ?? 0, 1_449) - Math.max(b?.from ?? 0, 1_200) + 1;
    assert.ok(overlap >= 0.9 * 250, `found ${b?.from}..${b?.to}`);
    assert.ok((b?.size ?? 0) <= 270);
    assert.equal(b?.createdFrom, '2019-03-01');
    // Both spreads are days, written as counts: "1,260" with no unit read as anything.
    assert.ok(
      b?.evidence.some((line) =>
        /^creation dates packed: half of them within [\d,]+ days? \(the audience's usual: [\d,]+ days\)$/.test(
          line,
        ),
      ),
      b?.evidence.join('; '),
    );
  });

  it('finds two batches delivered back to back, each with its own positions', () => {
    const random = createSeededRandom(6);
    const batchOf = (start: string, size: number, prefix: string) =>
      Array.from({ length: size }, (_, k) => ({
        pFake: 0.6 + 0.4 * random(),
        createdAt: new Date(Date.parse(start) + random() * 3 * DAY),
        handle: `${prefix}${k}`,
        hasDefaultAvatar: true,
      }));
    const first = batchOf('2019-03-01', 250, 'ab');
    const second = batchOf('2020-07-01', 250, 'cd_');
    const followers = [...organic(random, 1_200), ...first, ...second, ...organic(random, 900)];
    const found = findBoughtBatches(followers);
    const covered = (from: number, to: number) =>
      Math.max(0, ...found.map((b) => Math.min(b.to, to) - Math.max(b.from, from) + 1));
    assert.ok(covered(1_200, 1_449) >= 0.8 * 250, JSON.stringify(found.map((b) => [b.from, b.to])));
    assert.ok(covered(1_450, 1_699) >= 0.8 * 250, JSON.stringify(found.map((b) => [b.from, b.to])));
  });

  it('finds none in an organic audience', () => {
    assert.deepEqual(findBoughtBatches(organic(createSeededRandom(4), 20_000)), []);
  });

  it('finds none in a shuffled audience with many fakes whose handles mostly share the plain-name template', () => {
    // 30 % fakes in random order: some windows of 40 reach a mean p(fake) of 0.5 by chance, and 70 % of every
    // window's handles are plain names because 70 % of the audience's are — no sign of a batch.
    const random = createSeededRandom(5);
    const names = ['anna', 'lumen', 'grace', 'olim', 'jazz', 'laura', 'nova', 'pixel'];
    const followers = Array.from({ length: 5_000 }, () => {
      const fake = random() < 0.3;
      const name = names[Math.floor(random() * names.length)] as string;
      return {
        pFake: fake ? 0.7 + 0.3 * random() : 0.3 * random(),
        createdAt: new Date(Date.parse('2012-01-01') + random() * 5_000 * DAY),
        handle: random() < 0.7 ? name : `${name}${Math.floor(random() * 100)}`,
      };
    });
    assert.deepEqual(findBoughtBatches(followers), []);
  });

  it('reduces a handle to its template', () => {
    assert.equal(handleShape('John_Smith1984'), 'a_a9');
  });
});
