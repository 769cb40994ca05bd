// Renders an audit report as one self-contained HTML page: inline CSS and SVG charts, no scripts, no network.
import { reviewCommand } from '../../../audit/audit-report.ts';
import { pointMayBeOff } from '../../../audit/point-may-be-off.ts';
import type { AuditReport, FollowerResult } from '../../../audit/report-schema.ts';
import { countOf, nounFor } from '../../../core/plural.ts';
import { followerName } from '../words/follower-name.ts';
import { kindShareWords } from '../words/kind-share-words.ts';
import {
  formatConfidence,
  formatCount,
  formatCountRange,
  formatMetric,
  formatPoints,
  formatProbability,
  formatShare,
  formatShareInterval,
  formatShareRange,
  formatShareRangeFirst,
} from '../words/report-numbers.ts';
import {
  auditedName,
  baseWords,
  FAKE_SHARE_SOURCE,
  inputWords,
  plainHeadline,
  SCORES_NOTE,
  scoredWords,
  shiftWarningPoint,
  thresholdWords,
  tooFewWarningPoint,
  uncertaintyWords,
  VERIFY_WORDS,
} from '../words/report-wording.ts';
import { VERIFICATION_TITLE, verificationFacts } from '../words/verification-words.ts';
import { escapeHtml as e } from './html-escape.ts';
import { REPORT_CSS } from './html-style.ts';
import { renderHistogram, renderScoreBar, renderShareBars } from './svg-charts.ts';

/** Nothing may load or run, even if an escaping bug let markup through: inline styles only. */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

type Fact = [term: string, text: string];

const toneOf = (name: string) => name.replaceAll(' ', '-');

function card(title: string, body: string): string {
  return `<section class="card"><h2>${e(title)}</h2>${body}</section>`;
}

function note(text: string): string {
  return `<p class="note">${e(text)}</p>`;
}

function factList(facts: Fact[]): string {
  return `<dl class="facts">${facts.map(([term, text]) => `<dt>${e(term)}</dt><dd>${e(text)}</dd>`).join('')}</dl>`;
}

/** A warning box: its point (what it means, what to do) first, its statistics one click below. */
function warningBox(tone: 'alert' | 'warning', point: string, details: readonly string[]): string {
  const paragraphs = details.map((text) => `<p>${e(text)}</p>`).join('');
  return `<li class="flag-${tone}"><p class="point">${e(point)}</p><details><summary>Why: the statistics</summary>${paragraphs}</details></li>`;
}

function heroSection(report: AuditReport): string {
  const { domainShift } = report;
  // the command that labels a sample, unless labels already settled the audit
  const verify = (command: string) =>
    report.verification === undefined ? ` ${VERIFY_WORDS}: ${command}.` : '';
  // too few followers for the shift test to check is said as a warning, not an alert: nothing was found wrong
  // When the range leads, the h1, the warning and the cards already say everything the statistical headline says:
  // it moves one click below, into the warning's statistics, rather than repeat "may be off" a third time.
  const headlineBelow = pointMayBeOff(report);
  const shift = domainShift.large
    ? `<ul class="flags">${warningBox('alert', `${shiftWarningPoint(report)}${verify('realreach review')}`, headlineBelow ? [`${report.headline}.`, domainShift.note] : [domainShift.note])}</ul>`
    : domainShift.tooFewToCheck
      ? `<ul class="flags">${warningBox('warning', `${tooFewWarningPoint(report)}${verify(reviewCommand(report.input.accepted, report.followersRead))}`, [domainShift.note])}</ul>`
      : '';
  const scored = `${scoredWords(report)} scored by the ${report.model.name} model.`;
  return [
    '<header class="hero">',
    `<p class="eyebrow">realreach audit · ${e(auditedName(report))}</p>`,
    `<h1>${e(plainHeadline(report))}</h1>`,
    shift,
    `<p class="sub">${e(headlineBelow ? scored : `${report.headline}. ${scored}`)}</p>`,
    '</header>',
  ].join('\n');
}

function stat(label: string, value: string, interval: string, foot: string): string {
  return [
    `<div class="stat"><div class="label">${e(label)}</div>`,
    `<div class="value">${e(value)}</div>`,
    `<div class="ci">${e(interval)}</div>`,
    `<div class="ci">${e(foot)}</div></div>`,
  ].join('');
}

/** When the point reading may be off, the big number is the range, and the reading is marked beneath it. */
function rangeStat(label: string, range: string, confidence: string, reading: string, foot: string): string {
  return [
    `<div class="stat may-be-off"><div class="label">${e(label)} <span class="nowrap">(${e(confidence)})</span></div>`,
    `<div class="value">${e(range)}</div>`,
    `<div class="ci reading">the model reads <span class="nowrap">${e(reading)}</span> <span class="badge off">may be off</span></div>`,
    `<div class="ci">${e(foot)}</div></div>`,
  ].join('');
}

function statsSection(report: AuditReport): string {
  const confidence = formatConfidence(report.uncertainty.confidence);
  const { realFollowers, fakeShare, afterPurge, followerBase } = report;
  const kindWords = kindShareWords(report);
  const countCi = (low: number, high: number) => `${confidence} ${formatCountRange(low, high)}`;
  const realFoot = `of ${formatCount(followerBase.count)} (${baseWords(report)})`;
  const fakeFoot =
    report.verification === undefined
      ? FAKE_SHARE_SOURCE
      : `from ${countOf(report.verification.labels.used, 'label')} and every p(fake)`;
  const offPoint = pointMayBeOff(report);
  return [
    '<section class="stats" aria-label="Estimates">',
    offPoint
      ? rangeStat(
          'Real followers',
          formatCountRange(realFollowers.low, realFollowers.high),
          confidence,
          formatCount(realFollowers.estimate),
          realFoot,
        )
      : stat(
          'Real followers',
          formatCount(realFollowers.estimate),
          countCi(realFollowers.low, realFollowers.high),
          realFoot,
        ),
    offPoint
      ? rangeStat(
          'Fake share',
          formatShareRange(fakeShare.low, fakeShare.high),
          confidence,
          formatShare(fakeShare.estimate),
          fakeFoot,
        )
      : stat(
          'Fake share',
          formatShare(fakeShare.estimate),
          `${confidence} ${formatShareRange(fakeShare.low, fakeShare.high)}`,
          fakeFoot,
        ),
    stat(
      'After a purge',
      formatCount(afterPurge.estimate),
      afterPurge.low === afterPurge.high
        ? 'every follower scored: no sampling error'
        : countCi(afterPurge.low, afterPurge.high),
      'left if the suspicious followers were removed',
    ),
    stat(
      'Quality score',
      `${formatPoints(report.qualityScore.score)} / 100`,
      'an open formula',
      'its parts are below',
    ),
    '</section>',
    ...(kindWords === null ? [] : [`<p class="note" id="kind-shares">By kind: ${e(kindWords)}</p>`]),
  ].join('\n');
}

function verificationCard(report: AuditReport): string {
  if (report.verification === undefined) return '';
  return card(VERIFICATION_TITLE, factList(verificationFacts(report.verification)));
}

function histogramCard(report: AuditReport): string {
  const { edges, counts } = report.pFakeHistogram;
  const threshold = report.thresholds.suspiciousPFake;
  const bins = counts
    .map((count, index) => {
      const range = `${(edges[index] ?? 0).toFixed(1)}–${(edges[index + 1] ?? 1).toFixed(1)}`;
      return `${range}: ${formatCount(count)}`;
    })
    .join('; ');
  const chart = renderHistogram(
    {
      title: 'Followers by p(fake)',
      description: `Followers per p(fake) bin, the suspicious threshold at ${threshold}. ${bins}.`,
    },
    { edges, counts, threshold },
  );
  const suspicious = report.audienceTypes.find((entry) => entry.type === 'suspicious');
  const above = suspicious
    ? ` (${countOf(suspicious.count, 'follower')}, ${formatShare(suspicious.share)})`
    : '';
  const legend = [
    `<li><span class="swatch tone-below"></span>${e(`below ${threshold}`)}</li>`,
    `<li><span class="swatch tone-suspicious"></span>${e(`suspicious: ${threshold} and up${above}`)}</li>`,
  ].join('');
  return card('p(fake) of the followers', `${chart}<ul class="legend">${legend}</ul>${note(SCORES_NOTE)}`);
}

function audienceTypesCard(report: AuditReport): string {
  const chart = renderShareBars(
    {
      title: 'Audience types',
      description: report.audienceTypes
        .map((entry) => `${entry.type} ${formatShare(entry.share)} (${formatCount(entry.count)})`)
        .join(', '),
    },
    report.audienceTypes.map((entry) => ({ ...entry, label: entry.type, tone: toneOf(entry.type) })),
  );
  const rules = report.audienceTypes
    .map((entry) => `<li><strong>${e(entry.type)}</strong>: ${e(entry.rule)}</li>`)
    .join('');
  return card('Audience types', `${chart}<ul class="rules">${rules}</ul>`);
}

function reachabilityCard(report: AuditReport): string {
  const known = report.reachability.reduce((sum, band) => sum + band.count, 0);
  const chart = renderShareBars(
    {
      title: 'Reachability: accounts each follower follows',
      description: report.reachability
        .map((band) => `following ${band.band}: ${formatShare(band.share)} (${formatCount(band.count)})`)
        .join(', '),
    },
    report.reachability.map((band, index) => ({
      ...band,
      label: `follows ${band.band}`,
      tone: `band-${index + 1}`,
    })),
  );
  const unknown = formatCount(report.reachabilityUnknown);
  return card(
    'Reachability',
    `${chart}${note(`Shares of the ${countOf(known, 'follower')} whose following count is known; ${unknown} unknown ${nounFor(report.reachabilityUnknown, 'is', 'are')} left out.`)}`,
  );
}

function qualityCard(report: AuditReport): string {
  const { qualityScore } = report;
  const chart = renderScoreBar(
    {
      title: `Audience quality score ${formatPoints(qualityScore.score)} of 100`,
      description: qualityScore.parts
        .map((part) => `${part.name} ${formatPoints(part.points)} points`)
        .join(', '),
    },
    qualityScore.parts,
  );
  const parts = qualityScore.parts.map((part) => {
    const name = `<span><span class="swatch tone-${e(part.name)}"></span><strong>${e(part.name)}</strong></span>`;
    const points = `<span>${e(`${formatPoints(part.points)} points`)}</span>`;
    const arithmetic = `weight ${formatProbability(part.weight)} × value ${formatProbability(part.value)} × 100`;
    return `<li><div class="part-head">${name}${points}</div>${note(`${arithmetic}; value: ${part.formula}`)}</li>`;
  });
  return card(
    `Audience quality score: ${formatPoints(qualityScore.score)} / 100`,
    `${chart}<ul class="parts">${parts.join('')}</ul>`,
  );
}

function engagementCard(report: AuditReport): string {
  const { engagement } = report;
  if (engagement === null) return card('Engagement', note('Not measured: no posts were given.'));
  const { benchmark } = engagement;
  const posts = `${formatCount(engagement.posts)} recent posts`;
  return card(
    'Engagement',
    factList([
      ['Posts', `${posts}, ${formatCount(engagement.meanInteractions)} interactions each on average`],
      ['By followers', formatShare(engagement.rateByFollowers)],
      [
        'By real followers',
        (pointMayBeOff(report) ? formatShareRangeFirst : formatShareInterval)(
          engagement.rateByRealFollowers,
          report.uncertainty.confidence,
        ),
      ],
      [
        'Benchmark',
        `${formatShareRange(benchmark.low, benchmark.high)} for ${engagement.tier}; engagement is ${engagement.verdict} it`,
      ],
      ['Source', benchmark.source],
    ]),
  );
}

function redFlagsCard(report: AuditReport): string {
  if (report.redFlags.length === 0) {
    const unchecked = report.profile === null ? ' No profile was given, so its checks did not run.' : '';
    return card('Red flags', note(`None found.${unchecked}`));
  }
  const flags = report.redFlags.map(
    (flag) =>
      `<li class="flag-${flag.severity}"><span class="badge severity-${flag.severity}">${e(flag.severity)}</span>${e(flag.message)}</li>`,
  );
  return card('Red flags', `<ul class="flags">${flags.join('')}</ul>`);
}

function notesCard(report: AuditReport): string {
  const { input, model, uncertainty, domainShift, intake } = report;
  const { mcc, rocAuc, ece } = model.crossValidated;
  const auc = rocAuc === null ? 'n/a' : formatMetric(rocAuc);
  const facts: Fact[] = [
    ['Sample', report.sample.note],
    ['Input', inputWords(report)],
    ...input.rejectedExamples.map((example): Fact => ['Rejected', example]),
    ['Model', `${model.name}: ${model.description}`],
    [
      'Cross-validated',
      `MCC ${formatMetric(mcc)}, ROC AUC ${auc}, ECE ${formatMetric(ece)} (the model card)`,
    ],
    ['Trained on', model.trainedOn.join(', ')],
    ['Thresholds', thresholdWords(report)],
    [
      'Domain shift',
      `${formatShare(domainShift.unlikeShare)} of followers unlike the training data. ${domainShift.note}`,
    ],
    ['Uncertainty', `${uncertaintyWords(report)}. ${uncertainty.method}`],
  ];
  if (intake !== null)
    facts.push([
      'Intake',
      `newer half ${formatShare(intake.recentFakeShare)} fake, older half ${formatShare(intake.olderFakeShare)}`,
    ]);
  return card('How this was measured', factList(facts));
}

function followerRow(follower: FollowerResult, index: number, withLabel: boolean): string {
  const unlike = follower.unlikeTraining ? '<span class="badge">unlike training</span>' : '';
  const reasons =
    follower.reasons.length > 0
      ? `<ol>${follower.reasons.map((reason) => `<li>${e(reason)}</li>`).join('')}</ol>`
      : '<span class="note">not computed</span>';
  const source = `<span class="source">${e(`${follower.platform} · ${follower.source}`)}</span>`;
  const type = `<span class="badge type-${e(toneOf(follower.type))}">${e(follower.type)}</span>`;
  return [
    '<tr>',
    `<td class="num rank">${index + 1}</td>`,
    `<td class="who"><strong>${e(followerName(follower))}</strong>${source}</td>`,
    `<td class="num p-fake">${formatProbability(follower.pFake)}</td>`,
    `<td class="kind">${type}${unlike}</td>`,
    `<td class="reasons">${reasons}</td>`,
    withLabel ? `<td class="label">${e(follower.label ?? '—')}</td>` : '',
    '</tr>',
  ].join('');
}

function followersCard(followers: FollowerResult[]): string {
  if (followers.length === 0) return card('Followers', note('No per-follower rows were included.'));
  const sorted = [...followers].sort((a, b) => b.pFake - a.pFake);
  const withLabel = followers.some((follower) => follower.label !== null);
  const columns = ['#', 'Follower', 'p(fake)', 'Type', 'Strongest reasons', ...(withLabel ? ['Label'] : [])];
  const head = `<tr>${columns.map((column) => `<th scope="col">${e(column)}</th>`).join('')}</tr>`;
  const rows = sorted.map((follower, index) => followerRow(follower, index, withLabel)).join('\n');
  return card(
    `Followers (${formatCount(followers.length)}, most suspicious first)`,
    `<table class="followers"><thead>${head}</thead><tbody>\n${rows}\n</tbody></table>`,
  );
}

/** The whole page: headline and estimates, the three charts, score, flags, notes and the per-follower table. */
/** `sections`: further cards from later stages (the growth stage's follow-order picture), placed before the followers. */
export function renderHtmlReport(
  report: AuditReport,
  followers: FollowerResult[],
  sections: string[] = [],
): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<title>${e(`realreach audit: ${auditedName(report)}`)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
${heroSection(report)}
${statsSection(report)}
${verificationCard(report)}
<div class="grid three">
${histogramCard(report)}
${audienceTypesCard(report)}
${reachabilityCard(report)}
</div>
<div class="grid two">
${qualityCard(report)}
${engagementCard(report)}
</div>
${redFlagsCard(report)}
${notesCard(report)}
${sections.join('\n')}
${followersCard(followers)}
<footer>realreach audit report · schema version ${report.schemaVersion} · one file: no scripts, nothing loaded from the network</footer>
</main>
</body>
</html>
`;
}
