// A seeded, deterministic pseudo-random stream (mulberry32) and the sampling built on it.

/** Returns numbers in [0, 1); the same seed always gives the same sequence. Seeds are taken modulo 2^32. */
export function createSeededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates shuffle of `values` in place. */
export function shuffleInPlace(values: Int32Array, random: () => number): void {
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const kept = values[i] as number;
    values[i] = values[j] as number;
    values[j] = kept;
  }
}

/**
 * Writes `k` distinct integers from [0, n), ascending, into `out[0..k)` (selection sampling, Knuth's
 * Algorithm S): one pass, no sort, and the ascending order keeps later row access sequential.
 */
export function sampleAscending(n: number, k: number, random: () => number, out: Int32Array): void {
  let chosen = 0;
  for (let i = 0; i < n && chosen < k; i++) {
    if (random() * (n - i) < k - chosen) out[chosen++] = i;
  }
}
