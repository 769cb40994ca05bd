// Measures the labelled-sample estimate by simulation: audiences mixed at known fake shares from scored rows whose truth is known, a review sample drawn and "labelled" with that truth, and how often the interval covers it and how wide it is.
import { createSeededRandom } from '../../model/seeded-random.ts';
import { ReviewSampler } from './review-sample.ts';
import { REVIEW_STRATA } from './review-strata.ts';
import { estimateShareWithLabels, type LabelledScore, type StratumPopulation } from './stratified-ppi.ts';

/** Scored rows of one held-out collection: p(fake) from a model that never saw it, and the dataset's label. */
export interface ScoredPool {
  name: string;
  humans: Float64Array;
  fakes: Float64Array;
}

export interface SimulationSettings {
  /** Fake shares of the audiences, 0–1. */
  shares: readonly number[];
  /** Audiences per pool and share. */
  repeats: number;
  /** Followers per audience. */
  audienceSize: number;
  /** Labels per review sample. */
  labelCounts: readonly number[];
  seed: number;
}

export interface SimulationCell {
  pool: string;
  share: number;
  labels: number;
  audiences: number;
  /** Audiences whose interval covered the truth: with the model's scores (PPI) and with the labels alone. */
  coveredPpi: number;
  coveredClassical: number;
  /** Labels alone from a simple random sample of the same size (no model at all). */
  coveredRandom: number;
  /** Mean interval width, share points 0–1. */
  widthPpi: number;
  widthClassical: number;
  widthRandom: number;
  /** Mean absolute error of the model-only mean p against the truth, for scale. */
  modelOnlyError: number;
  meanLambda: number;
}

interface Follower {
  pFake: number;
  fake: boolean;
}

/** An audience of `size` followers, round(size × share) of them fake, each drawn with replacement from its class. */
function mixAudience(pool: ScoredPool, share: number, size: number, random: () => number): Follower[] {
  const fakes = Math.round(size * share);
  const audience: Follower[] = [];
  for (let i = 0; i < size; i++) {
    const fake = i < fakes;
    const source = fake ? pool.fakes : pool.humans;
    audience.push({ pFake: source[Math.floor(random() * source.length)] as number, fake });
  }
  return audience;
}

/** One audience's review and both intervals. */
export function reviewAudience(audience: readonly Follower[], labels: number, seed: number) {
  const sampler = new ReviewSampler<Follower>(labels, seed);
  audience.forEach((follower, i) => {
    sampler.offer(String(i), follower, follower.pFake);
  });
  const { drawn } = sampler.draw();
  const population: StratumPopulation[] = Array.from({ length: REVIEW_STRATA }, (_, h) => ({
    size: sampler.totals.counts[h] as number,
    meanP: sampler.totals.meanP(h),
  }));
  const labelled: LabelledScore[] = drawn.map(({ item, pFake, stratum }) => ({
    stratum,
    pFake,
    fake: item.fake,
  }));
  return {
    ppi: estimateShareWithLabels(population, labelled),
    classical: estimateShareWithLabels(population, labelled, { usePredictions: false }),
    meanP: sampler.totals.sums.reduce((sum, value) => sum + value, 0) / audience.length,
  };
}

/** The classical interval from a simple random sample of `labels` followers, without the model. */
function randomSampleInterval(audience: readonly Follower[], labels: number, random: () => number) {
  const picked = new Set<number>();
  while (picked.size < Math.min(labels, audience.length)) picked.add(Math.floor(random() * audience.length));
  const labelled: LabelledScore[] = [...picked].map((i) => ({
    stratum: 0,
    pFake: 0,
    fake: (audience[i] as Follower).fake,
  }));
  return estimateShareWithLabels([{ size: audience.length, meanP: 0 }], labelled, { usePredictions: false });
}

export function simulateVerification(
  pools: readonly ScoredPool[],
  settings: SimulationSettings,
): SimulationCell[] {
  const cells: SimulationCell[] = [];
  pools.forEach((pool, poolIndex) => {
    for (const share of settings.shares) {
      if ((share > 0 && pool.fakes.length === 0) || (share < 1 && pool.humans.length === 0)) continue;
      for (const labels of settings.labelCounts) {
        const cell: SimulationCell = {
          pool: pool.name,
          share,
          labels,
          audiences: 0,
          coveredPpi: 0,
          coveredClassical: 0,
          coveredRandom: 0,
          widthPpi: 0,
          widthClassical: 0,
          widthRandom: 0,
          modelOnlyError: 0,
          meanLambda: 0,
        };
        for (let repeat = 0; repeat < settings.repeats; repeat++) {
          const seed =
            (settings.seed + poolIndex * 1_000_003 + Math.round(share * 1000) * 1009 + repeat) >>> 0;
          const audience = mixAudience(pool, share, settings.audienceSize, createSeededRandom(seed));
          const truth = audience.filter((follower) => follower.fake).length / audience.length;
          const { ppi, classical, meanP } = reviewAudience(audience, labels, seed ^ 0x2545f491);
          const random = randomSampleInterval(audience, labels, createSeededRandom(seed ^ 0x68e31da4));
          if (random.low <= truth && truth <= random.high) cell.coveredRandom++;
          cell.widthRandom += random.high - random.low;
          cell.audiences++;
          if (ppi.low <= truth && truth <= ppi.high) cell.coveredPpi++;
          if (classical.low <= truth && truth <= classical.high) cell.coveredClassical++;
          cell.widthPpi += ppi.high - ppi.low;
          cell.widthClassical += classical.high - classical.low;
          cell.modelOnlyError += Math.abs(meanP - truth);
          cell.meanLambda += ppi.lambda;
        }
        cell.widthPpi /= cell.audiences;
        cell.widthClassical /= cell.audiences;
        cell.widthRandom /= cell.audiences;
        cell.modelOnlyError /= cell.audiences;
        cell.meanLambda /= cell.audiences;
        cells.push(cell);
      }
    }
  });
  return cells;
}
