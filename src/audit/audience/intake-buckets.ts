// Scores by position in the follower list, in a fixed number of buckets, so the newer and older halves of a list of any length can be compared in constant memory; merges exactly.
import { binMean, offsetUnitsOf, type WeightedScores } from '../fake-share/score-histogram.ts';

const BUCKETS = 64;
/** Each bucket keeps its scores in 20 bins of p (count and fixed-point sum), enough for a share estimate. */
const BINS = 20;
/** Offsets within a bin (width 0.05) in units of 2^-28: whole numbers below 2^24, exact sums up to 2^29 a cell. */
const UNITS_PER_ONE = 2 ** 28;

export interface IntakeHalves {
  /** Scores of the first part of the list (the newest followers, in API order) and of the rest. */
  newer: WeightedScores;
  older: WeightedScores;
  newerCount: number;
  olderCount: number;
}

/** The buckets as a value: `width` positions a bucket (a power of two), positions below `end` seen. */
export interface IntakeState {
  width: number;
  end: number;
  counts: Float64Array;
  offsetUnits: Float64Array;
}

export function createIntakeState(): IntakeState {
  return {
    width: 1,
    end: 0,
    counts: new Float64Array(BUCKETS * BINS),
    offsetUnits: new Float64Array(BUCKETS * BINS),
  };
}

/** Doubles the positions per bucket, adding neighbouring buckets (exact: the sums are whole numbers). */
function coarsen(state: IntakeState): void {
  const { counts, offsetUnits } = state;
  for (let bucket = 0; bucket < BUCKETS; bucket++) {
    for (let bin = 0; bin < BINS; bin++) {
      const target = bucket * BINS + bin;
      const first = 2 * bucket * BINS + bin;
      const second = first + BINS;
      const inRange = 2 * bucket + 1 < BUCKETS;
      counts[target] = inRange ? (counts[first] as number) + (counts[second] as number) : 0;
      offsetUnits[target] = inRange ? (offsetUnits[first] as number) + (offsetUnits[second] as number) : 0;
    }
  }
  state.width *= 2;
}

/** Adds the score of the follower at 0-based `position` in the list. */
export function addIntake(state: IntakeState, position: number, p: number): void {
  while (position >= BUCKETS * state.width) coarsen(state);
  state.end = Math.max(state.end, position + 1);
  const bin = Math.min(BINS - 1, Math.max(0, Math.floor(p * BINS)));
  const cell = Math.floor(position / state.width) * BINS + bin;
  state.counts[cell] = (state.counts[cell] as number) + 1;
  state.offsetUnits[cell] = (state.offsetUnits[cell] as number) + offsetUnitsOf(p, bin, BINS, UNITS_PER_ONE);
}

/** The buckets of two parts of one list, as if its followers had been added in one pass. */
export function mergeIntake(a: IntakeState, b: IntakeState): IntakeState {
  const width = Math.max(a.width, b.width);
  const merged: IntakeState = { ...createIntakeState(), width, end: Math.max(a.end, b.end) };
  for (const part of [a, b]) {
    const copy: IntakeState = { ...part, counts: part.counts.slice(), offsetUnits: part.offsetUnits.slice() };
    while (copy.width < width) coarsen(copy);
    for (let cell = 0; cell < BUCKETS * BINS; cell++) {
      merged.counts[cell] = (merged.counts[cell] as number) + (copy.counts[cell] as number);
      merged.offsetUnits[cell] = (merged.offsetUnits[cell] as number) + (copy.offsetUnits[cell] as number);
    }
  }
  return merged;
}

/** The list split at the bucket boundary nearest its middle. */
export function intakeHalves(state: IntakeState): IntakeHalves {
  const boundary = Math.max(1, Math.round(state.end / 2 / state.width));
  const part = (from: number, to: number) => {
    const scores: number[] = [];
    const weights: number[] = [];
    let total = 0;
    for (let cell = from * BINS; cell < to * BINS; cell++) {
      const count = state.counts[cell] as number;
      if (count === 0) continue;
      scores.push(binMean(cell % BINS, count, state.offsetUnits[cell] as number, BINS, UNITS_PER_ONE));
      weights.push(count);
      total += count;
    }
    return { scores: { scores: Float64Array.from(scores), weights: Float64Array.from(weights) }, total };
  };
  const newer = part(0, boundary);
  const older = part(boundary, BUCKETS);
  return { newer: newer.scores, older: older.scores, newerCount: newer.total, olderCount: older.total };
}
