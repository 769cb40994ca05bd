// Judges a spike by who arrived: arrivals' p(fake), default-profile share and creation-date concentration against the rest of the audience.
import { mean, quantileSorted, variance } from 'simple-statistics';
import { DAY_MS } from './follower-series.ts';

export interface ArrivalFacts {
  pFake: number;
  createdAt?: Date;
  hasDefaultAvatar?: boolean;
}

export type SpikeVerdict = 'purchase-like' | 'organic-like' | 'unclear';

export interface SpikeJudgement {
  verdict: SpikeVerdict;
  arrivals: number;
  /** Each measure for the arrivals and for the rest, and whether it points to a purchase. */
  meanPFake: { arrivals: number; rest: number; elevated: boolean };
  defaultProfileShare?: { arrivals: number; rest: number; elevated: boolean };
  /** Interquartile range of creation dates, in days. */
  creationSpreadDays?: { arrivals: number; rest: number; concentrated: boolean };
  reason: string;
}

/** Differences smaller than these are not evidence, however significant: a few points of p(fake) buy nothing. */
const P_FAKE_GAP = 0.2;
const DEFAULT_SHARE_GAP = 0.15;
/** z a difference must reach to count (about 1 in 700 by chance, two-sided). */
const MIN_Z = 3;
/** Arrivals' creation dates are concentrated when their spread is under this share of the rest's. */
const CONCENTRATED_SHARE = 0.25;
const MIN_ARRIVALS = 10;

function iqrDays(times: number[]): number | undefined {
  if (times.length < 4) return undefined;
  const sorted = [...times].sort((a, b) => a - b);
  return (quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25)) / DAY_MS;
}

function meanDifferenceZ(a: number[], b: number[]): number {
  const error = Math.sqrt(
    (a.length > 1 ? variance(a) : 0) / a.length + (b.length > 1 ? variance(b) : 0) / b.length,
  );
  const gap = mean(a) - mean(b);
  return error === 0 ? (gap === 0 ? 0 : Math.sign(gap) * Number.POSITIVE_INFINITY) : gap / error;
}

/**
 * Purchase-like only when p(fake) is clearly higher among the arrivals AND another sign agrees (more default
 * profiles, or creation dates bunched together); organic-like when no sign points to a purchase; unclear otherwise.
 */
export function judgeSpike(arrivals: readonly ArrivalFacts[], rest: readonly ArrivalFacts[]): SpikeJudgement {
  const pa = arrivals.map((a) => a.pFake);
  const pr = rest.map((a) => a.pFake);
  if (arrivals.length < MIN_ARRIVALS || rest.length < MIN_ARRIVALS) {
    return {
      verdict: 'unclear',
      arrivals: arrivals.length,
      meanPFake: {
        arrivals: pa.length > 0 ? mean(pa) : 0,
        rest: pr.length > 0 ? mean(pr) : 0,
        elevated: false,
      },
      reason: `too few followers to compare (${arrivals.length} arrivals, ${rest.length} others; ${MIN_ARRIVALS} each needed)`,
    };
  }
  const pGap = mean(pa) - mean(pr);
  const pElevated = pGap >= P_FAKE_GAP && meanDifferenceZ(pa, pr) >= MIN_Z;
  const judgement: SpikeJudgement = {
    verdict: 'unclear',
    arrivals: arrivals.length,
    meanPFake: { arrivals: mean(pa), rest: mean(pr), elevated: pElevated },
    reason: '',
  };
  const da = arrivals.flatMap((a) => (a.hasDefaultAvatar === undefined ? [] : [a.hasDefaultAvatar ? 1 : 0]));
  const dr = rest.flatMap((a) => (a.hasDefaultAvatar === undefined ? [] : [a.hasDefaultAvatar ? 1 : 0]));
  if (da.length >= MIN_ARRIVALS && dr.length >= MIN_ARRIVALS) {
    const gap = mean(da) - mean(dr);
    judgement.defaultProfileShare = {
      arrivals: mean(da),
      rest: mean(dr),
      elevated: gap >= DEFAULT_SHARE_GAP && meanDifferenceZ(da, dr) >= MIN_Z,
    };
  }
  const ta = iqrDays(arrivals.flatMap((a) => (a.createdAt === undefined ? [] : [a.createdAt.getTime()])));
  const tr = iqrDays(rest.flatMap((a) => (a.createdAt === undefined ? [] : [a.createdAt.getTime()])));
  if (ta !== undefined && tr !== undefined)
    judgement.creationSpreadDays = { arrivals: ta, rest: tr, concentrated: ta <= CONCENTRATED_SHARE * tr };
  const others = [
    judgement.defaultProfileShare?.elevated === true ? 'more default profiles' : undefined,
    judgement.creationSpreadDays?.concentrated === true ? 'creation dates bunched together' : undefined,
  ].filter((sign): sign is string => sign !== undefined);
  if (pElevated && others.length > 0) {
    judgement.verdict = 'purchase-like';
    judgement.reason = `arrivals' mean p(fake) ${mean(pa).toFixed(2)} against ${mean(pr).toFixed(2)} for the rest, and ${others.join(' and ')}`;
  } else if (!pElevated && others.length === 0) {
    judgement.verdict = 'organic-like';
    judgement.reason = `the arrivals look like the rest of the audience (mean p(fake) ${mean(pa).toFixed(2)} against ${mean(pr).toFixed(2)})`;
  } else {
    judgement.reason = pElevated
      ? `arrivals score higher (mean p(fake) ${mean(pa).toFixed(2)} against ${mean(pr).toFixed(2)}) but no other sign agrees`
      : `${others.join(' and ')}, but their p(fake) is not higher than the rest's`;
  }
  return judgement;
}
