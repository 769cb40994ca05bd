// One audit's page: headline with its interval, the estimates, the p(fake) histogram (uPlot), audience types, reachability, the quality score with its parts, red flags and the most suspicious followers with reasons.
/** @jsxRuntime automatic @jsxImportSource hono/jsx (here, not only in tsconfig: `realreach serve` may run from any folder) */
import { raw } from 'hono/html';
import { pointMayBeOff } from '../../../audit/point-may-be-off.ts';
import type { AuditReport, FollowerResult } from '../../../audit/report-schema.ts';
import { countOf, nounFor } from '../../../core/plural.ts';
import type { StoredAudit } from '../../../store/store.ts';
import type { FollowOrderView } from '../../follow-order-view.ts';
import { renderHistogram, renderScoreBar, renderShareBars } from '../../report/html/svg-charts.ts';
import { kindShareWords } from '../../report/words/kind-share-words.ts';
import {
  formatConfidence,
  formatCount,
  formatCountRange,
  formatMetric,
  formatPoints,
  formatProbability,
  formatShare,
  formatShareRange,
  formatShareRangeFirst,
} from '../../report/words/report-numbers.ts';
import {
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
} from '../../report/words/report-wording.ts';
import { auditPath, profileName, profilePath } from '../dashboard-paths.ts';
import { PageShell } from '../page-layout.tsx';
import { formatSavedAt } from './audit-table.tsx';
import { FollowOrderCard } from './follow-order-card.tsx';
import { FollowerTable } from './follower-table.tsx';
import { followersPath } from './followers-page.tsx';

const toneOf = (name: string) => name.replaceAll(' ', '-');

function Stat(props: { id: string; label: string; value: string; interval: string; foot: string }) {
  return (
    <div class="stat" id={props.id}>
      <div class="label">{props.label}</div>
      <div class="value">{props.value}</div>
      <div class="ci">{props.interval}</div>
      <div class="ci">{props.foot}</div>
    </div>
  );
}

/** When the point reading may be off, the big number is the range, and the reading is marked beneath it. */
function RangeStat(props: {
  id: string;
  label: string;
  confidence: string;
  range: string;
  reading: string;
  foot: string;
}) {
  return (
    <div class="stat may-be-off" id={props.id}>
      <div class="label">
        {props.label} <span class="nowrap">{`(${props.confidence})`}</span>
      </div>
      <div class="value">{props.range}</div>
      <div class="ci reading">
        the model reads <span class="nowrap">{props.reading}</span> <span class="badge off">may be off</span>
      </div>
      <div class="ci">{props.foot}</div>
    </div>
  );
}

function Estimates(props: { report: AuditReport }) {
  const { realFollowers, fakeShare, afterPurge, followerBase, qualityScore, uncertainty } = props.report;
  const confidence = formatConfidence(uncertainty.confidence);
  const kindWords = kindShareWords(props.report);
  const realFoot = `of ${formatCount(followerBase.count)} (${baseWords(props.report)})`;
  return (
    <>
      <section class="stats" aria-label="Estimates">
        {pointMayBeOff(props.report) ? (
          <>
            <RangeStat
              id="real-followers"
              label="Real followers"
              confidence={confidence}
              range={formatCountRange(realFollowers.low, realFollowers.high)}
              reading={formatCount(realFollowers.estimate)}
              foot={realFoot}
            />
            <RangeStat
              id="fake-share"
              label="Fake share"
              confidence={confidence}
              range={formatShareRange(fakeShare.low, fakeShare.high)}
              reading={formatShare(fakeShare.estimate)}
              foot={FAKE_SHARE_SOURCE}
            />
          </>
        ) : (
          <>
            <Stat
              id="real-followers"
              label="Real followers"
              value={formatCount(realFollowers.estimate)}
              interval={`${confidence} ${formatCountRange(realFollowers.low, realFollowers.high)}`}
              foot={realFoot}
            />
            <Stat
              id="fake-share"
              label="Fake share"
              value={formatShare(fakeShare.estimate)}
              interval={`${confidence} ${formatShareRange(fakeShare.low, fakeShare.high)}`}
              foot={FAKE_SHARE_SOURCE}
            />
          </>
        )}
        <Stat
          id="after-purge"
          label="After a purge"
          value={formatCount(afterPurge.estimate)}
          interval={
            afterPurge.low === afterPurge.high
              ? 'every follower scored: no sampling error'
              : `${confidence} ${formatCountRange(afterPurge.low, afterPurge.high)}`
          }
          foot="left if the suspicious followers were removed"
        />
        <Stat
          id="quality-score"
          label="Quality score"
          value={`${formatPoints(qualityScore.score)} / 100`}
          interval="an open formula"
          foot="its parts are below"
        />
      </section>
      {kindWords === null ? null : (
        <p class="note" id="kind-shares">
          By kind: {kindWords}
        </p>
      )}
    </>
  );
}

function HistogramCard(props: { report: AuditReport }) {
  const { edges, counts } = props.report.pFakeHistogram;
  const threshold = props.report.thresholds.suspiciousPFake;
  const bins = counts
    .map(
      (count, i) => `${(edges[i] ?? 0).toFixed(1)}–${(edges[i + 1] ?? 1).toFixed(1)}: ${formatCount(count)}`,
    )
    .join('; ');
  const description = `Followers per p(fake) bin, the suspicious threshold at ${threshold}. ${bins}.`;
  return (
    <section class="card">
      <h2>p(fake) of the followers</h2>
      <div
        class="uplot-chart"
        id="p-fake-histogram"
        role="img"
        aria-label={`Followers by p(fake). ${description}`}
        data-chart="histogram"
        data-values={JSON.stringify({ edges, counts, threshold })}
      />
      <noscript>
        {raw(renderHistogram({ title: 'Followers by p(fake)', description }, { edges, counts, threshold }))}
      </noscript>
      <p class="note">{SCORES_NOTE}</p>
    </section>
  );
}

function AudienceTypesCard(props: { report: AuditReport }) {
  const { audienceTypes } = props.report;
  const chart = renderShareBars(
    {
      title: 'Audience types',
      description: audienceTypes
        .map((entry) => `${entry.type} ${formatShare(entry.share)} (${formatCount(entry.count)})`)
        .join(', '),
    },
    audienceTypes.map((entry) => ({ ...entry, label: entry.type, tone: toneOf(entry.type) })),
  );
  return (
    <section class="card">
      <h2>Audience types</h2>
      {raw(chart)}
      <ul class="rules">
        {audienceTypes.map((entry) => (
          <li>
            <strong>{entry.type}</strong>: {entry.rule}
          </li>
        ))}
      </ul>
    </section>
  );
}

function ReachabilityCard(props: { report: AuditReport }) {
  const { reachability, reachabilityUnknown } = props.report;
  const known = reachability.reduce((sum, band) => sum + band.count, 0);
  const chart = renderShareBars(
    {
      title: 'Reachability: accounts each follower follows',
      description: reachability
        .map((band) => `following ${band.band}: ${formatShare(band.share)} (${formatCount(band.count)})`)
        .join(', '),
    },
    reachability.map((band, index) => ({
      ...band,
      label: `follows ${band.band}`,
      tone: `band-${index + 1}`,
    })),
  );
  return (
    <section class="card">
      <h2>Reachability</h2>
      {raw(chart)}
      <p class="note">
        {`Shares of the ${countOf(known, 'follower')} whose following count is known; ${formatCount(reachabilityUnknown)} unknown ${nounFor(reachabilityUnknown, 'is', 'are')} left out.`}
      </p>
    </section>
  );
}

function QualityCard(props: { report: AuditReport }) {
  const { score, parts } = props.report.qualityScore;
  const chart = renderScoreBar(
    {
      title: `Audience quality score ${formatPoints(score)} of 100`,
      description: parts.map((part) => `${part.name} ${formatPoints(part.points)} points`).join(', '),
    },
    parts,
  );
  return (
    <section class="card">
      <h2>{`Audience quality score: ${formatPoints(score)} / 100`}</h2>
      {raw(chart)}
      <ul class="parts">
        {parts.map((part) => (
          <li>
            <div class="part-head">
              <span>
                <span class={`swatch tone-${part.name}`} />
                <strong>{part.name}</strong>
              </span>
              <span>{`${formatPoints(part.points)} points`}</span>
            </div>
            <p class="note">
              {`weight ${formatProbability(part.weight)} × value ${formatProbability(part.value)} × 100; value: ${part.formula}`}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}

function EngagementCard(props: { report: AuditReport }) {
  const { engagement, uncertainty } = props.report;
  if (engagement === null)
    return (
      <section class="card" id="engagement">
        <h2>Engagement</h2>
        <p class="note">
          Not measured: no posts were given. Upload the profile's recent posts with the followers.
        </p>
      </section>
    );
  const { benchmark } = engagement;
  const facts: [string, string][] = [
    [
      'Posts',
      `${formatCount(engagement.posts)} recent posts, ${formatCount(engagement.meanInteractions)} interactions each on average`,
    ],
    ['By followers', formatShare(engagement.rateByFollowers)],
    [
      'By real followers',
      pointMayBeOff(props.report)
        ? formatShareRangeFirst(engagement.rateByRealFollowers, uncertainty.confidence)
        : `${formatShare(engagement.rateByRealFollowers.estimate)} (${formatConfidence(uncertainty.confidence)} ${formatShareRange(engagement.rateByRealFollowers.low, engagement.rateByRealFollowers.high)})`,
    ],
    [
      'Benchmark',
      `${formatShareRange(benchmark.low, benchmark.high)} for ${engagement.tier}: engagement is ${engagement.verdict} it`,
    ],
  ];
  return (
    <section class="card" id="engagement">
      <h2>Engagement</h2>
      <dl class="facts">
        {facts.map(([term, text]) => (
          <>
            <dt>{term}</dt>
            <dd>{text}</dd>
          </>
        ))}
      </dl>
      <details class="source">
        <summary>The benchmark's source</summary>
        <p class="note">{benchmark.source}</p>
      </details>
    </section>
  );
}

function RedFlagsCard(props: { report: AuditReport }) {
  const { redFlags, profile } = props.report;
  return (
    <section class="card" id="red-flags">
      <h2>Red flags</h2>
      {redFlags.length === 0 ? (
        <p class="note">
          {`None found.${profile === null ? ' No profile was given, so its checks did not run.' : ''}`}
        </p>
      ) : (
        <ul class="flags">
          {redFlags.map((flag) => (
            <li class={`flag-${flag.severity}`}>
              <span class={`badge severity-${flag.severity}`}>{flag.severity}</span>
              {flag.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function SuspiciousFollowersCard(props: { audit: StoredAudit; followers: FollowerResult[] }) {
  const { audit, followers } = props;
  return (
    <section class="card" id="most-suspicious">
      <h2>{`Most suspicious followers (${followers.length} of ${formatCount(audit.followersRead)})`}</h2>
      {followers.length === 0 ? (
        <p class="note">No per-follower rows were saved with this audit.</p>
      ) : (
        <>
          <FollowerTable followers={followers} />
          <p>
            <a href={followersPath(audit.id)} id="browse-followers">
              {`Browse all ${formatCount(audit.followersRead)} followers, with filters →`}
            </a>
          </p>
        </>
      )}
    </section>
  );
}

/** A warning: its point (what it means, what to do) first, its statistics one click below. */
function Warning(props: {
  id: string;
  tone: 'alert' | 'warning';
  point: string;
  review?: string;
  note: string;
  /** The statistical headline, when the range leads and it would only repeat the h1 and the cards above. */
  headline?: string;
}) {
  return (
    <li class={`flag-${props.tone}`} id={props.id}>
      <p class="point">
        {props.point}
        {props.review !== undefined && (
          <>
            {' '}
            <a href={props.review}>{VERIFY_WORDS}</a>.
          </>
        )}
      </p>
      <details>
        <summary>Why: the statistics</summary>
        {props.headline !== undefined && <p class="headline">{`${props.headline}.`}</p>}
        <p>{props.note}</p>
      </details>
    </li>
  );
}

/**
 * What must be read before the numbers: a large domain shift (or too few followers for the shift test to check), and
 * a follower list from another platform.
 */
function HeroCautions(props: { report: AuditReport; auditId: number }) {
  const { report } = props;
  const mismatch = report.redFlags.find((flag) => flag.code === 'platform-mismatch');
  const { large, tooFewToCheck, note } = report.domainShift;
  if (!large && !tooFewToCheck && mismatch === undefined) return null;
  // the review page labels a sample, unless labels already settled the audit
  const review = report.verification === undefined ? `${auditPath(props.auditId)}/review` : undefined;
  return (
    <ul class="flags">
      {mismatch !== undefined && (
        <li class="flag-alert" id="platform-mismatch">
          {`Check the upload: ${mismatch.message}.`}
        </li>
      )}
      {large && (
        <Warning
          id="domain-shift"
          tone="alert"
          point={shiftWarningPoint(report)}
          review={review}
          note={note}
          headline={pointMayBeOff(report) ? report.headline : undefined}
        />
      )}
      {!large && tooFewToCheck && (
        <Warning
          id="too-few-to-check"
          tone="warning"
          point={tooFewWarningPoint(report)}
          review={review}
          note={note}
        />
      )}
    </ul>
  );
}

/** Downloads of the audit in each of the report's forms, and its deletion. */
function AuditActions(props: { audit: StoredAudit }) {
  const path = auditPath(props.audit.id);
  return (
    <nav class="actions" aria-label="This audit">
      <a class="button" href={`${path}/report.html`} download>
        Download report (HTML)
      </a>
      <a class="button" href={`${path}/followers.csv`} download>
        Followers (CSV)
      </a>
      <a class="button" href={`${path}/report.json`} download>
        Report (JSON)
      </a>
      <a class="button" href={`${path}/review`} id="review-link">
        Check it: label followers…
      </a>
      <a class="button danger" href={`${path}/delete`}>
        Delete…
      </a>
    </nav>
  );
}

function MethodCard(props: { report: AuditReport }) {
  const { report } = props;
  const { mcc, rocAuc, ece } = report.model.crossValidated;
  const facts: [string, string][] = [
    ['Sample', report.sample.note],
    ['Input', inputWords(report)],
    ...report.input.rejectedExamples.map((example): [string, string] => ['Rejected', example]),
    ['Model', `${report.model.name}: ${report.model.description}`],
    [
      'Cross-validated',
      `MCC ${formatMetric(mcc)}, ROC AUC ${rocAuc === null ? 'n/a' : formatMetric(rocAuc)}, ECE ${formatMetric(ece)} (the model card)`,
    ],
    ['Thresholds', thresholdWords(report)],
    ['Uncertainty', `${uncertaintyWords(report)}. ${report.uncertainty.method}`],
    [
      'Domain shift',
      `${formatShare(report.domainShift.unlikeShare)} of followers unlike the training data. ${report.domainShift.note}`,
    ],
  ];
  return (
    <section class="card">
      <h2>How this was measured</h2>
      <dl class="facts">
        {facts.map(([term, text]) => (
          <>
            <dt>{term}</dt>
            <dd>{text}</dd>
          </>
        ))}
      </dl>
    </section>
  );
}

export function AuditPage(props: {
  audit: StoredAudit;
  suspicious: FollowerResult[];
  followOrder?: FollowOrderView;
}) {
  const { audit } = props;
  const { report } = audit;
  return (
    <PageShell title={`Audit #${audit.id}`} signedIn charts>
      <header class="hero">
        <p class="eyebrow">
          {`Audit #${audit.id} · saved ${formatSavedAt(audit.createdAt)}`}
          {audit.profile !== null && (
            <>
              {' · '}
              <a href={profilePath(audit.profile)}>{profileName(audit.profile)}</a>
            </>
          )}
        </p>
        <h1 id="headline">{plainHeadline(report)}</h1>
        <HeroCautions report={report} auditId={audit.id} />
        <p class="sub" id="headline-details">
          {/* when the range leads, the statistical headline is one click below, in the warning's statistics */}
          {`${pointMayBeOff(report) ? '' : `${report.headline}. `}${scoredWords(report)} scored by the ${report.model.name} model.`}
        </p>
        <AuditActions audit={audit} />
      </header>
      <Estimates report={report} />
      <div class="grid three">
        <HistogramCard report={report} />
        <AudienceTypesCard report={report} />
        <ReachabilityCard report={report} />
      </div>
      <div class="grid three">
        <QualityCard report={report} />
        <EngagementCard report={report} />
        <RedFlagsCard report={report} />
      </div>
      <SuspiciousFollowersCard audit={audit} followers={props.suspicious} />
      {props.followOrder && <FollowOrderCard view={props.followOrder} />}
      <MethodCard report={report} />
    </PageShell>
  );
}
