// Sentences both the text and the HTML report print the same way: sample kind, base, input, thresholds, uncertainty.

import { rough } from '../../../audit/audit-report.ts';
import { pointMayBeOff } from '../../../audit/point-may-be-off.ts';
import type { AuditReport } from '../../../audit/report-schema.ts';
import { countOf, nounFor } from '../../../core/plural.ts';
import { formatCount, formatSharePoints } from './report-numbers.ts';

const SAMPLE_KIND_WORDS: Record<AuditReport['sample']['kind'], string> = {
  all: 'every follower',
  uniform: 'a uniform random sample',
  partial: 'a partial list',
};

/** "3,000 followers (a uniform random sample, seed 7)", saying so when the list is recent intake. */
export function scoredWords(report: AuditReport): string {
  const { sample } = report;
  const seed = sample.seed !== null ? `, seed ${sample.seed}` : '';
  const recent = sample.recentIntake ? '; the newest followers: recent intake, not the whole audience' : '';
  return `${countOf(report.followersRead, 'follower')} (${SAMPLE_KIND_WORDS[sample.kind]}${seed}${recent})`;
}

/** What the estimates are projected against: "the profile's follower count" or "the followers read". */
export function baseWords(report: AuditReport): string {
  return report.followerBase.source === 'profile' ? "the profile's follower count" : 'the followers read';
}

/** "followers.jsonl (realreach-jsonl): 120,000 read, 119,990 accepted, 4 duplicates (counted once), 6 rejected". */
export function inputWords(report: AuditReport): string {
  const { input } = report;
  const counts = `${formatCount(input.read)} read, ${formatCount(input.accepted)} accepted`;
  const repeats = input.duplicates > 0 ? `, ${countOf(input.duplicates, 'duplicate')} (counted once)` : '';
  return `${input.file} (${input.format}): ${counts}${repeats}, ${formatCount(input.rejected)} rejected`;
}

/** The audience-type thresholds in one sentence. */
export function thresholdWords(report: AuditReport): string {
  const { thresholds } = report;
  return [
    `suspicious at p(fake) ≥ ${thresholds.suspiciousPFake}`,
    `mass follower above ${formatCount(thresholds.massFollowing)} following`,
    `influencer above ${formatCount(thresholds.influencerFollowers)} followers`,
    `inactive after ${formatCount(thresholds.inactiveDays)} days without a post`,
  ].join('; ');
}

/** Where the fake share comes from, under its figure (the report's method says how). */
export const FAKE_SHARE_SOURCE = "from calibrated p(fake) and the followers' features";
/** Under the p(fake) histogram: what the scores are and what the fake share is not. */
export const SCORES_NOTE =
  "Calibrated probabilities; the fake share is estimated from them and the followers' features (the report's method says how), not counted over a cut-off.";

/** The half-width of each source of uncertainty: "sampling ±1.7 pp, model ±0.5 pp, domain shift ±0.3 pp". */
export function uncertaintyWords(report: AuditReport): string {
  const { sampling, model, domainShift } = report.uncertainty;
  return `sampling ${formatSharePoints(sampling)}, model ${formatSharePoints(model)}, domain shift ${formatSharePoints(domainShift)}`;
}

/** "@lumen on x", the input file's name when no profile was given. */
export function auditedName(report: AuditReport): string {
  const { profile } = report;
  if (profile === null) return report.input.file;
  const name =
    profile.handle !== null ? `@${profile.handle}` : profile.id !== null ? `id ${profile.id}` : 'a profile';
  return `${name} on ${profile.platform}`;
}

/**
 * The one sentence a marketer repeats: how many followers look real, of how many, with the plausible range in
 * plain words. The statistics (the fake share, the method, cautions) sit beneath it, never in it. When the point
 * reading may be off (`pointMayBeOff`), the range leads and the reading follows, marked as uncertain.
 */
export function plainHeadline(report: AuditReport): string {
  const { realFollowers, followerBase, profile } = report;
  // rounded as the headline beneath rounds them, so the two lines never read different figures
  const [estimate, low, high] = [realFollowers.estimate, realFollowers.low, realFollowers.high].map((count) =>
    rough(count, followerBase.count),
  );
  const whose =
    profile === null
      ? 'the'
      : profile.handle !== null
        ? `@${profile.handle}'s`
        : `the ${profile.platform} profile's`;
  const followers = `${whose} ${countOf(followerBase.count, 'follower')}`;
  if (pointMayBeOff(report) && low !== high)
    return `Between ${low} and ${high} of ${followers} look real; the model's reading, about ${estimate}, may be off.`;
  const range = low === high ? '' : ` — somewhere between ${low} and ${high}`;
  return `About ${estimate} of ${followers} ${estimate === '1' ? 'looks' : 'look'} real${range}.`;
}

/**
 * The point of the domain-shift warning, before its statistics: what it means (`VERIFY_WORDS` then says what to do,
 * unless labels already settled it).
 */
export function shiftWarningPoint(report: AuditReport): string {
  const { verification } = report;
  if (verification !== undefined)
    return `These followers do not look like the accounts the model was trained on, so the model alone may have been off; the ${countOf(verification.labels.used, 'label')} given ${nounFor(verification.labels.used, 'settles', 'settle')} it: the figures shown are the labelled estimate.`;
  return 'Trust the range, not the single figure: these followers do not look like the accounts the model was trained on, so its reading may be off.';
}

/** The point of the too-few-to-check warning (under 50 followers), before its statistics. */
export function tooFewWarningPoint(report: AuditReport): string {
  const { verification, followersRead } = report;
  const few = `${formatCount(followersRead)} ${followersRead === 1 ? 'follower is' : 'followers are'} too few to check that`;
  if (verification !== undefined)
    return `The model's figure held only if it fits these followers, and ${few}; the ${countOf(verification.labels.used, 'label')} given ${nounFor(verification.labels.used, 'settles', 'settle')} it: the figures shown are the labelled estimate.`;
  return `The figure holds only if the model fits these followers, and ${few}.`;
}

/** What a warning's point asks for when no labels settled the audit yet (the command or the review page follows). */
export const VERIFY_WORDS = 'Verify it with a labelled sample';
