// Audits a follower list in one streaming pass — or in parts whose partial results merge exactly: scores every follower (or a seeded uniform sample), aggregates in constant memory, and assembles the report.
import type { Account, Platform } from '../core/account.ts';
import { formatRecordError, InputError, noFollowerRead, type RecordError } from '../core/errors.ts';
import { countOf, nounFor } from '../core/plural.ts';
import { DuplicateAccounts } from '../ingest/duplicates/duplicate-accounts.ts';
import type { ReadItem } from '../ingest/read.ts';
import type { Detector } from '../model/detector.ts';
import { unlikeTrainingTest } from '../model/domain-profile.ts';
import type { KindDetectors } from '../model/kind-models.ts';
import { audienceTypeOf, defaultAudienceThresholds } from './audience/audience-types.ts';
import {
  AudienceTally,
  createTallyState,
  mergeTallies,
  type ScoredFollower,
  type TallyOptions,
} from './audience-tally.ts';
import { type AuditPartial, type PendingFollower, REJECTED_EXAMPLES } from './audit-partial.ts';
import { assembleAuditReport, type ReportInputs } from './audit-report.ts';
import type { PriorAdjustment } from './fake-share/fake-share-estimate.ts';
import { KeyedSample, sampleKey } from './keyed-sample.ts';
import {
  type AudienceThresholds,
  type AuditReport,
  BIO_FACT_LENGTH,
  type FollowerFacts,
  type FollowerResult,
} from './report-schema.ts';
import { checkedSourceUrl } from './verification/profile-url.ts';

/** What the audit reads: an AccountReader, or anything with its batches, format and input name. */
export interface FollowerSource extends FollowerInput {
  batches(): AsyncIterable<ReadItem[]>;
}

/** What the report says of the input: its format, its name and the reader's notes. */
export interface FollowerInput {
  /** The format, and what its records can tell (`ids`: nothing to judge yet). */
  format: { name: string; holds?: 'profiles' | 'handles' | 'ids' };
  input: { display: string };
  notes: readonly string[];
}

/** Which followers get their reasons while streaming: none (`top`: only the report's table), the suspicious ones, or all. */
export type ReasonsMode = 'top' | 'suspicious' | 'all';

export interface AuditOptions {
  /** The detector for the followers' platform (asked once, with the first follower's platform). */
  detectorFor(platform: Platform): Promise<Detector>;
  /** The kind models beside the model named (kind-models.ts): the report then gives each kind's share. */
  kindsFor?(modelName: string): KindDetectors | undefined;
  /** The audited profile (its follower count is what projections are made against). */
  profile?: Account;
  /** Likes + replies + reposts + quotes of each of the profile's recent posts. */
  postInteractions?: readonly number[];
  thresholds?: Partial<AudienceThresholds>;
  /** Score a seeded uniform sample of this many followers instead of all. */
  sampleSize?: number;
  /** Position of the source's first record in the whole input, when the source is one part (shard) of it. */
  firstPosition?: number;
  /**
   * The followers seen so far, to leave out repeats (same platform + id). A part makes its own by default, which
   * catches repeats within the part only: give every part of a list the same one to catch them across parts.
   */
  seen?: DuplicateAccounts;
  /**
   * Positions of records already known to repeat an earlier follower of the whole list (a queued audit's shard,
   * checked in order across every shard when the job was submitted): counted as duplicates without a lookup.
   */
  knownRepeats?: ReadonlySet<number>;
  /** Seeds the sample and the bootstrap: the same seed gives the same report. */
  seed?: number;
  /** The list is newest first (the APIs' order): its halves are compared, and a partial one describes recent intake. */
  recentIntake?: boolean;
  reasons?: ReasonsMode;
  /** Followers returned for the HTML table, most suspicious first, with reasons. */
  tableSize?: number;
  /** Followers in the report's `mostSuspicious`. */
  mostSuspicious?: number;
  /** How many of the table's most suspicious followers get their reasons (TreeSHAP costs about 0.3 ms a follower). */
  explainTop?: number;
  bootstrapReplicates?: number;
  priorAdjustment?: PriorAdjustment;
  /** Each scored follower, as scored (for the per-follower CSV), with its record's 0-based place in the whole input. */
  onFollower?(result: FollowerResult, position: number): void;
  /** Each rejected record; throwing stops the audit (--strict). */
  onRejected?(error: RecordError): void;
  /** Called after each batch of input with the records read so far; awaited, so a slow output can hold reading back. */
  afterBatch?(read: number): void | Promise<void>;
}

export interface AuditResult {
  report: AuditReport;
  /** The most suspicious followers with their reasons, most suspicious first (the HTML table). */
  followers: FollowerResult[];
  /** Each of `followers`' record's 0-based place in the whole input. */
  followerPositions: number[];
  /** Facts the report has no field for, worth telling the user (label files, followers on other platforms). */
  warnings: string[];
}

export const DEFAULT_SEED = 1;
const REASONS_PER_FOLLOWER = 3;
const SAMPLE_SCORING_BATCH = 1024;

/** The strongest reasons for a follower's score, in words (exact TreeSHAP: about 0.3 ms a follower). */
function explainFollower(detector: Detector, account: Account): string[] {
  return (detector.score(account, REASONS_PER_FOLLOWER).reasons ?? []).map((reason) => reason.text);
}

/** How many of the most suspicious followers the report explains. */
export const explainTopOf = (options: Pick<AuditOptions, 'explainTop' | 'mostSuspicious'>): number =>
  Math.max(options.explainTop ?? 100, options.mostSuspicious ?? 10);

/**
 * Explains a part's most suspicious followers ahead of the merge, where the part is scored (an audit thread): the
 * report's are among them, since a follower among the most suspicious of the whole list is among those of its part.
 */
export function explainAhead(followers: readonly ScoredFollower[], detector: Detector): void {
  for (const follower of followers) follower.reasons ??= explainFollower(detector, follower.account);
}

/** `file:line`, with ` [index]` when several records share a line (a JSON array, Instagram's wrapped export), as errors say it. */
function sourceOf(account: Account): string {
  const { file, line, index } = account.source;
  const where = line === undefined ? file : `${file}:${line}`;
  return index === undefined ? where : `${where} [${index}]`;
}

const isoTime = (time: Date | undefined) => (time === undefined ? null : time.toISOString());

/** The facts a person judges the follower by, as the source gave them. */
export function followerFacts(account: Account): FollowerFacts {
  const bio = account.bio?.replace(/\s+/g, ' ').trim();
  return {
    displayName: account.displayName ?? null,
    bio:
      bio === undefined || bio === ''
        ? null
        : bio.length > BIO_FACT_LENGTH
          ? `${bio.slice(0, BIO_FACT_LENGTH - 1)}…`
          : bio,
    followers: account.followersCount ?? null,
    following: account.followingCount ?? null,
    posts: account.postsCount ?? null,
    lastPostAt: isoTime(account.lastPostAt),
    observedAt: isoTime(account.observedAt),
    defaultAvatar: account.hasDefaultAvatar ?? null,
    verified: account.isVerified ?? null,
    declaredBot: account.isSelfDeclaredBot ?? null,
    profileUrl: checkedSourceUrl(account.profileUrl) ?? null,
  };
}

export function toFollowerResult(follower: ScoredFollower, reasons: string[]): FollowerResult {
  const { account } = follower;
  return {
    id: account.id,
    handle: account.handle ?? null,
    platform: account.platform,
    pFake: Math.round(follower.pFake * 1e4) / 1e4,
    type: follower.type,
    unlikeTraining: follower.unlikeTraining,
    reasons,
    source: sourceOf(account),
    label: follower.label ?? null,
    ...(account.createdAt === undefined ? {} : { createdAt: account.createdAt.toISOString() }),
    facts: followerFacts(account),
  };
}

const thresholdsFor = (detector: Detector, options: AuditOptions): AudienceThresholds => ({
  ...defaultAudienceThresholds(detector.model.threshold),
  ...options.thresholds,
});

/** How many followers the tally keeps as most suspicious. */
const keepOf = (options: AuditOptions) => Math.max(options.tableSize ?? 1000, options.mostSuspicious ?? 10);

/** What a tally keeps for this model and its kind models: the model's training parts' feature bins, each kind's scores. */
function tallyOptions(
  detector: Detector,
  options: AuditOptions,
  kinds: KindDetectors | undefined,
): TallyOptions {
  return {
    keep: keepOf(options),
    followOrder: options.recentIntake === true,
    kinds: kinds?.kinds.map(({ kind }) => kind),
    featureCuts: detector.model.featureParts?.cuts ?? null,
  };
}

/** Scores followers in batches into a tally; counts those on a platform the model was not trained for. */
class FollowerScorer {
  readonly tally: AudienceTally;
  otherPlatform = 0;
  readonly #detector: Detector;
  readonly #thresholds: AudienceThresholds;
  readonly #options: AuditOptions;
  readonly #kinds: KindDetectors | undefined;
  #matrix = new Float64Array(0);
  #margins = new Float64Array(0);
  readonly #unlikeTraining: (row: Float64Array, offset: number) => boolean;

  constructor(detector: Detector, options: AuditOptions) {
    this.#detector = detector;
    this.#unlikeTraining = unlikeTrainingTest(detector.model.domain);
    this.#thresholds = thresholdsFor(detector, options);
    this.#options = options;
    this.#kinds = options.kindsFor?.(detector.model.name);
    this.tally = new AudienceTally(this.#thresholds, tallyOptions(detector, options, this.#kinds));
  }

  /**
   * Each kind model's p for the batch, into the tally. `scored`: the kinds' p already computed (a union detector's
   * members, scored on the way to p(fake)), one array per kind in order. Otherwise their features are the model's own
   * (the same functions of the same account), so their columns are copied from the batch's matrix; a feature the
   * model lacks is computed.
   */
  #scoreKinds(batch: readonly PendingFollower[], rows: Float64Array, scored?: readonly Float64Array[]): void {
    if (!this.#kinds) return;
    const main = this.#detector.featureSet;
    const mainWidth = main.names.length;
    const matrices = new Map<string, Float64Array>();
    for (const [k, { kind, detector }] of this.#kinds.kinds.entries()) {
      const given = scored?.[k];
      if (given) {
        this.tally.addKindScores(kind, given);
        continue;
      }
      const { featureSet } = detector;
      const width = featureSet.names.length;
      const key = featureSet.names.join(',');
      let matrix = matrices.get(key);
      if (!matrix) {
        matrix = new Float64Array(batch.length * width);
        const columns = featureSet.names.map((name) => main.names.indexOf(name));
        if (featureSet.version === main.version && columns.every((column) => column >= 0)) {
          for (let i = 0; i < batch.length; i++)
            for (let j = 0; j < width; j++)
              matrix[i * width + j] = rows[i * mainWidth + (columns[j] as number)] as number;
        } else {
          for (let i = 0; i < batch.length; i++)
            featureSet.extract((batch[i] as PendingFollower).account, matrix, i * width);
        }
        matrices.set(key, matrix);
      }
      this.tally.addKindScores(kind, detector.scoreRows(matrix, new Float64Array(batch.length)));
    }
  }

  score(batch: readonly PendingFollower[]): void {
    const detector = this.#detector;
    const thresholds = this.#thresholds;
    const options = this.#options;
    const reasonsMode = options.reasons ?? 'top';
    const { featureSet, model } = detector;
    const width = featureSet.names.length;
    if (this.#matrix.length < batch.length * width) {
      this.#matrix = new Float64Array(batch.length * width);
      this.#margins = new Float64Array(batch.length);
    }
    const matrix = this.#matrix;
    for (let i = 0; i < batch.length; i++)
      featureSet.extract((batch[i] as PendingFollower).account, matrix, i * width);
    // A union detector's kinds are its members: it writes their p while scoring (no second pass over their trees).
    const members = this.#kinds?.kinds === detector.members ? detector.members : undefined;
    const memberOut = members?.map(() => new Float64Array(batch.length));
    const probabilities = detector.scoreRows(
      matrix.subarray(0, batch.length * width),
      this.#margins.subarray(0, batch.length),
      memberOut,
    );
    this.#scoreKinds(batch, matrix, memberOut);
    const unlikeTraining = this.#unlikeTraining;
    const tally = this.tally;
    for (let i = 0; i < batch.length; i++) {
      const pending = batch[i] as PendingFollower;
      const { account } = pending;
      if (!model.platforms.includes(account.platform)) this.otherPlatform++;
      const pFake = probabilities[i] as number;
      const unlike = unlikeTraining(matrix, i * width);
      const type = audienceTypeOf(account, pFake, thresholds);
      if (model.featureParts) tally.addFeatures(model.featureParts.cuts, matrix, i * width);
      if (!options.onFollower) {
        tally.addScored(pending, pFake, unlike, type);
        continue;
      }
      const follower: ScoredFollower = { ...pending, pFake, unlikeTraining: unlike, type };
      tally.add(follower);
      const explain =
        reasonsMode === 'all' || (reasonsMode === 'suspicious' && pFake >= thresholds.suspiciousPFake);
      const reasons = explain ? explainFollower(detector, account) : [];
      options.onFollower(toFollowerResult(follower, reasons), follower.position);
    }
  }
}

/**
 * Audits one part of a follower list (or all of it) into a partial result. The detector is chosen by the part's first
 * follower: to audit a list in parts, give every part the detector of the list's first follower.
 */
export async function auditPart(
  source: { batches(): AsyncIterable<ReadItem[]> },
  options: AuditOptions,
): Promise<{ partial: AuditPartial; detector: Detector | undefined }> {
  const seed = options.seed ?? DEFAULT_SEED;
  const sample =
    options.sampleSize === undefined ? undefined : new KeyedSample<PendingFollower>(options.sampleSize);
  let position = options.firstPosition ?? 0;
  let scorer: FollowerScorer | undefined;
  let detector: Detector | undefined;
  let first: AuditPartial['first'] = null;
  let accepted = 0;
  let rejected = 0;
  const seen = options.seen ?? new DuplicateAccounts();
  let duplicates = 0;
  const rejectedExamples: AuditPartial['rejectedExamples'] = [];
  try {
    for await (const batch of source.batches()) {
      const pending: PendingFollower[] = [];
      // an indexed loop: `for … of` here made an iterator result a follower (V8 does not elide them in this async loop)
      for (let b = 0; b < batch.length; b++) {
        const item = batch[b] as ReadItem;
        const at = position++;
        if (!item.ok) {
          rejected++;
          if (rejectedExamples.length < REJECTED_EXAMPLES)
            rejectedExamples.push({ position: at, text: formatRecordError(item.error) });
          options.onRejected?.(item.error);
          continue;
        }
        if (options.knownRepeats?.has(at) === true || seen.repeats(item.account)) {
          duplicates++;
          continue;
        }
        const next: PendingFollower =
          item.label === undefined
            ? { account: item.account, position: at }
            : { account: item.account, label: item.label, position: at };
        accepted++;
        if (!first) {
          first = { position: at, platform: item.account.platform };
          detector = await options.detectorFor(item.account.platform);
          scorer = new FollowerScorer(detector, options);
        }
        if (sample) sample.offer(sampleKey(seed, item.account.id), at, next);
        else pending.push(next);
      }
      if (scorer && pending.length > 0) scorer.score(pending);
      await options.afterBatch?.(accepted + duplicates + rejected);
    }
  } finally {
    // A set made here holds run files on disk once the list outgrows memory; one given is the caller's to close.
    if (options.seen === undefined) seen.close();
  }
  const keep = keepOf(options);
  const followOrder = options.recentIntake === true;
  const tally =
    scorer?.tally.state() ??
    (detector
      ? createTallyState(tallyOptions(detector, options, options.kindsFor?.(detector.model.name)))
      : createTallyState({ keep, followOrder }));
  return {
    detector,
    partial: {
      settings: { seed, sampleSize: options.sampleSize ?? null, keep, followOrder },
      model: detector?.model.name ?? null,
      first,
      read: accepted + duplicates + rejected,
      accepted,
      duplicates: duplicates,
      rejected,
      rejectedExamples,
      otherPlatform: scorer?.otherPlatform ?? 0,
      tally,
      sample: sample?.state() ?? null,
    },
  };
}

/**
 * The report of a whole list from the merge of its parts: scores the seeded sample when there is one, explains the
 * most suspicious followers and assembles the report. `detector` is the one the parts were scored with.
 */
export function finishAudit(
  partial: AuditPartial,
  input: FollowerInput,
  detector: Detector,
  options: AuditOptions,
  kindSharesElsewhere?: ReportInputs['kindSharesElsewhere'],
): AuditResult {
  const seed = partial.settings.seed;
  const mostSuspiciousCount = options.mostSuspicious ?? 10;
  const tableSize = options.tableSize ?? 1000;
  const explainTop = explainTopOf(options);
  const thresholds = thresholdsFor(detector, options);
  if (partial.model !== null && partial.model !== detector.model.name)
    throw new Error(`the parts were scored by the ${partial.model} model, not ${detector.model.name}`);
  let tally = partial.tally;
  let otherPlatform = partial.otherPlatform;
  const sampled = partial.sample !== null && partial.sample.seen > partial.sample.kept.length;
  if (partial.sample) {
    const scorer = new FollowerScorer(detector, options);
    const drawn = partial.sample.kept.map((kept) => kept.item).sort((a, b) => a.position - b.position);
    for (let start = 0; start < drawn.length; start += SAMPLE_SCORING_BATCH)
      scorer.score(drawn.slice(start, start + SAMPLE_SCORING_BATCH));
    tally = mergeTallies(tally, scorer.tally.state());
    otherPlatform += scorer.otherPlatform;
  }

  const explained = tally.mostSuspicious.map((follower, rank) =>
    toFollowerResult(
      follower,
      rank < explainTop ? (follower.reasons ?? explainFollower(detector, follower.account)) : [],
    ),
  );
  const warnings = [...input.notes];
  if (otherPlatform > 0)
    warnings.push(
      `${countOf(otherPlatform, 'follower')} ${nounFor(otherPlatform, 'is', 'are')} on a platform the ${detector.model.name} model was not trained for (${detector.model.platforms.join(', ')})`,
    );
  const report = assembleAuditReport({
    tally,
    model: detector.model,
    thresholds,
    input: {
      file: input.input.display,
      format: input.format.name,
      read: partial.read,
      accepted: partial.accepted,
      duplicates: partial.duplicates,
      rejected: partial.rejected,
      rejectedExamples: partial.rejectedExamples.map((example) => example.text),
    },
    profile: options.profile,
    followerPlatform: partial.first?.platform,
    postInteractions: options.postInteractions,
    sampled,
    seed,
    recentIntake: options.recentIntake === true,
    priorAdjustment: options.priorAdjustment ?? 'em',
    replicates: options.bootstrapReplicates ?? 2000,
    kindModels: options.kindsFor?.(detector.model.name)?.kinds.map(({ kind, detector: kindDetector }) => ({
      kind,
      model: kindDetector.model,
    })),
    mostSuspicious: explained.slice(0, mostSuspiciousCount),
    kindSharesElsewhere,
  });
  return {
    report,
    followers: explained.slice(0, tableSize),
    followerPositions: tally.mostSuspicious.slice(0, tableSize).map((follower) => follower.position),
    warnings,
  };
}

/** Throws the error an audit with no readable follower ends with. */
export function assertFollowersRead(partial: AuditPartial, input: FollowerInput): void {
  if (partial.accepted > 0) return;
  const first = partial.rejectedExamples[0]?.text;
  throw noFollowerRead(input.input.display, partial.rejected, first);
}

/** Refuses an input whose records are ids only: every score would be the model's guess about nothing. */
export function assertJudgeable(input: FollowerInput): void {
  if (input.format.holds !== 'ids') return;
  const advice = input.notes.find((note) => note.includes('realreach hydrate'));
  throw new InputError(
    `${input.input.display}: the followers are ids only (${input.format.name}), so there is nothing to audit yet${advice ? `. ${advice}` : ''}`,
  );
}

export async function auditFollowers(source: FollowerSource, options: AuditOptions): Promise<AuditResult> {
  assertJudgeable(source);
  const { partial, detector } = await auditPart(source, options);
  assertFollowersRead(partial, source);
  return finishAudit(partial, source, detector as Detector, options);
}
