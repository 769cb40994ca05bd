// The logistic link between margins (log-odds) and probabilities, and the overflow-safe softplus of the log loss.

export function sigmoid(margin: number): number {
  return 1 / (1 + Math.exp(-margin));
}

/** log(1 + e^z), exact for large |z| where the naive form overflows or rounds to 0. */
export function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}
