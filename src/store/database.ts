// The store's tables as Kysely sees them: one row type per table, the same for SQLite and PostgreSQL.
import type { ColumnType, Generated } from 'kysely';
import type { AudienceType } from '../audit/report-schema.ts';
import type { Label, Platform } from '../core/account.ts';
import type { ConversionKind, ConversionSource } from '../value/campaign.ts';
import type { HitReason } from '../value/click-verdict.ts';

/** Times are written as ISO-8601 strings; SQLite gives them back as strings, PostgreSQL (timestamptz) as Dates. */
type Timestamp = ColumnType<Date | string, string, string>;
type OptionalTimestamp = ColumnType<Date | string | null, string | null, string | null>;

export interface ProfilesTable {
  id: Generated<number>;
  platform: Platform;
  /** The platform's id of the profile; null when only the handle is known. */
  platform_id: string | null;
  handle: string | null;
}

export interface AuditsTable {
  id: Generated<number>;
  profile_id: number | null;
  created_at: Timestamp;
  model: string;
  headline: string;
  followers_read: number;
  fake_share_estimate: number;
  fake_share_low: number;
  fake_share_high: number;
  real_followers_estimate: number;
  real_followers_low: number;
  real_followers_high: number;
  quality_score: number;
  schema_version: number;
  /** The whole AuditReport as JSON text. */
  report: string;
}

export interface AuditFollowersTable {
  audit_id: number;
  /** 0-based place of the follower in the list the audit was saved with. */
  position: number;
  follower_id: string;
  handle: string | null;
  platform: Platform;
  p_fake: number;
  type: AudienceType;
  /** 1 when the follower is unlike the model's training data, else 0 (SQLite has no boolean). */
  unlike_training: number;
  /** The reasons as a JSON array of strings. */
  reasons: string;
  source: string;
  label: Label | null;
  /** When the follower's account was created, ISO 8601 text in both dialects (migration 0015); null when unknown. */
  created_at: ColumnType<string | null, string | null | undefined, string | null>;
  /** The follower's profile facts (FollowerFacts) as JSON text (migration 0016); null in rows saved before. */
  facts: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface FollowerCountSnapshotsTable {
  id: Generated<number>;
  profile_id: number;
  observed_at: Timestamp;
  followers_count: number;
  following_count: number | null;
  posts_count: number | null;
  source: string;
}

export interface DashboardSessionsTable {
  /** SHA-256 of the session's secret, hex. */
  secret_hash: string;
  token_id: number;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface ApiTokensTable {
  id: Generated<number>;
  name: string;
  /** SHA-256 of the token, hex; the token itself is never stored. */
  token_hash: string;
  created_at: Timestamp;
  last_used_at: OptionalTimestamp;
  revoked_at: OptionalTimestamp;
}

/** 64-bit integers: PostgreSQL's bigint comes back as a string, SQLite's integer as a number. */
type BigCount = ColumnType<number | string, number, number>;
type OptionalBigCount = ColumnType<number | string | null, number | null, number | null>;

export interface CampaignsTable {
  id: Generated<number>;
  name: string;
  brand: string | null;
  starts_on: string | null;
  ends_on: string | null;
  cost_minor: BigCount;
  currency: string;
  created_at: Timestamp;
}

export interface CampaignProfilesTable {
  campaign_id: number;
  profile_id: number;
  cost_minor: OptionalBigCount;
}

export interface TrackedLinksTable {
  id: Generated<number>;
  campaign_id: number;
  profile_id: number;
  slug: string;
  target: string;
  created_at: Timestamp;
}

export interface ClickHitsTable {
  id: Generated<number | string>;
  click_id: string;
  link_id: number;
  at: Timestamp;
  /** Hash of the day's salt, IP and user agent: never the IP. */
  visitor_key: string;
  referrer_host: string | null;
  method: string;
  reason: HitReason;
}

export interface VisitorSaltsTable {
  day: string;
  salt: string;
}

export interface ConversionsTable {
  id: Generated<number>;
  campaign_id: number | null;
  kind: ConversionKind;
  external_id: string | null;
  click_id: string | null;
  amount_minor: OptionalBigCount;
  currency: string | null;
  code: string | null;
  occurred_at: Timestamp;
  received_at: Timestamp;
  source: ConversionSource;
}

export interface WebhookDeliveriesTable {
  /** The v1 signature of a delivery already taken: the same signed message again is a replay. */
  signature: string;
  received_at: Timestamp;
}

/** A submitted audit: what it reads (its shards) and where it stands. */
export interface AuditJobsTable {
  id: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Who submitted it (an API token's name, or the CLI): the cap on queued work is per owner. */
  owner: string;
  state: string;
  input_name: string;
  format: string;
  /** The reader's notes, as a JSON array of strings. */
  notes: string;
  model: string;
  /** The audit's options (and the profile), as JSON. */
  options: string;
  /** PostgreSQL returns bigint as text. */
  records: ColumnType<number | string, number, number>;
  followers: ColumnType<number | string, number, number>;
  shard_count: number;
  audit_id: number | null;
  /** The audit's id, reserved when the job is made: each shard writes its followers' rows under it. */
  staged_audit_id: number | null;
  error: string | null;
}

export interface AuditJobShardsTable {
  job_id: number;
  shard: number;
  first_position: ColumnType<number | string, number, number>;
  records: number;
  /** The shard's records as gzipped JSON lines. */
  input: Buffer;
  /** The shard's AuditPartial as JSON, once scored; written once. */
  partial: string | null;
  scored: number | null;
  attempts: Generated<number>;
  finished_at: OptionalTimestamp;
}

export interface FetchJobsTable {
  id: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  owner: string;
  state: string;
  /** The profile as the user named it: `@alice@mastodon.social`, `bsky:alice.bsky.social`, `x:alice`. */
  profile_ref: string;
  platform: string;
  base_url: string | null;
  max: ColumnType<number | string | null, number | null, number | null>;
  /** The request budget asked for, as JSON `{requests, windowMs}`; null for the platform's published one. */
  rate_limit: string | null;
  /** When set, the audit to queue once the fetch ends (its options as JSON). */
  audit_options: string | null;
  /** The profile as a realreach record (JSON), once looked up. */
  profile: string | null;
  snapshot: string | null;
  next_cursor: string | null;
  pages_done: Generated<number>;
  list_ended: Generated<number>;
  followers_fetched: ColumnType<number | string, number | undefined, number>;
  followers_withheld: ColumnType<number | string, number | undefined, number>;
  followers_rejected: ColumnType<number | string, number | undefined, number>;
  incomplete_because: string | null;
  audit_job_id: number | null;
  error: string | null;
  /** When the saved pages were dropped (followers consumed, retention over); null while they are kept. */
  pages_dropped_at: OptionalTimestamp;
  page_bytes_dropped: ColumnType<number | string, number | undefined, number>;
}

export interface FetchJobPagesTable {
  job_id: number;
  page: number;
  /** The page's followers as gzipped realreach JSON lines, in the order the platform listed them. */
  followers: Buffer;
  count: number;
  /** The listed accounts the mapper could not read, as a JSON array of messages. */
  rejected: string;
  fetched_at: string;
}

export interface RateSlotsTable {
  /** sha256 of platform, API base, endpoint family and API key: the key itself is never stored. */
  bucket: string;
  platform: string;
  purpose: string;
  next_slot_ms: ColumnType<number | string, number, number>;
  paused_until_ms: ColumnType<number | string, number, number>;
  seen_ms: ColumnType<number | string, number, number>;
  /** The spacing the platform's stated limit implies (0 until it said one): slots are never closer. */
  server_interval_ms: ColumnType<number | string, number | undefined, number>;
}

export interface Database {
  fetch_jobs: FetchJobsTable;
  fetch_job_pages: FetchJobPagesTable;
  rate_slots: RateSlotsTable;
  audit_jobs: AuditJobsTable;
  audit_job_shards: AuditJobShardsTable;
  profiles: ProfilesTable;
  audits: AuditsTable;
  audit_followers: AuditFollowersTable;
  follower_count_snapshots: FollowerCountSnapshotsTable;
  api_tokens: ApiTokensTable;
  dashboard_sessions: DashboardSessionsTable;
  campaigns: CampaignsTable;
  campaign_profiles: CampaignProfilesTable;
  tracked_links: TrackedLinksTable;
  click_hits: ClickHitsTable;
  visitor_salts: VisitorSaltsTable;
  conversions: ConversionsTable;
  webhook_deliveries: WebhookDeliveriesTable;
}

/** The SQL dialects the store runs on. */
export type DialectName = 'sqlite' | 'postgres';
