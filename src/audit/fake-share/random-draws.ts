// Draws from the normal and binomial distributions on a seeded uniform stream, for the audit's bootstrap.

/** A standard normal draw (Box–Muller, one of the pair). */
export function drawNormal(random: () => number): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** Below this expected count of the rarer outcome, binomial draws are counted exactly; above it, the normal approximation is close. */
const EXACT_BINOMIAL_BELOW = 30;

/**
 * A Binomial(trials, probability) draw. Small expected counts are drawn exactly by skipping geometric gaps between
 * successes (cost ~ trials × min(p, 1 − p)); larger ones by the rounded normal approximation, clamped to [0, trials].
 */
export function drawBinomial(trials: number, probability: number, random: () => number): number {
  if (trials <= 0 || probability <= 0) return 0;
  if (probability >= 1) return trials;
  const rare = Math.min(probability, 1 - probability);
  let successes: number;
  if (trials * rare < EXACT_BINOMIAL_BELOW) {
    const logMiss = Math.log1p(-rare);
    successes = 0;
    let position = 0;
    for (;;) {
      position += Math.floor(Math.log(1 - random()) / logMiss) + 1;
      if (position > trials) break;
      successes++;
    }
  } else {
    const spread = Math.sqrt(trials * rare * (1 - rare));
    successes = Math.min(trials, Math.max(0, Math.round(trials * rare + spread * drawNormal(random))));
  }
  return rare === probability ? successes : trials - successes;
}
