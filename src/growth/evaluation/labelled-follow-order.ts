// Measures spike judgement, batch finding and reconstruction on follower lists built from labelled accounts: organic people in a plausible follow order, bought batches inserted.
import { median } from 'simple-statistics';
import { createSeededRandom } from '../../model/seeded-random.ts';
import { rebuildFromFollowOrder } from '../follow-order.ts';
import { findBoughtBatches } from '../follower-batches.ts';
import { DAY_MS } from '../follower-series.ts';
import { judgeSpike } from '../spike-arrivals.ts';

/** A labelled account as the evaluation uses it: scored by a bundled model. */
export interface ScoredLabelled {
  pFake: number;
  createdAt: Date;
  handle?: string;
  hasDefaultAvatar?: boolean;
}

export interface LabelledPools {
  /** Human-labelled accounts: the organic audience and viral arrivals. */
  humans: ScoredLabelled[];
  /** Fake-labelled accounts (bought followers): batches and bought arrivals. */
  bought: ScoredLabelled[];
  /** Other inauthentic accounts (spam bots), followed one at a time: the noise every real audience has. */
  scattered: ScoredLabelled[];
}

function pick<T>(items: readonly T[], count: number, random: () => number): T[] {
  const copy = [...items];
  const out: T[] = [];
  for (let i = 0; i < count && copy.length > 0; i++) {
    const j = Math.floor(random() * copy.length);
    out.push(copy[j] as T);
    copy[j] = copy[copy.length - 1] as T;
    copy.pop();
  }
  return out;
}

export interface SpikeAccuracy {
  trials: number;
  correct: number;
  accuracy: number;
  verdicts: Record<'bought' | 'viral', Record<string, number>>;
}

/** Half the spikes' arrivals are bought (fake-labelled), half viral (human-labelled), against an audience of people. */
export function measureSpikeJudgement(pools: LabelledPools, trials: number, seed: number): SpikeAccuracy {
  const random = createSeededRandom(seed);
  const result: SpikeAccuracy = { trials, correct: 0, accuracy: 0, verdicts: { bought: {}, viral: {} } };
  for (let t = 0; t < trials; t++) {
    const truth = t % 2 === 0 ? 'bought' : 'viral';
    const people = pick(pools.humans, 3_000, random);
    const audience = [...people.slice(0, 2_600), ...pick(pools.scattered, 130, random)];
    const size = 50 + Math.floor(random() * 350);
    const arrivals =
      truth === 'bought' ? pick(pools.bought, size, random) : people.slice(2_600, 2_600 + size);
    const { verdict } = judgeSpike(arrivals, audience);
    result.verdicts[truth][verdict] = (result.verdicts[truth][verdict] ?? 0) + 1;
    if ((truth === 'bought') === (verdict === 'purchase-like') && verdict !== 'unclear') result.correct++;
  }
  result.accuracy = result.correct / trials;
  return result;
}

export interface BatchAccuracy {
  lists: number;
  organicFollowers: number;
  batches: number;
  /** Batches with at least 80 % of their accounts inside one found batch. */
  batchesFound: number;
  /** Found batches with less than half their accounts from an inserted batch. */
  falseBatches: number;
  falseBatchesPer100k: number;
  /** Of the accounts in found batches that match an inserted one, the share that were inserted (not organic). */
  memberPrecision: number;
  /** Reconstruction: followers whose rebuilt earliest follow time is later than the true one (should be 0). */
  boundViolations: number;
  /** Median days between the true follow time and its rebuilt lower bound. */
  medianLagDays: number;
}

export type BatchDelivery = 'creation-order' | 'shuffled';

/**
 * Each list: `organic` people (5 % scattered spam bots) who followed at a uniform time between their creation and the
 * list's date, in that order, and `batchesPerList` bought batches of 200–330 fake-labelled accounts — a vendor's stock
 * made together, delivered in the order made (`creation-order`, the "follower factory" pattern) or shuffled.
 */
export function measureBatchFinding(
  pools: LabelledPools,
  options: { lists: number; organic: number; batchesPerList: number; delivery: BatchDelivery; seed: number },
): BatchAccuracy {
  const random = createSeededRandom(options.seed);
  const boughtByCreation = [...pools.bought].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const newest = Math.max(...[...pools.humans, ...pools.bought].map((a) => a.createdAt.getTime()));
  const listDate = newest + 30 * DAY_MS;
  const profileSince = Math.min(...pools.humans.map((a) => a.createdAt.getTime())) + 365 * DAY_MS;
  const result: BatchAccuracy = {
    lists: options.lists,
    organicFollowers: 0,
    batches: 0,
    batchesFound: 0,
    falseBatches: 0,
    falseBatchesPer100k: 0,
    memberPrecision: 0,
    boundViolations: 0,
    medianLagDays: 0,
  };
  const lags: number[] = [];
  let matchedMembers = 0;
  let insertedMembers = 0;
  for (let l = 0; l < options.lists; l++) {
    const organicCount = options.organic;
    const organic = [
      ...pick(pools.humans, Math.round(organicCount * 0.95), random),
      ...pick(pools.scattered, Math.round(organicCount * 0.05), random),
    ];
    const entries: { account: ScoredLabelled; at: number; batch: number }[] = organic.map((account) => {
      const earliest = Math.max(account.createdAt.getTime(), profileSince);
      return { account, at: earliest + random() * (listDate - earliest), batch: -1 };
    });
    const usedStarts: number[] = [];
    for (let b = 0; b < options.batchesPerList; b++) {
      const size = 200 + Math.floor(random() * 131);
      let start = Math.floor(random() * (boughtByCreation.length - size));
      // Batches of one list never share accounts.
      for (let tries = 0; usedStarts.some((u) => Math.abs(u - start) < 331) && tries < 50; tries++)
        start = Math.floor(random() * (boughtByCreation.length - size));
      usedStarts.push(start);
      const stock = boughtByCreation.slice(start, start + size);
      const delivered = options.delivery === 'shuffled' ? pick(stock, stock.length, random) : stock;
      const earliest = Math.max(...stock.map((a) => a.createdAt.getTime()), profileSince);
      const at = earliest + random() * (listDate - earliest);
      delivered.forEach((account, k) => {
        entries.push({ account, at: at + k * 1_000, batch: b });
      });
    }
    entries.sort((a, b) => a.at - b.at);
    const followers = entries.map((e) => e.account);
    result.organicFollowers += organic.length;
    result.batches += options.batchesPerList;

    const found = findBoughtBatches(followers);
    for (let b = 0; b < options.batchesPerList; b++) {
      const positions = entries.flatMap((e, i) => (e.batch === b ? [i] : []));
      const best = Math.max(0, ...found.map((f) => positions.filter((p) => p >= f.from && p <= f.to).length));
      if (best >= 0.8 * positions.length) result.batchesFound++;
    }
    for (const f of found) {
      let inserted = 0;
      for (let i = f.from; i <= f.to; i++) if ((entries[i]?.batch ?? -1) >= 0) inserted++;
      if (inserted < 0.5 * f.size) result.falseBatches++;
      else {
        matchedMembers += f.size;
        insertedMembers += inserted;
      }
    }

    const rebuilt = rebuildFromFollowOrder(followers);
    rebuilt.followedNoEarlierThan.forEach((bound, i) => {
      const truth = entries[i]?.at as number;
      if (bound === undefined) return;
      if (bound.getTime() > truth) result.boundViolations++;
      lags.push((truth - bound.getTime()) / DAY_MS);
    });
  }
  result.falseBatchesPer100k = (result.falseBatches / result.organicFollowers) * 100_000;
  result.memberPrecision = matchedMembers === 0 ? 0 : insertedMembers / matchedMembers;
  result.medianLagDays = lags.length > 0 ? median(lags) : 0;
  return result;
}
