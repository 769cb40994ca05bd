// The audit of one part of a follower list as a value (counts, fixed-point score bins, keyed sample, bounded heap), its exact merge, and its JSON form for storage.
import type { Account, Label, Platform } from '../core/account.ts';
import { accountFromJson } from '../core/account-json.ts';
import type { IntakeState } from './audience/intake-buckets.ts';
import { mergeTallies, type ScoredFollower, type TallyState } from './audience-tally.ts';
import type { ScoreHistogram } from './fake-share/score-histogram.ts';
import { mergeSamples, type SampleState } from './keyed-sample.ts';

/** A follower read but not scored yet (a sampled audit scores its sample when the parts are merged). */
export interface PendingFollower {
  account: Account;
  label?: Label;
  /** 0-based position of the follower's record in the input (rejected records count too). */
  position: number;
}

/** The settings every part of one audit must share. */
export interface PartialSettings {
  seed: number;
  /** Followers in a seeded sample, or null to score every one. */
  sampleSize: number | null;
  keep: number;
  followOrder: boolean;
}

export interface AuditPartial {
  settings: PartialSettings;
  /** The model that scored the followers, once one was read. */
  model: string | null;
  /** The first follower read (its platform chooses the detector of a whole list), by position. */
  first: { position: number; platform: Platform } | null;
  /** Records read: accepted + duplicates + rejected. */
  read: number;
  /** Distinct followers (by platform + id) among those this part's duplicate check saw. */
  accepted: number;
  /** Records that repeated an earlier follower (same platform + id): left out, counted here. */
  duplicates: number;
  rejected: number;
  /** The first rejected records by position, formatted. */
  rejectedExamples: { position: number; text: string }[];
  /** Followers on a platform the model was not trained for. */
  otherPlatform: number;
  tally: TallyState;
  sample: SampleState<PendingFollower> | null;
}

export const REJECTED_EXAMPLES = 10;

function sameSettings(a: PartialSettings, b: PartialSettings): boolean {
  return (
    a.seed === b.seed && a.sampleSize === b.sampleSize && a.keep === b.keep && a.followOrder === b.followOrder
  );
}

/** The audit of both parts' records together: associative and commutative, so parts merge in any grouping. */
export function mergeAuditPartials(a: AuditPartial, b: AuditPartial): AuditPartial {
  if (!sameSettings(a.settings, b.settings)) throw new Error('parts of different audits cannot be merged');
  if (a.model !== null && b.model !== null && a.model !== b.model)
    throw new Error(`parts scored by different models (${a.model}, ${b.model}) cannot be merged`);
  return {
    settings: a.settings,
    model: a.model ?? b.model,
    first:
      a.first && b.first ? (a.first.position <= b.first.position ? a.first : b.first) : (a.first ?? b.first),
    read: a.read + b.read,
    accepted: a.accepted + b.accepted,
    duplicates: a.duplicates + b.duplicates,
    rejected: a.rejected + b.rejected,
    rejectedExamples: [...a.rejectedExamples, ...b.rejectedExamples]
      .sort((x, y) => x.position - y.position)
      .slice(0, REJECTED_EXAMPLES),
    otherPlatform: a.otherPlatform + b.otherPlatform,
    tally: mergeTallies(a.tally, b.tally),
    sample: a.sample && b.sample ? mergeSamples(a.sample, b.sample) : null,
  };
}

const toArrays = (histogram: ScoreHistogram) => ({
  counts: [...histogram.counts],
  offsetUnits: [...histogram.offsetUnits],
});
const fromArrays = (histogram: { counts: number[]; offsetUnits: number[] }): ScoreHistogram => ({
  counts: Float64Array.from(histogram.counts),
  offsetUnits: Float64Array.from(histogram.offsetUnits),
});

/** The partial as JSON (typed arrays as arrays, dates as ISO strings): every number in it is exact. */
export function serializeAuditPartial(partial: AuditPartial): string {
  const { tally } = partial;
  return JSON.stringify({
    ...partial,
    tally: {
      ...tally,
      like: toArrays(tally.like),
      unlike: toArrays(tally.unlike),
      intake: tally.intake && { ...tally.intake, ...toArrays(tally.intake) },
      kinds: Object.fromEntries(
        Object.entries(tally.kinds).map(([kind, histogram]) => [kind, toArrays(histogram)]),
      ),
    },
  });
}

/** The partial `serializeAuditPartial` wrote. */
export function parseAuditPartial(text: string): AuditPartial {
  const parsed = JSON.parse(text) as AuditPartial & {
    tally: TallyState & {
      like: { counts: number[]; offsetUnits: number[] };
      unlike: { counts: number[]; offsetUnits: number[] };
      intake: (IntakeState & { counts: number[]; offsetUnits: number[] }) | null;
      kinds?: Record<string, { counts: number[]; offsetUnits: number[] }>;
    };
  };
  const { tally } = parsed;
  return {
    ...parsed,
    tally: {
      ...tally,
      like: fromArrays(tally.like),
      unlike: fromArrays(tally.unlike),
      intake: tally.intake && { ...tally.intake, ...fromArrays(tally.intake) },
      kinds: Object.fromEntries(
        Object.entries(tally.kinds ?? {}).map(([kind, histogram]) => [kind, fromArrays(histogram)]),
      ),
      featureCounts: tally.featureCounts ?? null,
      mostSuspicious: tally.mostSuspicious.map(
        (follower): ScoredFollower => ({ ...follower, account: accountFromJson(follower.account) }),
      ),
    },
    sample: parsed.sample && {
      ...parsed.sample,
      kept: parsed.sample.kept.map((kept) => ({
        ...kept,
        item: { ...kept.item, account: accountFromJson(kept.item.account) },
      })),
    },
  };
}
