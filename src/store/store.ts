// The Store interface: what keeping audits, follower-count history and API tokens means, whichever database holds them.
import type { AudienceType, AuditReport, FollowerResult, Interval } from '../audit/report-schema.ts';
import type { Platform } from '../core/account.ts';
import type { FollowerCountSnapshot } from '../core/snapshot.ts';
import type { AuditJobStore, PositionedFollower } from './jobs/audit-job-store.ts';
import type { FetchJobStore } from './jobs/fetch-job-store.ts';
import type { ValueStore } from './value-store.ts';

/** A profile as the store knows it: its platform id, its handle, or both. */
export interface ProfileRef {
  platform: Platform;
  id: string | null;
  handle: string | null;
}

/** Picks one profile's audits: by platform id when given, else by handle. */
export interface ProfileFilter {
  platform: Platform;
  id?: string;
  handle?: string;
}

/** One saved audit's headline, as the audits list shows it. */
export interface AuditSummary {
  id: number;
  createdAt: Date;
  profile: ProfileRef | null;
  model: string;
  headline: string;
  followersRead: number;
  fakeShare: Interval;
  realFollowers: Interval;
  qualityScore: number;
}

export interface StoredAudit extends AuditSummary {
  report: AuditReport;
}

export interface AuditListOptions {
  profile?: ProfileFilter;
  limit: number;
  offset?: number;
}

export type FollowerSort = 'pFake desc' | 'pFake asc';

export interface FollowerPageOptions {
  type?: AudienceType;
  /** Only followers with p(fake) at or above this. */
  minPFake?: number;
  /** Only followers with p(fake) at or below this. */
  maxPFake?: number;
  /** Only followers one of whose reasons contains this text (any case). */
  reason?: string;
  sort: FollowerSort;
  limit: number;
  /** The `nextCursor` of the previous page: the page starts right after it. */
  cursor?: string;
  /** Rows to skip (after the cursor, when both are given). */
  offset?: number;
}

export interface FollowerPage {
  followers: FollowerResult[];
  /** Where the next page starts; null on the last page. */
  nextCursor: string | null;
}

/** One follower of a saved audit in the order it was saved (the input's order), for the follow-order picture. */
export interface FollowOrderRow {
  /** 0-based place in the list the audit was saved with. */
  position: number;
  /** The follower's platform id. */
  id: string;
  handle: string | null;
  type: AudienceType;
  pFake: number;
  /** ISO 8601; null when the source did not give it (or the audit was saved before creation dates were kept). */
  createdAt: string | null;
}

export interface ApiToken {
  id: number;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** A new token: `token` is shown once and never stored, only its SHA-256 hash is. */
export interface CreatedToken {
  id: number;
  name: string;
  token: string;
}

/** Reasons to give a saved follower row (by its position) that has none: the explained followers of a merged audit. */
export interface PositionedReasons {
  position: number;
  reasons: string[];
}

export interface SaveAuditOptions {
  /** The profile's follower count when it was audited: saved in the audit's own transaction. */
  snapshot?: FollowerCountSnapshot;
}

export interface CreatedSession {
  /** The cookie's value: `rs_` and 32 random bytes; never an API token. */
  secret: string;
  expiresAt: Date;
}

export interface Store {
  /** Campaigns, tracked links, click hits and conversions (the value stage's records). */
  readonly value: ValueStore;
  /** Audits submitted as jobs, their shards and partial results. */
  readonly jobs: AuditJobStore;
  /** Fetches submitted as jobs and their pages of followers. */
  readonly fetchJobs: FetchJobStore;
  /**
   * Saves a report, its per-follower rows and the profile's follower-count snapshot in one transaction: all of
   * them or nothing. Returns the audit's id.
   */
  saveAudit(
    report: AuditReport,
    followers: AsyncIterable<FollowerResult> | Iterable<FollowerResult>,
    options?: SaveAuditOptions,
  ): Promise<number>;
  /**
   * Saves the audit of an open job under the id the job reserved and closes the job (`done`, with that audit and the
   * report's notes) in one transaction: an audit is saved exactly when its job is done, so a failure between the two
   * never leaves an audit whose job is still open (to be saved again) or a job done without its audit. The shards
   * saved the followers' rows already (they count as the audit's from this commit on); `staged` holds the followers
   * scored at the merge (a sample's) and the explained followers' reasons. `saved-before` when that job was closed with
   * this audit already (a merge retried); `not-open` when the job was cancelled or failed meanwhile (nothing saved).
   */
  saveJobAudit(
    job: { jobId: number; auditId: number; notes: readonly string[] },
    report: AuditReport,
    staged: { followers: readonly PositionedFollower[]; reasons: readonly PositionedReasons[] },
    options?: SaveAuditOptions,
  ): Promise<'saved' | 'saved-before' | 'not-open'>;
  getAudit(id: number): Promise<StoredAudit | undefined>;
  /** Newest first. */
  listAudits(options: AuditListOptions): Promise<AuditSummary[]>;
  /** One page of an audit's followers; undefined when there is no such audit. */
  pageFollowers(auditId: number, options: FollowerPageOptions): Promise<FollowerPage | undefined>;
  /** Deletes an audit and its follower rows in one transaction; false when there was no such audit. */
  deleteAudit(id: number): Promise<boolean>;
  /** The audit's first `limit` followers in saved order; undefined when there is no such audit. */
  listFollowOrder(auditId: number, limit: number): Promise<FollowOrderRow[] | undefined>;
  /** Records a follower count; the same profile, time and source recorded again is kept once. */
  addSnapshot(snapshot: FollowerCountSnapshot): Promise<void>;
  /** Oldest first. */
  listSnapshots(platform: Platform, profileId: string): Promise<FollowerCountSnapshot[]>;
  listProfiles(): Promise<ProfileRef[]>;
  createToken(name: string): Promise<CreatedToken>;
  /** The live token the string is, its last use recorded (to the minute); undefined for unknown and revoked tokens. */
  verifyToken(token: string): Promise<ApiToken | undefined>;
  listTokens(): Promise<ApiToken[]>;
  /** True when the token was live and is now revoked (its dashboard sessions end with it). */
  revokeToken(id: number): Promise<boolean>;
  /** A dashboard session signed in with a live token, ending after `lifetimeMs`: its secret is shown once, only its hash kept. */
  createSession(tokenId: number, lifetimeMs: number): Promise<CreatedSession>;
  /** The token of a live session (not expired, not ended, its token not revoked); undefined otherwise. Reads only. */
  verifySession(secret: string): Promise<ApiToken | undefined>;
  /** Ends the session (sign-out): its secret no longer signs anyone in. Expired sessions are removed too. */
  endSession(secret: string): Promise<void>;
  close(): Promise<void>;
}
