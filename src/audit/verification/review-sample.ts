// Draws the review sample: a seeded random sample of followers stratified by p(fake), every non-empty stratum represented, in one streaming pass.
//
// Every follower gets a random key hashed from the seed and its id (keyed-sample.ts); each stratum keeps its n
// smallest keys while the list streams by. At the end the n labels are allocated to the strata in proportion to
// their sizes, with at least MIN_PER_STRATUM in every stratum that has followers (so a band the model calls clean is
// still checked), and each stratum gives its n_h smallest keys: a uniform sample without replacement within the
// stratum. Keys depend on ids, not on the order of the list, so a file and a saved audit's rows of the same
// followers give the same sample. The rows come out in key order, a random order across strata, so a reviewer who
// stops early leaves a random part unlabelled, not one stratum.
import { KeyedSample, sampleKey } from '../keyed-sample.ts';
import { REVIEW_STRATA, StratumTotals, stratumOf } from './review-strata.ts';

/** Labels every non-empty stratum gets at least (fewer when it has fewer followers). */
export const MIN_PER_STRATUM = 2;
export const DEFAULT_REVIEW_SIZE = 100;

export interface ReviewDraw<T> {
  item: T;
  pFake: number;
  stratum: number;
}

export interface ReviewSample<T> {
  drawn: ReviewDraw<T>[];
  /** Followers per stratum in the whole list. */
  population: number[];
  /** Labels allocated to each stratum. */
  allocated: number[];
}

/**
 * Labels per stratum: at least min(size, MIN_PER_STRATUM) in each, the rest in proportion to size (largest
 * remainder), never more than a stratum holds.
 */
export function allocateReview(sizes: readonly number[], n: number): number[] {
  const total = sizes.reduce((sum, size) => sum + size, 0);
  if (n >= total) return [...sizes];
  const allocated = sizes.map((size) => Math.min(size, MIN_PER_STRATUM));
  let left = n - allocated.reduce((sum, count) => sum + count, 0);
  while (left > 0) {
    const open = sizes.map((size, i) => size - (allocated[i] as number));
    const room = open.reduce((sum, count) => sum + count, 0);
    if (room === 0) break;
    const quotas = open.map((count) => (count * left) / room);
    const whole = quotas.map((quota, i) => Math.min(Math.floor(quota), open[i] as number));
    let given = whole.reduce((sum, count) => sum + count, 0);
    const byRemainder = quotas
      .map((quota, i) => ({ i, remainder: quota - Math.floor(quota) }))
      .filter(({ i }) => (open[i] as number) > (whole[i] as number))
      .sort((a, b) => b.remainder - a.remainder || a.i - b.i);
    for (const { i } of byRemainder) {
      if (given >= left) break;
      whole[i] = (whole[i] as number) + 1;
      given++;
    }
    whole.forEach((count, i) => {
      allocated[i] = (allocated[i] as number) + count;
    });
    left -= given;
    if (given === 0) break;
  }
  return allocated;
}

export class ReviewSampler<T> {
  readonly #size: number;
  readonly #seed: number;
  readonly #samples: KeyedSample<ReviewDraw<T>>[];
  readonly totals = new StratumTotals();
  #position = 0;

  constructor(size: number, seed: number) {
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError(`a review sample needs a whole number of followers >= 1, got ${size}`);
    this.#size = size;
    this.#seed = seed;
    this.#samples = Array.from({ length: REVIEW_STRATA }, () => new KeyedSample(size));
  }

  offer(id: string, item: T, pFake: number): void {
    const stratum = stratumOf(pFake);
    this.totals.add(pFake);
    this.#samples[stratum]?.offer(sampleKey(this.#seed, id), this.#position++, { item, pFake, stratum });
  }

  draw(): ReviewSample<T> {
    const population = [...this.totals.counts];
    const allocated = allocateReview(population, this.#size);
    const drawn = this.#samples.flatMap((sample, stratum) =>
      sample.state().kept.slice(0, allocated[stratum]),
    );
    drawn.sort((a, b) => a.key - b.key || a.position - b.position);
    return { drawn: drawn.map((kept) => kept.item), population, allocated };
  }
}
