// Assembles the AuditReport from an audience's aggregates: the fake share and follower counts with intervals, types, reachability, engagement, score, flags and the headline.
import type { Account, Platform } from '../core/account.ts';
import type { ModelFile } from '../model/model-file.ts';
import { audienceTypeRules } from './audience/audience-types.ts';
import { measureEngagement } from './audience/engagement.ts';
import { intakeHalves } from './audience/intake-buckets.ts';
import { qualityScore } from './audience/quality-score.ts';
import { type IntakeComparison, redFlags } from './audience/red-flags.ts';
import { HISTOGRAM_BINS, type TallyState } from './audience-tally.ts';
import {
  estimateFakeShare,
  estimateShare,
  fakeShareInput,
  MIN_MIX_FOLLOWERS,
  type PriorAdjustment,
  tooFewToCheck,
} from './fake-share/fake-share-estimate.ts';
import { type KindShare, kindShareOf, kindSharesUnder } from './fake-share/kind-shares.ts';
import type { ScoreHistogram } from './fake-share/score-histogram.ts';
import { pValueText, type ShiftTest } from './fake-share/shift-test.ts';
import {
  AUDIENCE_TYPES,
  type AudienceThresholds,
  type AuditReport,
  type FollowerResult,
  type Interval,
  REACHABILITY_BANDS,
  REPORT_SCHEMA_VERSION,
} from './report-schema.ts';
import { DEFAULT_REVIEW_SIZE } from './verification/review-sample.ts';

export interface ReportInputs {
  tally: TallyState;
  model: ModelFile;
  thresholds: AudienceThresholds;
  input: AuditReport['input'];
  profile?: Account;
  /** The followers' platform (the first follower's). */
  followerPlatform?: Platform;
  postInteractions?: readonly number[];
  /** Whether a sample smaller than the list was scored. */
  sampled: boolean;
  seed: number;
  /** The list is newest first (follow order). */
  recentIntake: boolean;
  priorAdjustment: PriorAdjustment;
  /** The kind models beside the model (kind-models.ts), whose shares the report gives. */
  kindModels?: readonly { kind: string; model: ModelFile }[];
  replicates: number;
  mostSuspicious: FollowerResult[];
  /**
   * Starts the kinds' own shares elsewhere (another thread, which has the same kind models): called before the fake
   * share is estimated, its answer asked for after. It must give what `ownKindShares` gives here.
   */
  kindSharesElsewhere?: (request: KindShareRequest) => () => KindShare[];
}

/** The kinds' own shares to estimate, in plain values (another thread can take them). */
export interface KindShareRequest {
  kinds: { kind: string; scores: ScoreHistogram }[];
  options: { population: number; priorAdjustment: PriorAdjustment; seed: number; replicates: number };
  /** Followers scored: the sampling interval's n. */
  scored: number;
}

/** Each kind's own share (`kindShareOf`), never narrower than the sampling interval of the followers scored. */
export function ownKindShares(request: KindShareRequest, modelOf: (kind: string) => ModelFile): KindShare[] {
  const { options, scored } = request;
  return request.kinds.map(({ kind, scores }) =>
    kindShareOf({ kind, model: modelOf(kind), scores }, options, (share) =>
      sampledShareInterval(share, scored, options.population),
    ),
  );
}

const Z95 = 1.959964;

const exact = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const share6 = (value: number) => Math.round(value * 1e6) / 1e6;
const percent = (share: number) => `${(share * 100).toFixed(1)} %`;
const percentRange = (low: number, high: number) => `${(low * 100).toFixed(1)}–${(high * 100).toFixed(1)} %`;
/**
 * Counts of 1,000 and more to three significant digits, as a headline reads them — but never rounded above `most`
 * (1,757 of 1,755 would read "1,760 of 1,755"): then the exact count.
 */
export const rough = (count: number, most = Number.POSITIVE_INFINITY) => {
  const rounded = count < 1000 ? count : Number(count.toPrecision(3));
  return exact.format(rounded > most ? count : rounded);
};

/**
 * The Wilson score interval of a share seen in `n` draws from `population`, narrowed by the finite-population
 * correction. Unlike the normal approximation it is never zero-width when n is small and some of the population was
 * not drawn (one follower projected onto 2,500).
 */
export function sampledShareInterval(share: number, n: number, population: number): Interval {
  if (n === 0 || population <= n) return { estimate: share, low: share, high: share };
  const correction = population > 1 ? Math.sqrt((population - n) / (population - 1)) : 0;
  const z2 = Z95 * Z95;
  const center = (share + z2 / (2 * n)) / (1 + z2 / n);
  const half = (Z95 * Math.sqrt((share * (1 - share)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return {
    estimate: share,
    low: Math.max(0, Math.min(share, center - half * correction)),
    high: Math.min(1, Math.max(share, center + half * correction)),
  };
}

/** What is projected against: the followers read for a recent-intake list, else the profile's count when known. */
function followerBase(inputs: ReportInputs, describesRecentIntake: boolean): AuditReport['followerBase'] {
  const profileCount = inputs.profile?.followersCount;
  if (profileCount === undefined || describesRecentIntake)
    return { count: inputs.input.accepted, source: 'followers read' };
  return { count: profileCount, source: 'profile' };
}

function sampleSection(
  inputs: ReportInputs,
  kind: AuditReport['sample']['kind'],
  describesRecentIntake: boolean,
  population: number,
): AuditReport['sample'] {
  const { accepted } = inputs.input;
  const scored = inputs.tally.scored;
  const profileCount = inputs.profile?.followersCount;
  const parts: string[] = [];
  if (kind === 'uniform')
    parts.push(
      `A uniform random sample of ${exact.format(scored)} of the ${exact.format(accepted)} followers in the list (the followers whose ids hash smallest under seed ${inputs.seed}: the same sample however the list is split); estimates carry sampling error with the finite-population correction against ${exact.format(population)} followers.`,
    );
  else if (kind === 'all') parts.push(`Every follower in the list was scored (${exact.format(scored)}).`);
  if (profileCount !== undefined && profileCount > accepted) {
    parts.push(
      describesRecentIntake
        ? `The list holds the newest ${exact.format(accepted)} of the profile's ${exact.format(profileCount)} followers (API order): this report describes recent intake, not the whole audience, and its counts are of the followers in the list.`
        : `The list holds ${exact.format(accepted)} of the profile's ${exact.format(profileCount)} followers and was not drawn at random: estimates treat it as a uniform sample (with the finite-population correction), which is right only if its order has nothing to do with fakeness.`,
    );
  }
  parts.push(
    inputs.recentIntake
      ? 'The list is in follow order (newest first), so its newer and older halves are compared.'
      : 'The list is not known to be in follow order, so newer and older followers are not compared (give --recent-intake when it is newest first, as the APIs return it).',
  );
  return {
    kind,
    recentIntake: describesRecentIntake,
    seed: inputs.sampled ? inputs.seed : null,
    note: parts.join(' '),
  };
}

/** The newer and older halves' fake shares, by the same estimator, when the list is in follow order. */
function intakeComparison(inputs: ReportInputs, adjustment: PriorAdjustment): IntakeComparison | undefined {
  const halves = inputs.tally.intake && intakeHalves(inputs.tally.intake);
  if (!halves || halves.newerCount < 2 || halves.olderCount < 2) return undefined;
  const prior = inputs.model.card.trainingPositiveShare;
  return {
    recentFakeShare: estimateShare(halves.newer, prior, adjustment).share,
    olderFakeShare: estimateShare(halves.older, prior, adjustment).share,
    recentCount: halves.newerCount,
    olderCount: halves.olderCount,
  };
}

function countInterval(base: number, share: Interval): Interval {
  return {
    estimate: Math.round(base * (1 - share.estimate)),
    low: Math.round(base * (1 - share.high)),
    high: Math.round(base * (1 - share.low)),
  };
}

/** `realreach review`, and that it draws the whole list when its default --n reaches that far. */
export function reviewCommand(accepted: number, scored: number): string {
  if (accepted > DEFAULT_REVIEW_SIZE) return 'realreach review';
  const all = accepted === 1 ? 'the one follower' : `all ${exact.format(accepted)}`;
  return `realreach review draws ${all}${accepted === scored ? '' : ' in the list'}`;
}

/** The headline's and the note's words for too few followers to check (`tooFewToCheck`). */
const tooFewWords = (scored: number) =>
  `${scored === 1 ? '1 follower is' : `${exact.format(scored)} followers are`} too few to check that they look like the accounts the model was trained on`;

/**
 * What the headline says when the shift test fires, after the range and the model's reading: why that reading may be
 * off, in plain words (the test's statistics are in the domain-shift note), and what to do.
 */
export const SHIFTED_READING_WORDS =
  'but these followers do not look like the accounts it was trained on, so that reading may be off; verify it with a labelled sample: realreach review';

/**
 * One line a marketer can repeat. When the shift test fires, the point reading can be far off (EVALUATION.md, "The
 * shift test") while the interval still holds, so the range leads and the model's reading follows, marked as such.
 */
function headline(
  inputs: ReportInputs,
  kind: AuditReport['sample']['kind'],
  describesRecentIntake: boolean,
  base: number,
  fakeShare: Interval,
  realFollowers: Interval,
  shift: ShiftTest,
  tooFew: boolean,
): string {
  const { accepted } = inputs.input;
  const profileCount = inputs.profile?.followersCount;
  const from =
    !describesRecentIntake && kind === 'partial'
      ? ` — projected from a list of ${exact.format(accepted)} of the ${exact.format(base)} followers`
      : kind === 'uniform'
        ? ` — from a uniform sample of ${exact.format(inputs.tally.scored)}`
        : '';
  if (shift.fires) {
    const range = describesRecentIntake
      ? `Recent intake: between ${(100 * (1 - fakeShare.high)).toFixed(1)} and ${percent(1 - fakeShare.low)} of the newest ${exact.format(accepted)} followers look real (not the whole audience of ${exact.format(profileCount ?? accepted)})`
      : `Between ${rough(realFollowers.low, base)} and ${rough(realFollowers.high, base)} real followers of ${exact.format(base)} (${percentRange(fakeShare.low, fakeShare.high)} fake)`;
    const reading = describesRecentIntake
      ? `≈ ${percent(1 - fakeShare.estimate)}`
      : `≈ ${rough(realFollowers.estimate, base)} (${percent(fakeShare.estimate)} fake)`;
    return `${range}${from}; the model reads ${reading}, ${SHIFTED_READING_WORDS}`;
  }
  let text = describesRecentIntake
    ? `Recent intake: ≈ ${percent(1 - fakeShare.estimate)} of the newest ${exact.format(accepted)} followers look real (95 % CI ${percentRange(1 - fakeShare.high, 1 - fakeShare.low)}); this describes recent intake, not the whole audience of ${exact.format(profileCount ?? accepted)}`
    : `≈ ${rough(realFollowers.estimate, base)} real ${rough(realFollowers.estimate, base) === '1' ? 'follower' : 'followers'} of ${exact.format(base)} (95 % CI ${rough(realFollowers.low, base)}–${rough(realFollowers.high, base)}); ${percent(fakeShare.estimate)} fake (${percentRange(fakeShare.low, fakeShare.high)})`;
  text += from;
  if (tooFew)
    text += `; note: the figure holds only if the model fits these followers, and ${exact.format(inputs.tally.scored)} ${inputs.tally.scored === 1 ? 'is' : 'are'} too few to check that — verify it with a labelled sample: ${reviewCommand(accepted, inputs.tally.scored)}`;
  return text;
}

export function assembleAuditReport(inputs: ReportInputs): AuditReport {
  const { tally, model, thresholds, profile } = inputs;
  const n = tally.scored;
  const profileCount = profile?.followersCount;
  const partialList = profileCount !== undefined && profileCount > inputs.input.accepted;
  const describesRecentIntake = inputs.recentIntake && partialList;
  const kind: AuditReport['sample']['kind'] = inputs.sampled ? 'uniform' : partialList ? 'partial' : 'all';
  const base = followerBase(inputs, describesRecentIntake);
  const population = Math.max(base.count, n);

  const estimateOptions = {
    population,
    priorAdjustment: inputs.priorAdjustment,
    seed: inputs.seed,
    replicates: inputs.replicates,
  };
  const { kindModels } = inputs;
  // started before the fake share, so that another thread can estimate the kinds meanwhile
  let ownKinds: (() => KindShare[]) | undefined;
  if (kindModels) {
    const request: KindShareRequest = {
      kinds: kindModels
        .filter(({ kind }) => tally.kinds[kind] !== undefined)
        .map(({ kind }) => ({ kind, scores: tally.kinds[kind] as ScoreHistogram })),
      options: estimateOptions,
      scored: n,
    };
    const modelOf = (kind: string) => kindModels.find((entry) => entry.kind === kind)?.model as ModelFile;
    ownKinds =
      request.kinds.length > 0 && inputs.kindSharesElsewhere
        ? inputs.kindSharesElsewhere(request)
        : () => ownKindShares(request, modelOf);
  }
  const estimate = estimateFakeShare(fakeShareInput(model, tally, estimateOptions));
  // The estimator's interval, never narrower than the sampling error of n draws alone: with few followers projected
  // onto many, a share of 0 from one follower must not read as certain.
  const drawn = sampledShareInterval(estimate.fakeShare.estimate, n, population);
  const fakeShare: Interval = {
    estimate: share6(estimate.fakeShare.estimate),
    low: share6(Math.min(estimate.fakeShare.low, drawn.low)),
    high: share6(Math.max(estimate.fakeShare.high, drawn.high)),
  };
  const realFollowers = countInterval(base.count, fakeShare);
  const kindShares =
    ownKinds && kindSharesUnder(ownKinds(), { share: fakeShare, shiftFires: estimate.shift.fires });
  const flagged = sampledShareInterval(tally.typeCounts.suspicious / n, n, population);
  const purgeExact = flagged.low === flagged.high;
  const afterPurge = countInterval(base.count, flagged);

  const rules = audienceTypeRules(thresholds);
  const reachKnown = tally.reachCounts.reduce((sum, count) => sum + count, 0);
  // Engagement is the whole profile's, so it is divided by the profile's followers even when the list is recent intake.
  const engagementFollowers = profileCount ?? base.count;
  const engagement =
    inputs.postInteractions && inputs.postInteractions.length > 0
      ? measureEngagement({
          platform: profile?.platform ?? model.platforms[0] ?? 'other',
          interactions: inputs.postInteractions,
          followers: engagementFollowers,
          realFollowers: countInterval(engagementFollowers, fakeShare),
        })
      : undefined;
  const intake = intakeComparison(inputs, estimate.adjustment);
  const large = estimate.shift.fires;
  // Under MIN_MIX_FOLLOWERS the shift test has little power, so its silence is no evidence the calibration holds.
  const tooFew = tooFewToCheck(n, large);

  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    headline: headline(
      inputs,
      kind,
      describesRecentIntake,
      base.count,
      fakeShare,
      realFollowers,
      estimate.shift,
      tooFew,
    ),
    profile: profile
      ? {
          platform: profile.platform,
          id: profile.id,
          handle: profile.handle ?? null,
          followersCount: profile.followersCount ?? null,
          followingCount: profile.followingCount ?? null,
          postsCount: profile.postsCount ?? null,
        }
      : null,
    input: inputs.input,
    sample: sampleSection(inputs, kind, describesRecentIntake, population),
    model: {
      name: model.name,
      description: model.description,
      crossValidated: {
        mcc: model.card.crossValidated.mcc,
        rocAuc: model.card.crossValidated.rocAuc,
        ece: model.card.crossValidated.ece,
      },
      trainedOn: model.card.datasets.map((dataset) => `${dataset.collection}: ${dataset.path}`),
    },
    thresholds,
    followersRead: n,
    followerBase: base,
    fakeShare,
    ...(kindShares && kindShares.length > 0 ? { kindShares } : {}),
    realFollowers,
    afterPurge,
    uncertainty: {
      confidence: 0.95,
      sampling: share6(estimate.halfWidths.sampling),
      model: share6(estimate.halfWidths.model),
      domainShift: share6(estimate.halfWidths.domainShift),
      method:
        `${estimate.method} Real followers = the follower base × (1 − fake share), with the fake share's interval. ` +
        `After a purge = the base × (1 − the share flagged suspicious, p(fake) ≥ ${thresholds.suspiciousPFake}); a purge removes exactly the flagged followers, so its interval is sampling error only (a Wilson interval with the finite-population correction)${purgeExact ? ' (none here: every follower it speaks for was scored)' : ''}.`,
    },
    domainShift: {
      unlikeShare: share6(estimate.unlikeShare),
      large,
      ...(tooFew ? { tooFewToCheck: true } : {}),
      note:
        `${percent(estimate.unlikeShare)} of the followers are unlike the ${model.name} model's training data (more than ${percent(model.domain.threshold)} of their known features outside the central 99 % of training values; ${percent(model.domain.trainingShareAbove)} of training rows are), and ${percent(estimate.misfitShare)} have scores that no mix of the training data's parts (each collection's fakes and humans) explains beyond chance. ` +
        (estimate.shift.feature
          ? `The shift test compares the followers' features with every mix of those parts: it fires when some feature is both significantly and materially off the best mix (largest here: ${percent(estimate.shift.feature.misfit)} of the followers on ${estimate.shift.feature.featureName}, ${pValueText(estimate.shift.feature.pValue)}). `
          : '') +
        (large
          ? `The shift test fired (${estimate.shift.reason}): the model may be wrong on kinds of accounts it never saw, so the fake share may be off and its interval bounds those followers without assumption; a labelled sample settles it (realreach review).`
          : tooFew
            ? `The shift test did not fire, but ${tooFewWords(n)}: under ${MIN_MIX_FOLLOWERS} followers it has too little power to notice kinds of accounts the model never saw, so the fake share and its interval hold only if the model's calibration holds for these followers; a labelled sample settles it (${reviewCommand(inputs.input.accepted, n)}).`
            : 'The shift test did not fire: the audience looks like a mix of the accounts the model was trained on; the followers unlike the training data are bounded without assumption in the interval.'),
    },
    audienceTypes: AUDIENCE_TYPES.map((type) => ({
      type,
      count: tally.typeCounts[type],
      share: share6(tally.typeCounts[type] / n),
      rule: rules[type],
    })),
    pFakeHistogram: {
      edges: Array.from({ length: HISTOGRAM_BINS + 1 }, (_, i) => i / HISTOGRAM_BINS),
      counts: [...tally.pFakeCounts],
    },
    reachability: REACHABILITY_BANDS.map((band, i) => ({
      band,
      count: tally.reachCounts[i] as number,
      share: reachKnown === 0 ? 0 : share6((tally.reachCounts[i] as number) / reachKnown),
    })),
    reachabilityUnknown: tally.reachUnknown,
    engagement: engagement?.engagement ?? null,
    qualityScore: qualityScore({
      authenticity: 1 - fakeShare.high,
      reachability:
        reachKnown === 0
          ? undefined
          : ((tally.reachCounts[0] as number) +
              (tally.reachCounts[1] as number) +
              (tally.reachCounts[2] as number)) /
            reachKnown,
      activity:
        tally.activityKnown === 0 ? undefined : (tally.activityKnown - tally.inactive) / tally.activityKnown,
      engagement: engagement?.scoreValue,
    }),
    redFlags: redFlags({
      profile,
      followerPlatform: inputs.followerPlatform,
      intake,
      unlikeShare: estimate.unlikeShare,
      misfitShare: estimate.misfitShare,
      unexplainedShare: estimate.shift.boundedShare,
      read: inputs.input.read,
      rejected: inputs.input.rejected,
      listed: inputs.input.accepted,
      shiftFires: estimate.shift.fires,
    }),
    intake: intake
      ? { recentFakeShare: share6(intake.recentFakeShare), olderFakeShare: share6(intake.olderFakeShare) }
      : null,
    mostSuspicious: inputs.mostSuspicious,
  };
}
