// Audits a follower list in one streaming pass: scores every follower (or a seeded uniform sample), aggregates in constant memory, and assembles the report.
import type { Account, Label, Platform } from '../core/account.ts';
import { formatRecordError, InputError, type RecordError } from '../core/errors.ts';
import type { ReadItem } from '../ingest/read.ts';
import type { Detector } from '../model/detector.ts';
import { unlikeness } from '../model/domain-profile.ts';
import { createSeededRandom } from '../model/seeded-random.ts';
import { AudienceTally, type ScoredFollower } from './audience-tally.ts';
import { audienceTypeOf, defaultAudienceThresholds } from './audience-types.ts';
import { assembleAuditReport } from './audit-report.ts';
import type { PriorAdjustmentChoice } from './fake-share-estimate.ts';
import type { AudienceThresholds, AuditReport, FollowerResult } from './report-schema.ts';
import { ReservoirSample } from './reservoir-sample.ts';

/** What the audit reads: an AccountReader, or anything with its batches, format and input name. */
export interface FollowerSource {
  format: { name: string };
  input: { display: string };
  notes: readonly string[];
  batches(): AsyncIterable<ReadItem[]>;
}

/** Which followers get their reasons while streaming: none (`top`: only the report's table), the suspicious ones, or all. */
export type ReasonsMode = 'top' | 'suspicious' | 'all';

export interface AuditOptions {
  /** The detector for the followers' platform (asked once, with the first follower's platform). */
  detectorFor(platform: Platform): Promise<Detector>;
  /** The audited profile (its follower count is what projections are made against). */
  profile?: Account;
  /** Likes + replies + reposts + quotes of each of the profile's recent posts. */
  postInteractions?: readonly number[];
  thresholds?: Partial<AudienceThresholds>;
  /** Score a seeded uniform sample of this many followers instead of all. */
  sampleSize?: number;
  /** Seeds the sample and the bootstrap: the same seed gives the same report. */
  seed?: number;
  /** The list is newest first (the APIs' order): its halves are compared, and a partial one describes recent intake. */
  recentIntake?: boolean;
  reasons?: ReasonsMode;
  /** Followers returned for the HTML table, most suspicious first, with reasons. */
  tableSize?: number;
  /** Followers in the report's `mostSuspicious`. */
  mostSuspicious?: number;
  /** How many of the table's most suspicious followers get their reasons (TreeSHAP costs a few ms a follower). */
  explainTop?: number;
  bootstrapReplicates?: number;
  priorAdjustment?: PriorAdjustmentChoice;
  /** Each scored follower, as scored (for the per-follower CSV). */
  onFollower?(result: FollowerResult): void;
  /** Each rejected record; throwing stops the audit (--strict). */
  onRejected?(error: RecordError): void;
  /** Called after each batch of input with the records read so far; awaited, so a slow output can hold reading back. */
  afterBatch?(read: number): void | Promise<void>;
}

export interface AuditResult {
  report: AuditReport;
  /** The most suspicious followers with their reasons, most suspicious first (the HTML table). */
  followers: FollowerResult[];
  /** Facts the report has no field for, worth telling the user (label files, followers on other platforms). */
  warnings: string[];
}

export const DEFAULT_SEED = 1;
const REASONS_PER_FOLLOWER = 3;
const REJECTED_EXAMPLES = 10;
const SAMPLE_SCORING_BATCH = 1024;

interface Scoring {
  detector: Detector;
  thresholds: AudienceThresholds;
  tally: AudienceTally;
}

/** The strongest reasons for a follower's score, in words (exact TreeSHAP: a few ms a follower). */
function explainFollower(detector: Detector, account: Account): string[] {
  return (detector.score(account, REASONS_PER_FOLLOWER).reasons ?? []).map((reason) => reason.text);
}

interface Pending {
  account: Account;
  label?: Label;
  position: number;
}

function sourceOf(account: Account): string {
  const { file, line, index } = account.source;
  if (line !== undefined) return `${file}:${line}`;
  return index === undefined ? file : `${file}[${index}]`;
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
  };
}

export async function auditFollowers(source: FollowerSource, options: AuditOptions): Promise<AuditResult> {
  const seed = options.seed ?? DEFAULT_SEED;
  const reasonsMode = options.reasons ?? 'top';
  const tableSize = options.tableSize ?? 1000;
  const mostSuspiciousCount = options.mostSuspicious ?? 10;
  const explainTop = Math.max(options.explainTop ?? 100, mostSuspiciousCount);
  const sample =
    options.sampleSize === undefined
      ? undefined
      : new ReservoirSample<Pending>(options.sampleSize, createSeededRandom((seed ^ 0x5bd1e995) >>> 0));

  /** Settled by the first follower: the detector for its platform, the thresholds and the tally. */
  let scoring: Scoring | undefined;
  let otherPlatform = 0;
  let matrix = new Float64Array(0);
  let margins = new Float64Array(0);

  const prepare = async (platform: Platform): Promise<Scoring> => {
    const detector = await options.detectorFor(platform);
    const thresholds = { ...defaultAudienceThresholds(detector.model.threshold), ...options.thresholds };
    const tally = new AudienceTally(thresholds, {
      keep: Math.max(tableSize, mostSuspiciousCount),
      followOrder: options.recentIntake === true,
    });
    return { detector, thresholds, tally };
  };

  const score = ({ detector, thresholds, tally }: Scoring, batch: readonly Pending[]) => {
    const { featureSet, model } = detector;
    const width = featureSet.names.length;
    if (matrix.length < batch.length * width) {
      matrix = new Float64Array(batch.length * width);
      margins = new Float64Array(batch.length);
    }
    batch.forEach((pending, i) => {
      featureSet.extract(pending.account, matrix, i * width);
    });
    const probabilities = detector.scoreRows(
      matrix.subarray(0, batch.length * width),
      margins.subarray(0, batch.length),
    );
    batch.forEach((pending, i) => {
      const { account } = pending;
      if (!model.platforms.includes(account.platform)) otherPlatform++;
      const pFake = probabilities[i] as number;
      const follower: ScoredFollower = {
        ...pending,
        pFake,
        unlikeTraining: unlikeness(model.domain, matrix, i * width) > model.domain.threshold,
        type: audienceTypeOf(account, pFake, thresholds),
      };
      tally.add(follower);
      if (!options.onFollower) return;
      const explain =
        reasonsMode === 'all' || (reasonsMode === 'suspicious' && pFake >= thresholds.suspiciousPFake);
      const reasons = explain ? explainFollower(detector, account) : [];
      options.onFollower(toFollowerResult(follower, reasons));
    });
  };

  let accepted = 0;
  let rejected = 0;
  const rejectedExamples: string[] = [];
  for await (const batch of source.batches()) {
    const pending: Pending[] = [];
    for (const item of batch) {
      if (!item.ok) {
        rejected++;
        if (rejectedExamples.length < REJECTED_EXAMPLES) rejectedExamples.push(formatRecordError(item.error));
        options.onRejected?.(item.error);
        continue;
      }
      const next: Pending =
        item.label === undefined
          ? { account: item.account, position: accepted }
          : { account: item.account, label: item.label, position: accepted };
      accepted++;
      scoring ??= await prepare(item.account.platform);
      if (sample) sample.offer(next);
      else pending.push(next);
    }
    if (scoring && pending.length > 0) score(scoring, pending);
    await options.afterBatch?.(accepted + rejected);
  }
  if (!scoring) {
    throw new InputError(
      `${source.input.display}: no follower could be read (${rejected} rejected${rejectedExamples[0] ? `; first: ${rejectedExamples[0]}` : ''})`,
    );
  }
  const sampled = sample !== undefined && sample.seen > sample.items().length;
  if (sample) {
    const drawn = [...sample.items()].sort((a, b) => a.position - b.position);
    for (let start = 0; start < drawn.length; start += SAMPLE_SCORING_BATCH)
      score(scoring, drawn.slice(start, start + SAMPLE_SCORING_BATCH));
  }

  const { detector, thresholds, tally } = scoring;
  const explained = tally.mostSuspicious
    .sorted()
    .map((follower, rank) =>
      toFollowerResult(follower, rank < explainTop ? explainFollower(detector, follower.account) : []),
    );
  const warnings = [...source.notes];
  if (otherPlatform > 0)
    warnings.push(
      `${otherPlatform} followers are on a platform the ${detector.model.name} model was not trained for (${detector.model.platforms.join(', ')})`,
    );
  const report = assembleAuditReport({
    tally,
    model: detector.model,
    thresholds,
    input: {
      file: source.input.display,
      format: source.format.name,
      read: accepted + rejected,
      accepted,
      rejected,
      rejectedExamples,
    },
    profile: options.profile,
    postInteractions: options.postInteractions,
    sampled,
    seed,
    recentIntake: options.recentIntake === true,
    priorAdjustment: options.priorAdjustment ?? 'auto',
    replicates: options.bootstrapReplicates ?? 2000,
    mostSuspicious: explained.slice(0, mostSuspiciousCount),
  });
  return { report, followers: explained.slice(0, tableSize), warnings };
}
