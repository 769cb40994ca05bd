// Scores by position in the follower list, in a fixed number of buckets, so the newer and older halves of a list of any length can be compared in constant memory.
import type { WeightedScores } from './score-histogram.ts';

const BUCKETS = 64;
/** Each bucket keeps its scores in 20 bins of p (count and sum), enough for a share estimate. */
const BINS = 20;

export interface IntakeHalves {
  /** Scores of the first part of the list (the newest followers, in API order) and of the rest. */
  newer: WeightedScores;
  older: WeightedScores;
  newerCount: number;
  olderCount: number;
}

export class IntakeBuckets {
  /** Positions per bucket; doubles (neighbouring buckets merged) when the list outgrows the buckets. */
  #width = 1;
  #end = 0;
  readonly #counts = new Float64Array(BUCKETS * BINS);
  readonly #sums = new Float64Array(BUCKETS * BINS);

  /** Adds the score of the follower at 0-based `position` in the list. */
  add(position: number, p: number): void {
    while (position >= BUCKETS * this.#width) this.#merge();
    this.#end = Math.max(this.#end, position + 1);
    const cell = Math.floor(position / this.#width) * BINS + Math.min(BINS - 1, Math.floor(p * BINS));
    this.#counts[cell] = (this.#counts[cell] as number) + 1;
    this.#sums[cell] = (this.#sums[cell] as number) + p;
  }

  /** The list split at the bucket boundary nearest its middle. */
  halves(): IntakeHalves {
    const boundary = Math.max(1, Math.round(this.#end / 2 / this.#width));
    const part = (from: number, to: number) => {
      const scores: number[] = [];
      const weights: number[] = [];
      let total = 0;
      for (let cell = from * BINS; cell < to * BINS; cell++) {
        const count = this.#counts[cell] as number;
        if (count === 0) continue;
        scores.push((this.#sums[cell] as number) / count);
        weights.push(count);
        total += count;
      }
      return { scores: { scores: Float64Array.from(scores), weights: Float64Array.from(weights) }, total };
    };
    const newer = part(0, boundary);
    const older = part(boundary, BUCKETS);
    return { newer: newer.scores, older: older.scores, newerCount: newer.total, olderCount: older.total };
  }

  #merge(): void {
    for (let bucket = 0; bucket < BUCKETS; bucket++) {
      for (let bin = 0; bin < BINS; bin++) {
        const target = bucket * BINS + bin;
        const first = 2 * bucket * BINS + bin;
        const second = first + BINS;
        const inRange = 2 * bucket + 1 < BUCKETS;
        this.#counts[target] = inRange
          ? (this.#counts[first] as number) + (this.#counts[second] as number)
          : 0;
        this.#sums[target] = inRange ? (this.#sums[first] as number) + (this.#sums[second] as number) : 0;
      }
    }
    this.#width *= 2;
  }
}
