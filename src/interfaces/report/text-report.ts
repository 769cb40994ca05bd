// Renders an audit report as a plain-text terminal summary, headline first.
import { pointMayBeOff } from '../../audit/point-may-be-off.ts';
import type { AuditReport, FollowerResult } from '../../audit/report-schema.ts';
import { countOf } from '../../core/plural.ts';
import { mostSuspiciousFollowers } from './most-suspicious.ts';
import { followerName } from './words/follower-name.ts';
import { kindShareWords } from './words/kind-share-words.ts';
import {
  formatCount,
  formatCountInterval,
  formatCountRangeFirst,
  formatMetric,
  formatPoints,
  formatProbability,
  formatShare,
  formatShareInterval,
  formatShareRange,
  formatShareRangeFirst,
} from './words/report-numbers.ts';
import {
  baseWords,
  inputWords,
  plainHeadline,
  scoredWords,
  thresholdWords,
  uncertaintyWords,
} from './words/report-wording.ts';
import { VERIFICATION_TITLE, verificationFacts } from './words/verification-words.ts';

const WIDTH = 100;
const LABEL_WIDTH = 19;
const BAR_WIDTH = 20;
const SUSPICIOUS_SHOWN = 10;

/** Control characters in data (handles, reasons) could move the cursor or recolour a terminal: show them as `?`. */
function printable(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

/** `prefix` then the words of `text`, wrapped at WIDTH, continuation lines indented to the prefix's width. */
function wrapped(prefix: string, text: string): string[] {
  const indent = ' '.repeat(prefix.length);
  const lines: string[] = [];
  let words: string[] = [];
  let length = prefix.length;
  for (const word of text.split(/\s+/).filter((part) => part !== '')) {
    if (words.length > 0 && length + 1 + word.length > WIDTH) {
      lines.push((lines.length === 0 ? prefix : indent) + words.join(' '));
      words = [];
      length = indent.length;
    }
    length += (words.length > 0 ? 1 : 0) + word.length;
    words.push(word);
  }
  lines.push(((lines.length === 0 ? prefix : indent) + words.join(' ')).trimEnd());
  return lines;
}

function field(label: string, value: string): string[] {
  return wrapped(`  ${label.padEnd(LABEL_WIDTH)}`, value);
}

function bar(share: number): string {
  return '█'.repeat(Math.round(Math.min(Math.max(share, 0), 1) * BAR_WIDTH)).padEnd(BAR_WIDTH);
}

function heading(title: string): string {
  return `\n${title}\n${'─'.repeat(title.length)}`;
}

function profileLine(report: AuditReport): string {
  const { profile } = report;
  if (profile === null) return `realreach audit of the followers in ${printable(report.input.file)}`;
  const name =
    profile.handle !== null ? `@${profile.handle}` : profile.id !== null ? `id ${profile.id}` : 'a profile';
  const counts = [
    profile.followersCount !== null ? countOf(profile.followersCount, 'follower') : null,
    profile.followingCount !== null ? `following ${formatCount(profile.followingCount)}` : null,
    profile.postsCount !== null ? countOf(profile.postsCount, 'post') : null,
  ].filter((part) => part !== null);
  const described = counts.length > 0 ? `: ${counts.join(', ')}` : '';
  return `realreach audit of ${printable(name)} on ${profile.platform}${described}`;
}

function estimateLines(report: AuditReport): string[] {
  const { confidence } = report.uncertainty;
  const kindWords = kindShareWords(report);
  const base = `of ${formatCount(report.followerBase.count)} (${baseWords(report)})`;
  // the shift test fired and no labels settled it: the range first, the model's reading marked
  const off = pointMayBeOff(report);
  return [
    ...field(
      'Fake share',
      `${off ? formatShareRangeFirst(report.fakeShare, confidence) : formatShareInterval(report.fakeShare, confidence)}${
        report.verification === undefined
          ? ''
          : ` from ${countOf(report.verification.labels.used, 'label')} and every p(fake) (the model's own uncertainty below; the labels' in "${VERIFICATION_TITLE}")`
      }`,
    ),
    ...(kindWords === null ? [] : field('By kind', kindWords)),
    ...field(
      'Real followers',
      `${off ? formatCountRangeFirst(report.realFollowers, confidence) : formatCountInterval(report.realFollowers, confidence)} ${base}`,
    ),
    ...field(
      'After a purge',
      `${
        report.afterPurge.low === report.afterPurge.high
          ? `${formatCount(report.afterPurge.estimate)} (every follower scored: no sampling error)`
          : formatCountInterval(report.afterPurge, confidence)
      }, left if the suspicious followers were removed${
        report.afterPurge.estimate > report.realFollowers.estimate
          ? ' (above the real followers: a purge removes only the flagged, and some fakes are not flagged)'
          : ''
      }`,
    ),
    ...field('Uncertainty', uncertaintyWords(report)),
    ...field('', printable(report.uncertainty.method)),
  ];
}

function verificationLines(report: AuditReport): string[] {
  if (report.verification === undefined) return [];
  return [
    heading(VERIFICATION_TITLE),
    ...verificationFacts(report.verification).flatMap(([term, text]) => field(term, printable(text))),
  ];
}

function sampleLines(report: AuditReport): string[] {
  const { input, sample, intake } = report;
  return [
    heading('Sample'),
    ...field('Scored', scoredWords(report)),
    ...field('Note', printable(sample.note)),
    ...field('Input', printable(inputWords(report))),
    ...input.rejectedExamples.flatMap((example) => field('', `rejected ${printable(example)}`)),
    ...(intake === null
      ? []
      : field(
          'Intake',
          `newer half ${formatShare(intake.recentFakeShare)} fake, older half ${formatShare(intake.olderFakeShare)}`,
        )),
  ];
}

function modelLines(report: AuditReport): string[] {
  const { model, domainShift } = report;
  const { mcc, rocAuc, ece } = model.crossValidated;
  const auc = rocAuc === null ? 'n/a' : formatMetric(rocAuc);
  const large = domainShift.large ? ' (large)' : '';
  return [
    heading(`Model: ${printable(model.name)}`),
    ...wrapped('  ', printable(model.description)),
    ...field(
      'Cross-validated',
      `MCC ${formatMetric(mcc)}, ROC AUC ${auc}, ECE ${formatMetric(ece)} (model card)`,
    ),
    ...field('Trained on', printable(model.trainedOn.join(', '))),
    ...field(
      'Domain shift',
      `${formatShare(domainShift.unlikeShare)} of followers unlike the training data${large}`,
    ),
    ...field('', printable(domainShift.note)),
  ];
}

/** One row of a count table: name, count, share, a bar, then `text` wrapped beside it. */
function countRow(name: string, count: number, share: number, text: string): string[] {
  return wrapped(
    `  ${name.padEnd(15)}${formatCount(count).padStart(7)}${formatShare(share).padStart(9)}  ${bar(share)}  `,
    text,
  );
}

function audienceTypeLines(report: AuditReport): string[] {
  return [
    heading(`Audience types (of ${countOf(report.followersRead, 'follower')} scored)`),
    ...report.audienceTypes.flatMap((entry) =>
      countRow(entry.type, entry.count, entry.share, printable(entry.rule)),
    ),
    ...field('Thresholds', thresholdWords(report)),
  ];
}

function reachabilityLines(report: AuditReport): string[] {
  const known = report.reachability.reduce((sum, band) => sum + band.count, 0);
  return [
    heading('Reachability (how many accounts each follower follows)'),
    ...report.reachability.flatMap((band) => countRow(band.band, band.count, band.share, '')),
    ...field(
      'Counted',
      `${countOf(known, 'follower')} with a known following count; ${formatCount(report.reachabilityUnknown)} unknown`,
    ),
  ];
}

function engagementLines(report: AuditReport): string[] {
  const { engagement } = report;
  if (engagement === null) return [heading('Engagement'), '  not measured (no posts were given)'];
  const { benchmark } = engagement;
  return [
    heading(`Engagement (${formatCount(engagement.posts)} recent posts)`),
    ...field('Per post', `${formatCount(engagement.meanInteractions)} interactions on average`),
    ...field('By followers', formatShare(engagement.rateByFollowers)),
    ...field(
      'By real followers',
      (pointMayBeOff(report) ? formatShareRangeFirst : formatShareInterval)(
        engagement.rateByRealFollowers,
        report.uncertainty.confidence,
      ),
    ),
    ...field(
      'Benchmark',
      `${formatShareRange(benchmark.low, benchmark.high)} for ${printable(engagement.tier)}; engagement is ${engagement.verdict} it`,
    ),
    ...field('Source', printable(benchmark.source)),
  ];
}

function qualityLines(report: AuditReport): string[] {
  const { qualityScore } = report;
  return [
    heading(`Audience quality score: ${formatPoints(qualityScore.score)} / 100`),
    '  each part: weight × value × 100 = points, the value from its formula',
    ...qualityScore.parts.flatMap((part) =>
      wrapped(
        `  ${part.name.padEnd(15)}  ${formatProbability(part.weight)} × ${formatProbability(part.value)} × 100 = ${formatPoints(part.points).padStart(4)} points  `,
        printable(part.formula),
      ),
    ),
  ];
}

function redFlagLines(report: AuditReport): string[] {
  if (report.redFlags.length === 0) {
    const unchecked = report.profile === null ? ' (no profile was given, so its checks did not run)' : '';
    return [heading('Red flags'), `  none${unchecked}`];
  }
  return [
    heading('Red flags'),
    ...report.redFlags.flatMap((flag) =>
      wrapped(`  ${flag.severity.toUpperCase().padEnd(9)}`, printable(flag.message)),
    ),
  ];
}

function suspiciousLines(report: AuditReport, followers: FollowerResult[]): string[] {
  const shown = mostSuspiciousFollowers(report, followers, SUSPICIOUS_SHOWN);
  if (shown.length === 0) return [heading('Most suspicious followers'), '  none listed'];
  return [
    heading(`The ${shown.length} most suspicious followers`),
    ...shown.flatMap((follower, index) => {
      const unlike = follower.unlikeTraining ? ', unlike the training data' : '';
      const reasons = follower.reasons.length > 0 ? follower.reasons.join('; ') : 'no reasons computed';
      return [
        ...wrapped(
          `  ${String(index + 1).padStart(2)}. `,
          `${printable(followerName(follower))} (${follower.platform}): p(fake) ${formatProbability(follower.pFake)}, ${follower.type}${unlike}`,
        ),
        ...wrapped('      ', printable(reasons)),
        ...wrapped('      ', printable(follower.source)),
      ];
    }),
  ];
}

/** The whole summary as lines of plain text (no colour), ending with a newline. */
export function renderTextReport(report: AuditReport, followers: FollowerResult[]): string {
  const lines = [
    ...wrapped('', printable(plainHeadline(report))),
    ...wrapped('', printable(report.headline)),
    ...wrapped('', profileLine(report)),
    '',
    ...estimateLines(report),
    ...verificationLines(report),
    ...sampleLines(report),
    ...modelLines(report),
    ...audienceTypeLines(report),
    ...reachabilityLines(report),
    ...engagementLines(report),
    ...qualityLines(report),
    ...redFlagLines(report),
    ...suspiciousLines(report, followers),
  ];
  return `${lines.join('\n')}\n`;
}
