// Seeded synthetic audiences with exactly calibrated scores, and the reliability bins of their model, for the audit's tests (not part of the library).
//
// Fakes have a latent margin ~ N(+2, s²), humans ~ N(−2, s²); the calibrated p(fake) at training prior π_t is
// σ(4m / s² + logit π_t), the true posterior of that model, so calibration holds exactly at π_t and prior shift is
// the only thing that changes between audiences.
import { SCORE_COMPONENT_BINS, type ScoreComponent } from '../model/model-file.ts';
import { createSeededRandom } from '../model/seeded-random.ts';
import { drawNormal } from './fake-share/random-draws.ts';
import type { ReliabilityBin } from './fake-share/reliability-bins.ts';
import { addScore, createScoreHistogram, type ScoreHistogram } from './fake-share/score-histogram.ts';

export interface SyntheticScores {
  p: Float64Array;
  fake: Uint8Array;
  /** The realised share of fakes. */
  truth: number;
}

export interface ScoreModel {
  trainingPrior: number;
  spread: number;
}

export const SCORE_MODEL: ScoreModel = { trainingPrior: 0.5, spread: 1.5 };

function scoreOf(model: ScoreModel, fake: boolean, random: () => number): number {
  const margin = (fake ? 2 : -2) + model.spread * drawNormal(random);
  const logOdds =
    (4 * margin) / model.spread ** 2 + Math.log(model.trainingPrior / (1 - model.trainingPrior));
  return 1 / (1 + Math.exp(-logOdds));
}

/** n followers, each fake with probability `fakeShare`. */
export function syntheticScores(
  n: number,
  fakeShare: number,
  seed: number,
  model = SCORE_MODEL,
): SyntheticScores {
  const random = createSeededRandom(seed);
  const p = new Float64Array(n);
  const fake = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    fake[i] = random() < fakeShare ? 1 : 0;
    p[i] = scoreOf(model, fake[i] === 1, random);
  }
  return { p, fake, truth: fake.reduce((sum, value) => sum + value, 0) / n };
}

/** The model card's reliability bins: `rows` validation rows at the training prior, in ten bins of p. */
export function syntheticReliability(rows: number, seed: number, model = SCORE_MODEL): ReliabilityBin[] {
  const { p, fake } = syntheticScores(rows, model.trainingPrior, seed, model);
  const bins = Array.from({ length: 10 }, (_, i) => ({
    low: i / 10,
    high: (i + 1) / 10,
    rows: 0,
    positives: 0,
    sum: 0,
  }));
  p.forEach((score, i) => {
    const bin = bins[Math.min(9, Math.floor(score * 10))] as (typeof bins)[number];
    bin.rows++;
    bin.positives += fake[i] as number;
    bin.sum += score;
  });
  return bins.map(({ sum, ...bin }) => ({ ...bin, meanProbability: bin.rows === 0 ? 0 : sum / bin.rows }));
}

export function histogramOf(scores: ArrayLike<number>): ScoreHistogram {
  const histogram = createScoreHistogram();
  for (let i = 0; i < scores.length; i++) addScore(histogram, scores[i] as number);
  return histogram;
}

/** The model card's score components: `rows` validation rows at the training prior, fakes and humans apart. */
export function syntheticComponents(rows: number, seed: number, model = SCORE_MODEL): ScoreComponent[] {
  const { p, fake } = syntheticScores(rows, model.trainingPrior, seed, model);
  const components = [true, false].map((positive) => ({
    collection: 'synthetic',
    positive,
    rows: 0,
    counts: new Array<number>(SCORE_COMPONENT_BINS).fill(0),
  }));
  p.forEach((score, i) => {
    const component = components[fake[i] === 1 ? 0 : 1] as ScoreComponent;
    component.rows++;
    const bin = Math.min(SCORE_COMPONENT_BINS - 1, Math.floor(score * SCORE_COMPONENT_BINS));
    component.counts[bin] = (component.counts[bin] as number) + 1;
  });
  return components;
}
