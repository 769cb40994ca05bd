// The logistic link between margins (log-odds) and probabilities, and the overflow-safe softplus of the log loss.

export function sigmoid(margin: number): number {
  return 1 / (1 + Math.exp(-margin));
}

/** log(1 + e^z), exact for large |z| where the naive form overflows or rounds to 0. */
export function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/** Probabilities within this of 0 or 1 are clamped before their log-odds are taken (margins within ±20.7). */
const LOGIT_CLAMP = 1e-9;

/**
 * The log-odds of the noisy-or union 1 - Π(1 - p_k), given the product Π(1 - p_k) (the probability of no kind): the
 * margin a union model's calibration maps to p(fake), in training and in scoring alike.
 */
export function noisyOrMargin(noKind: number): number {
  const none = Math.min(1 - LOGIT_CLAMP, Math.max(LOGIT_CLAMP, noKind));
  return Math.log((1 - none) / none);
}
