// Sentences both the text and the HTML report print the same way: sample kind, base, input, thresholds, uncertainty.
import type { AuditReport } from '../../audit/report-schema.ts';
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
  return `${formatCount(report.followersRead)} followers (${SAMPLE_KIND_WORDS[sample.kind]}${seed}${recent})`;
}

/** What the estimates are projected against: "the profile's follower count" or "the followers read". */
export function baseWords(report: AuditReport): string {
  return report.followerBase.source === 'profile' ? "the profile's follower count" : 'the followers read';
}

/** "followers.jsonl (realreach-jsonl): 120,000 read, 119,994 accepted, 6 rejected". */
export function inputWords(report: AuditReport): string {
  const { input } = report;
  const counts = `${formatCount(input.read)} read, ${formatCount(input.accepted)} accepted`;
  return `${input.file} (${input.format}): ${counts}, ${formatCount(input.rejected)} rejected`;
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

/** The half-width of each source of uncertainty: "sampling ±1.7 pp, model ±0.5 pp, domain shift ±0.3 pp". */
export function uncertaintyWords(report: AuditReport): string {
  const { sampling, model, domainShift } = report.uncertainty;
  return `sampling ${formatSharePoints(sampling)}, model ${formatSharePoints(model)}, domain shift ${formatSharePoints(domainShift)}`;
}
