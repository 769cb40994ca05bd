// The strata a review sample is drawn from: fixed bands of p(fake), the same for every audience, so a labels file and the audit that reads it agree on them.

/** Band edges of p(fake): very likely real, likely real, leaning real, leaning fake, likely fake, very likely fake. */
export const REVIEW_STRATUM_EDGES: readonly number[] = [0, 0.1, 0.3, 0.5, 0.7, 0.9, 1];
export const REVIEW_STRATA = REVIEW_STRATUM_EDGES.length - 1;

/**
 * The stratum of a p(fake): bands are closed below and open above, the last one closed at 1. p is first rounded to
 * 4 decimals as reports and stored audits keep it, so every reader puts a follower in the same band.
 */
export function stratumOf(pFake: number): number {
  const p = Math.round(pFake * 1e4) / 1e4;
  for (let stratum = REVIEW_STRATA - 1; stratum > 0; stratum--)
    if (p >= (REVIEW_STRATUM_EDGES[stratum] as number)) return stratum;
  return 0;
}

/** `0.1–0.3`, as reports and the review file name a stratum. */
export function describeStratum(stratum: number): string {
  return `${REVIEW_STRATUM_EDGES[stratum]}–${REVIEW_STRATUM_EDGES[stratum + 1]}`;
}

/** How many followers each stratum holds and their mean p(fake): what the estimator needs of the unlabelled ones. */
export class StratumTotals {
  readonly counts = new Array<number>(REVIEW_STRATA).fill(0);
  readonly sums = new Array<number>(REVIEW_STRATA).fill(0);

  add(pFake: number): void {
    const stratum = stratumOf(pFake);
    this.counts[stratum] = (this.counts[stratum] as number) + 1;
    this.sums[stratum] = (this.sums[stratum] as number) + pFake;
  }

  get total(): number {
    return this.counts.reduce((sum, count) => sum + count, 0);
  }

  meanP(stratum: number): number {
    const count = this.counts[stratum] as number;
    return count === 0 ? 0 : (this.sums[stratum] as number) / count;
  }
}
