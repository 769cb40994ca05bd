// The review of a saved audit, for the API and the dashboard alike: its stratified sample drawn from the stored follower rows, and the audit re-estimated from labels on it.
import type { AuditReport, FollowerFacts, FollowerResult } from '../../audit/report-schema.ts';
import type { ReviewLabel } from '../../audit/verification/review-file.ts';
import { ReviewSampler } from '../../audit/verification/review-sample.ts';
import { describeStratum } from '../../audit/verification/review-strata.ts';
import { LabelledAudience } from '../../audit/verification/verify-audit.ts';
import { followerProfileUrl } from '../../core/profile-url.ts';
import type { Store, StoredAudit } from '../../store/store.ts';

/** Rows read from the store at a time while streaming an audit's followers. */
const PAGE = 5000;

export interface ReviewFollower {
  id: string;
  handle: string | null;
  platform: FollowerResult['platform'];
  /** The public profile page, when the platform has one. */
  profileUrl: string | null;
  pFake: number;
  /** The p(fake) band it was drawn from: `0.1–0.3`. */
  stratum: string;
  type: FollowerResult['type'];
  reasons: string[];
  /** When the account was created (ISO 8601); null when the source did not say or the audit did not keep it. */
  createdAt: string | null;
  /** The profile facts to judge it by; null when the audit was saved before they were stored. */
  facts: FollowerFacts | null;
}

export interface SavedAuditReview {
  n: number;
  seed: number;
  followers: ReviewFollower[];
  strata: { pFake: string; followers: number; drawn: number }[];
}

async function eachFollower(store: Store, auditId: number, visit: (follower: FollowerResult) => void) {
  let cursor: string | undefined;
  do {
    const page = await store.pageFollowers(auditId, { sort: 'pFake desc', limit: PAGE, cursor });
    if (page === undefined) return;
    for (const follower of page.followers) visit(follower);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
}

/** The same draw `realreach review` makes of the same followers with the same seed (keys hash seed and id). */
export async function drawSavedAuditReview(
  store: Store,
  audit: StoredAudit,
  n: number,
  seed: number,
): Promise<SavedAuditReview> {
  const sampler = new ReviewSampler<FollowerResult>(n, seed);
  await eachFollower(store, audit.id, (follower) => {
    sampler.offer(follower.id, follower, follower.pFake);
  });
  const sample = sampler.draw();
  return {
    n,
    seed,
    followers: sample.drawn.map(({ item, stratum }) => ({
      id: item.id,
      handle: item.handle,
      platform: item.platform,
      profileUrl: followerProfileUrl(item) ?? null,
      pFake: item.pFake,
      stratum: describeStratum(stratum),
      type: item.type,
      reasons: item.reasons,
      createdAt: item.createdAt ?? null,
      facts: item.facts ?? null,
    })),
    strata: sample.population.map((followers, h) => ({
      pFake: describeStratum(h),
      followers,
      drawn: sample.allocated[h] as number,
    })),
  };
}

/** The saved audit's report with the fake share re-estimated from `labels` (nothing is stored). */
export async function verifySavedAudit(
  store: Store,
  audit: StoredAudit,
  labels: readonly { id: string; label: ReviewLabel }[],
  source: string,
): Promise<AuditReport> {
  const labelled = new LabelledAudience({
    rows: labels.map((row, i) => ({ ...row, where: `${source}[${i}]` })),
    unlabelled: 0,
    problems: [],
  });
  await eachFollower(store, audit.id, (follower) => {
    labelled.add(follower.id, follower.pFake);
  });
  return labelled.verify(audit.report);
}
