// The review page of an audit: the drawn followers one by one with their profile link and three buttons (fake, real, unsure), the progress, and the audit re-estimated from the labels so far.
/** @jsxRuntime automatic @jsxImportSource hono/jsx (here, not only in tsconfig: `realreach serve` may run from any folder) */
import type { AuditReport } from '../../../audit/report-schema.ts';
import type { ReviewLabel } from '../../../audit/verification/review-file.ts';
import { countOf } from '../../../core/plural.ts';
import type { StoredAudit } from '../../../store/store.ts';
import type { ReviewFollower, SavedAuditReview } from '../../http/saved-audit-review.ts';
import { FACTS_NOT_STORED, followerFactRows } from '../../report/words/follower-facts-words.ts';
import { formatProbability } from '../../report/words/report-numbers.ts';
import { VERIFICATION_TITLE, verificationFacts } from '../../report/words/verification-words.ts';
import { auditPath } from '../dashboard-paths.ts';
import { PageShell } from '../page-layout.tsx';

/** The labels so far as one character per drawn follower, in draw order: f, r, u, or - for not yet. */
export const LABEL_CODES: Record<ReviewLabel, string> = { fake: 'f', real: 'r', unsure: 'u' };
const LABEL_OF_CODE: Record<string, ReviewLabel> = { f: 'fake', r: 'real', u: 'unsure' };

export function labelsOfCodes(
  codes: string,
  followers: readonly ReviewFollower[],
): { id: string; label: ReviewLabel }[] {
  return followers.flatMap((follower, i) => {
    const label = LABEL_OF_CODE[codes[i] ?? '-'];
    return label === undefined ? [] : [{ id: follower.id, label }];
  });
}

/** The labels with the most recent one (the last given, labels go in order) taken back. */
function withoutLastLabel(codes: string): string {
  const last = Math.max(codes.lastIndexOf('f'), codes.lastIndexOf('r'), codes.lastIndexOf('u'));
  return last < 0 ? codes : `${codes.slice(0, last)}-${codes.slice(last + 1)}`.replace(/-+$/, '');
}

export function reviewPath(auditId: number, state: { seed: number; n: number; labels?: string }): string {
  const query = new URLSearchParams({ seed: String(state.seed), n: String(state.n) });
  if (state.labels) query.set('labels', state.labels);
  return `${auditPath(auditId)}/review?${query}`;
}

function FollowerCard(props: {
  audit: StoredAudit;
  review: SavedAuditReview;
  codes: string;
  at: number;
  follower: ReviewFollower;
}) {
  const { audit, review, codes, at, follower } = props;
  const name = follower.handle ? `@${follower.handle}` : `id ${follower.id}`;
  return (
    <section class="card review-follower" id="current-follower">
      <p class="eyebrow">{`Follower ${at + 1} of ${review.followers.length}`}</p>
      <h2>
        {follower.profileUrl ? (
          <a href={follower.profileUrl} target="_blank" rel="noopener noreferrer nofollow" id="profile-link">
            {`${name} ↗`}
          </a>
        ) : (
          name
        )}
      </h2>
      <p class="sub">
        {follower.profileUrl
          ? `Open the profile on ${follower.platform} and judge it: does a real person (or organisation) stand behind it?`
          : `This ${follower.platform} account has no public profile page we can link to; judge it by the facts below.`}
      </p>
      <h3>The profile, as the list had it</h3>
      {follower.facts === null ? (
        <p class="note" id="facts-not-stored">{`Profile facts ${FACTS_NOT_STORED}`}</p>
      ) : (
        <dl class="facts" id="profile-facts">
          {followerFactRows(follower.facts, follower.createdAt).map(([term, text]) => (
            <>
              <dt>{term}</dt>
              <dd>{text}</dd>
            </>
          ))}
        </dl>
      )}
      <h3>What the model says</h3>
      <dl class="facts">
        <dt>Model's p(fake)</dt>
        <dd>{`${formatProbability(follower.pFake)} (band ${follower.stratum})`}</dd>
        <dt>Audience type</dt>
        <dd>{follower.type}</dd>
        <dt>Why, says the model</dt>
        <dd>
          {follower.reasons.length > 0
            ? follower.reasons.join('; ')
            : 'none kept: the audit explains only its most suspicious followers, so judge this one by its profile'}
        </dd>
      </dl>
      <form method="post" action={`${auditPath(audit.id)}/review`} class="review-buttons">
        <input type="hidden" name="seed" value={String(review.seed)} />
        <input type="hidden" name="n" value={String(review.n)} />
        <input type="hidden" name="labels" value={codes} />
        <input type="hidden" name="at" value={String(at)} />
        <button type="submit" name="label" value="fake" class="label-fake">
          Fake
        </button>
        <button type="submit" name="label" value="real" class="label-real">
          Real
        </button>
        <button type="submit" name="label" value="unsure" class="label-unsure">
          Unsure
        </button>
      </form>
    </section>
  );
}

function EstimateCard(props: { report: AuditReport | undefined; labelled: number }) {
  const { report, labelled } = props;
  if (report?.verification === undefined)
    return (
      <section class="card" id="re-estimate">
        <h2>{VERIFICATION_TITLE}</h2>
        <p class="note">
          The audit is re-estimated from your labels as soon as there is one: every label corrects the model
          where it is wrong, and the interval holds whatever the model's bias.
        </p>
      </section>
    );
  return (
    <section class="card" id="re-estimate">
      <h2>{`${VERIFICATION_TITLE} (${labelled} so far)`}</h2>
      <p id="re-estimated-headline">{report.headline}</p>
      <dl class="facts">
        {verificationFacts(report.verification).map(([term, text]) => (
          <>
            <dt>{term}</dt>
            <dd>{text}</dd>
          </>
        ))}
      </dl>
    </section>
  );
}

export function ReviewPage(props: {
  audit: StoredAudit;
  review: SavedAuditReview;
  codes: string;
  report: AuditReport | undefined;
}) {
  const { audit, review, codes, report } = props;
  const total = review.followers.length;
  const labelled = labelsOfCodes(codes, review.followers).length;
  const at = review.followers.findIndex((_, i) => LABEL_OF_CODE[codes[i] ?? '-'] === undefined);
  const current = at < 0 ? undefined : review.followers[at];
  return (
    <PageShell title={`Check audit #${audit.id}`} signedIn current="audits">
      <header class="hero">
        <p class="eyebrow">
          <a href={auditPath(audit.id)}>{`← Audit #${audit.id}`}</a>
        </p>
        <h1>Check the audit with your own eyes</h1>
        <p class="sub">
          {`${countOf(total, 'follower')} drawn at random from each p(fake) band in proportion to its size, at least 2 from every band (seed ${review.seed}). Label each one fake, real or unsure; the figure below is re-estimated from your labels and every follower's score.`}
        </p>
        <p id="review-progress">
          <progress max={String(total)} value={String(labelled)} />
          {` ${labelled} of ${total} labelled`}
        </p>
      </header>
      {current === undefined ? (
        <section class="card" id="review-done">
          <h2>{total === 1 ? 'The one follower is labelled' : `All ${total} labelled`}</h2>
          <p>The estimate below uses every label.</p>
        </section>
      ) : (
        <FollowerCard audit={audit} review={review} codes={codes} at={at} follower={current} />
      )}
      <EstimateCard report={report} labelled={labelled} />
      <nav class="actions" aria-label="This review">
        {labelled > 0 && (
          <a
            class="button"
            id="undo-label"
            href={reviewPath(audit.id, { seed: review.seed, n: review.n, labels: withoutLastLabel(codes) })}
          >
            Undo the last label
          </a>
        )}
        {labelled > 0 && (
          <a
            class="button"
            href={`${auditPath(audit.id)}/review.csv?${new URLSearchParams({ seed: String(review.seed), n: String(review.n), labels: codes })}`}
            download
          >
            Labels (CSV)
          </a>
        )}
        <a class="button" href={reviewPath(audit.id, { seed: review.seed, n: review.n })}>
          Start over
        </a>
        <a class="button" href={reviewPath(audit.id, { seed: review.seed + 1, n: review.n })}>
          Draw another sample
        </a>
      </nav>
    </PageShell>
  );
}
