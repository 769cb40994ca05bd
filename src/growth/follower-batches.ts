// Bought batches in follow order: contiguous runs of followers alike in ways organic audiences are not (packed or ordered creation dates, high p(fake), one handle template).

import { median, quantileSorted } from 'simple-statistics';
import { countOf } from '../core/plural.ts';
import { DAY_MS } from './follower-series.ts';

/** What batch finding needs of a follower, in follow order (either direction). */
export interface BatchFollower {
  pFake: number;
  createdAt?: Date;
  handle?: string;
  hasDefaultAvatar?: boolean;
}

export interface FollowerBatch {
  /** 0-based positions in the order given, inclusive. */
  from: number;
  to: number;
  size: number;
  createdFrom?: string;
  createdTo?: string;
  meanPFake: number;
  defaultProfileShare?: number;
  /** The share of the batch's handles with its most common shape (letters → a, digits → 9). */
  handleShapeShare?: number;
  /** The evidence that agreed, in words. */
  evidence: string[];
}

export interface BatchOptions {
  /** Followers in the sliding window each position is judged by. */
  window: number;
  /** The smallest run reported. */
  minSize: number;
  /** A run's mean p(fake) must be at least this. */
  minMeanPFake: number;
}

export const DEFAULT_BATCH_OPTIONS: BatchOptions = { window: 40, minSize: 20, minMeanPFake: 0.5 };

/** Share of consecutive pairs with creation dates in order that marks a vendor's list (random order gives ~0.5). */
const ORDERED_SHARE = 0.8;
/** A window's creation dates are packed when their spread is under this share of the audience's usual spread. */
const PACKED_SHARE = 0.1;
const HANDLE_SHAPE_SHARE = 0.5;
/**
 * A window's commonest template counts only when it is this many standard deviations above that template's share in
 * the whole audience (one-sided p ≈ 0.001): where most handles share one template anyway (plain names: `anna`,
 * `lumen`), any run of them does, and that says nothing about a batch.
 */
const HANDLE_SHAPE_Z = 3.09;
/** Followers scored at least this are counted in a batch when they extend it. */
const MEMBER_P_FAKE = 0.5;

/** `john_smith84` → `a_a9`: the template a generator fills. */
export function handleShape(handle: string): string {
  return handle
    .toLowerCase()
    .replace(/[a-z]+/g, 'a')
    .replace(/[0-9]+/g, '9');
}

function spreadDays(times: number[]): number | undefined {
  if (times.length < 4) return undefined;
  const sorted = [...times].sort((a, b) => a - b);
  return (quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25)) / DAY_MS;
}

interface WindowFacts {
  meanPFake: number;
  ordered: number | undefined;
  spread: number | undefined;
  shapeShare: number | undefined;
  /** How far the commonest template's count lies above the audience's share of it, in standard deviations. */
  shapeZ: number | undefined;
}

/** Each handle template's share of the audience's handles. */
function shapeShares(followers: readonly BatchFollower[]): Map<string, number> {
  const counts = new Map<string, number>();
  let handles = 0;
  for (const follower of followers)
    if (follower.handle !== undefined) {
      handles++;
      const shape = handleShape(follower.handle);
      counts.set(shape, (counts.get(shape) ?? 0) + 1);
    }
  return new Map([...counts].map(([shape, count]) => [shape, count / handles]));
}

function windowFacts(
  followers: readonly BatchFollower[],
  from: number,
  to: number,
  baseShares: ReadonlyMap<string, number>,
): WindowFacts {
  let pSum = 0;
  let pairs = 0;
  let inOrder = 0;
  const times: number[] = [];
  const shapes = new Map<string, number>();
  let handles = 0;
  for (let i = from; i < to; i++) {
    const follower = followers[i] as BatchFollower;
    pSum += follower.pFake;
    const time = follower.createdAt?.getTime();
    if (time !== undefined) times.push(time);
    const next = followers[i + 1]?.createdAt?.getTime();
    if (i + 1 < to && time !== undefined && next !== undefined) {
      pairs++;
      if (next >= time) inOrder++;
    }
    if (follower.handle !== undefined) {
      handles++;
      const shape = handleShape(follower.handle);
      shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
    }
  }
  let top: [string, number] | undefined;
  for (const entry of shapes) if (top === undefined || entry[1] > top[1]) top = entry;
  let shapeZ: number | undefined;
  if (handles >= 10 && top !== undefined) {
    const base = baseShares.get(top[0]) ?? 0;
    const sd = Math.sqrt(handles * base * (1 - base));
    shapeZ = sd > 0 ? (top[1] - handles * base) / sd : undefined;
  }
  return {
    meanPFake: pSum / (to - from),
    ordered: pairs >= 10 ? inOrder / pairs : undefined,
    spread: spreadDays(times),
    shapeShare: handles >= 10 && top !== undefined ? top[1] / handles : undefined,
    shapeZ,
  };
}

/** The audience's usual creation-date spread over a window: what "packed" is measured against. */
function usualSpread(followers: readonly BatchFollower[], window: number): number | undefined {
  const spreads: number[] = [];
  for (let from = 0; from + window <= followers.length; from += window) {
    const spread = windowFacts(followers, from, from + window, new Map()).spread;
    if (spread !== undefined) spreads.push(spread);
  }
  return spreads.length > 0 ? median(spreads) : undefined;
}

function structuralEvidence(facts: WindowFacts, usual: number | undefined): string[] {
  const evidence: string[] = [];
  if (facts.ordered !== undefined && facts.ordered >= ORDERED_SHARE)
    evidence.push(
      `creation dates rise along the follow order (${Math.round(facts.ordered * 100)} % of neighbours in order)`,
    );
  if (facts.spread !== undefined && usual !== undefined && facts.spread <= PACKED_SHARE * usual)
    evidence.push(
      `creation dates packed: half of them within ${countOf(Math.max(1, Math.round(facts.spread)), 'day')} (the audience's usual: ${countOf(Math.round(usual), 'day')})`,
    );
  if (
    facts.shapeShare !== undefined &&
    facts.shapeShare >= HANDLE_SHAPE_SHARE &&
    facts.shapeZ !== undefined &&
    facts.shapeZ >= HANDLE_SHAPE_Z
  )
    evidence.push(`${Math.round(facts.shapeShare * 100)} % of handles share one template`);
  return evidence;
}

/** The creation window of a run's middle 80 %, widened by half its width (at least a week) to admit its edges. */
function coreWindow(
  followers: readonly BatchFollower[],
  from: number,
  to: number,
): [number, number] | undefined {
  const times: number[] = [];
  for (let i = from; i <= to; i++) {
    const time = followers[i]?.createdAt?.getTime();
    if (time !== undefined) times.push(time);
  }
  if (times.length < 4) return undefined;
  times.sort((a, b) => a - b);
  const low = quantileSorted(times, 0.1);
  const high = quantileSorted(times, 0.9);
  const margin = Math.max(7 * DAY_MS, 0.5 * (high - low));
  return [low - margin, high + margin];
}

function isMember(follower: BatchFollower | undefined, window: [number, number] | undefined): boolean {
  if (follower === undefined || follower.pFake < MEMBER_P_FAKE) return false;
  const time = follower.createdAt?.getTime();
  if (window === undefined || time === undefined) return true;
  return time >= window[0] && time <= window[1];
}

/** Grows or shrinks a run's ends to the followers that belong to it. */
function settleEnds(followers: readonly BatchFollower[], from: number, to: number): [number, number] {
  const window = coreWindow(followers, from, to);
  let start = from;
  let end = to;
  while (start <= end && !isMember(followers[start], window)) start++;
  while (end >= start && !isMember(followers[end], window)) end--;
  while (isMember(followers[start - 1], window)) start--;
  while (isMember(followers[end + 1], window)) end++;
  return [start, end];
}

function describeBatch(
  followers: readonly BatchFollower[],
  from: number,
  to: number,
  usual: number | undefined,
  baseShares: ReadonlyMap<string, number>,
): FollowerBatch {
  const facts = windowFacts(followers, from, to + 1, baseShares);
  const members = followers.slice(from, to + 1);
  const times = members.flatMap((f) => (f.createdAt === undefined ? [] : [f.createdAt.getTime()]));
  const avatars = members.filter((f) => f.hasDefaultAvatar !== undefined);
  const batch: FollowerBatch = {
    from,
    to,
    size: to - from + 1,
    meanPFake: facts.meanPFake,
    evidence: [`mean p(fake) ${facts.meanPFake.toFixed(2)}`, ...structuralEvidence(facts, usual)],
  };
  if (times.length > 0) {
    batch.createdFrom = new Date(Math.min(...times)).toISOString().slice(0, 10);
    batch.createdTo = new Date(Math.max(...times)).toISOString().slice(0, 10);
  }
  if (avatars.length > 0)
    batch.defaultProfileShare = avatars.filter((f) => f.hasDefaultAvatar).length / avatars.length;
  if (facts.shapeShare !== undefined) batch.handleShapeShare = facts.shapeShare;
  return batch;
}

/**
 * Slides a window along the list; a window is batch-like when its mean p(fake) is high AND at least one structural
 * sign agrees (creation dates in order, packed, or one handle template) — p(fake) alone cannot tell a run of bought
 * accounts from chance. Batch-like windows are joined into runs whose ends are then settled follower by follower.
 */
export function findBoughtBatches(
  followers: readonly BatchFollower[],
  options: Partial<BatchOptions> = {},
): FollowerBatch[] {
  const settings = { ...DEFAULT_BATCH_OPTIONS, ...options };
  const n = followers.length;
  const half = Math.floor(settings.window / 2);
  if (n < settings.minSize) return [];
  const usual = usualSpread(followers, settings.window);
  const baseShares = shapeShares(followers);
  const marked = new Uint8Array(n);
  for (let center = 0; center < n; center++) {
    const from = Math.max(0, center - half);
    const to = Math.min(n, center + half);
    if (to - from < settings.minSize) continue;
    const facts = windowFacts(followers, from, to, baseShares);
    if (facts.meanPFake >= settings.minMeanPFake && structuralEvidence(facts, usual).length > 0)
      marked[center] = 1;
  }
  const batches: FollowerBatch[] = [];
  let i = 0;
  while (i < n) {
    if (marked[i] !== 1) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < n && marked[j + 1] === 1) j++;
    const [settledFrom, to] = settleEnds(followers, Math.max(0, i - half), Math.min(n - 1, j + half));
    // A batch delivered right after another settles its start into it: it begins after the one reported.
    const last = batches.at(-1);
    const from = last === undefined ? settledFrom : Math.max(settledFrom, last.to + 1);
    if (to - from + 1 >= settings.minSize) {
      const batch = describeBatch(followers, from, to, usual, baseShares);
      if (batch.meanPFake >= settings.minMeanPFake && batch.evidence.length > 1) batches.push(batch);
    }
    i = j + 1;
  }
  return batches;
}
