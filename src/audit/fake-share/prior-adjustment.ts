// Adjusts calibrated probabilities to an audience whose share of fakes differs from the training data's (Saerens, Latinne & Decaestecker 2002).
//
// A model calibrated on training data with a share π_t of fakes gives posteriors that assume π_t. If an audience
// has another share π, and fakes and humans each look as they did in training (prior shift), the posterior becomes
//   p' = (π/π_t)·p / ((π/π_t)·p + ((1 − π)/(1 − π_t))·(1 − p)).
// Saerens et al. estimate π by EM: π ← mean p'(π) until it settles. That fixed point is the maximum-likelihood π,
// the root of the likelihood's derivative Σ (p'_i(π) − π) / (π(1 − π)), which falls as π grows. It is found here by
// Newton's method kept inside a shrinking bracket, which reaches it in a few steps where EM's own iteration crawls
// near 0 or 1; the result is the same π.
import type { WeightedScores } from './score-histogram.ts';

/** The posterior of a follower scored `p` under `trainingPrior`, moved to an audience whose prior is `prior`. */
export function adjustPosterior(p: number, trainingPrior: number, prior: number): number {
  const fake = (prior / trainingPrior) * p;
  const human = ((1 - prior) / (1 - trainingPrior)) * (1 - p);
  const total = fake + human;
  return total === 0 ? prior : fake / total;
}

export interface PriorEstimate {
  /** The maximum-likelihood share of fakes. */
  prior: number;
  /** Σ w·p'(1 − p') / (n·π(1 − π)): how much the classes overlap (0 = scores separate them, 1 = no information). */
  overlap: number;
  /** Σ w·p'(1 − p') / n²: the variance of the realised fake share around Σ p' / n, given the posteriors. */
  outcomeVariance: number;
}

const TOLERANCE = 1e-12;
const MAX_STEPS = 200;

/** Slope of the log-likelihood in π (up to the factor n), and its derivative. */
function slope(
  scores: WeightedScores,
  trainingPrior: number,
  prior: number,
): { value: number; derivative: number } {
  let value = 0;
  let derivative = 0;
  const { scores: p, weights } = scores;
  // adjustPosterior's factors, computed once: the same operations on the same values, so the same bits
  const fakeFactor = prior / trainingPrior;
  const humanFactor = (1 - prior) / (1 - trainingPrior);
  const between = prior * (1 - prior);
  for (let i = 0; i < p.length; i++) {
    const score = p[i] as number;
    const fake = fakeFactor * score;
    const total = fake + humanFactor * (1 - score);
    const adjusted = total === 0 ? prior : fake / total;
    const term = (adjusted - prior) / between;
    value += (weights[i] as number) * term;
    derivative -= (weights[i] as number) * term * term;
  }
  return { value, derivative };
}

function summarise(scores: WeightedScores, trainingPrior: number, prior: number): PriorEstimate {
  let n = 0;
  let spread = 0;
  for (let i = 0; i < scores.scores.length; i++) {
    const adjusted = adjustPosterior(scores.scores[i] as number, trainingPrior, prior);
    const weight = scores.weights[i] as number;
    n += weight;
    spread += weight * adjusted * (1 - adjusted);
  }
  const between = prior * (1 - prior);
  return {
    prior,
    overlap: between === 0 ? 0 : Math.min(1, spread / (n * between)),
    outcomeVariance: n === 0 ? 0 : spread / (n * n),
  };
}

/**
 * The maximum-likelihood share of fakes of an audience with these calibrated scores (0 or 1 when it lies there),
 * without the overlap and outcome variance `estimatePrior` adds (a bootstrap replicate needs the share only).
 */
export function maximumLikelihoodPrior(scores: WeightedScores, trainingPrior: number): number {
  const edge = 1e-9;
  if (scores.scores.length === 0) return 0;
  if (slope(scores, trainingPrior, edge).value <= 0) return 0;
  if (slope(scores, trainingPrior, 1 - edge).value >= 0) return 1;
  let low = edge;
  let high = 1 - edge;
  let prior = 0;
  let total = 0;
  for (let i = 0; i < scores.scores.length; i++) {
    prior += (scores.weights[i] as number) * (scores.scores[i] as number);
    total += scores.weights[i] as number;
  }
  prior = Math.min(high, Math.max(low, prior / total));
  for (let step = 0; step < MAX_STEPS && high - low > TOLERANCE; step++) {
    const { value, derivative } = slope(scores, trainingPrior, prior);
    if (value > 0) low = prior;
    else high = prior;
    const newton = derivative < 0 ? prior - value / derivative : Number.NaN;
    // The midpoint is computed every step, taken or not: computed only when Newton left the bracket (rarely), the
    // optimised code had never seen its addition and left for the interpreter there (V8: "Insufficient type
    // feedback"), again at every bootstrap replicate that needed it — 254 times in one audit of 100,000 followers.
    const middle = (low + high) / 2;
    const next = newton > low && newton < high ? newton : middle;
    if (Math.abs(next - prior) < TOLERANCE) {
      prior = next;
      break;
    }
    prior = next;
  }
  return prior;
}

/** The maximum-likelihood share of fakes of an audience with these calibrated scores (0 or 1 when it lies there). */
export function estimatePrior(scores: WeightedScores, trainingPrior: number): PriorEstimate {
  if (scores.scores.length === 0) return { prior: 0, overlap: 0, outcomeVariance: 0 };
  return summarise(scores, trainingPrior, maximumLikelihoodPrior(scores, trainingPrior));
}

/** The log-likelihood of prior `prior` for these scores (up to a constant): Σ w log(π p/π_t + (1 − π)(1 − p)/(1 − π_t)). */
export function priorLogLikelihood(scores: WeightedScores, trainingPrior: number, prior: number): number {
  let total = 0;
  const { scores: p, weights } = scores;
  for (let i = 0; i < p.length; i++) {
    const score = p[i] as number;
    const likelihood = (prior * score) / trainingPrior + ((1 - prior) * (1 - score)) / (1 - trainingPrior);
    total += (weights[i] as number) * Math.log(Math.max(likelihood, 1e-300));
  }
  return total;
}

/** χ²(1) at 95 %: the likelihood-ratio interval holds the priors within half of it of the maximum. */
const LR_95 = 3.841459;

/**
 * The 95 % likelihood-ratio interval of the prior (Wilks): every π whose log-likelihood is within 1.92 of the
 * maximum's. Unlike a spread of re-estimates it does not collapse when the maximum lies at 0 or 1.
 */
export function priorLikelihoodInterval(
  scores: WeightedScores,
  trainingPrior: number,
  estimate: number,
): { low: number; high: number } {
  if (scores.scores.length === 0) return { low: estimate, high: estimate };
  const limit = priorLogLikelihood(scores, trainingPrior, estimate) - LR_95 / 2;
  const inside = (prior: number) => priorLogLikelihood(scores, trainingPrior, prior) >= limit;
  const edge = (outer: number) => {
    if (inside(outer)) return outer;
    let a = estimate;
    let b = outer;
    for (let step = 0; step < 50; step++) {
      const middle = (a + b) / 2;
      if (inside(middle)) a = middle;
      else b = middle;
    }
    return a;
  };
  return { low: edge(0), high: edge(1) };
}
