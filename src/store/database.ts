// The store's tables as Kysely sees them: one row type per table, the same for SQLite and PostgreSQL.
import type { ColumnType, Generated } from 'kysely';
import type { AudienceType } from '../audit/report-schema.ts';
import type { Label, Platform } from '../core/account.ts';

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

export interface ApiTokensTable {
  id: Generated<number>;
  name: string;
  /** SHA-256 of the token, hex; the token itself is never stored. */
  token_hash: string;
  created_at: Timestamp;
  last_used_at: OptionalTimestamp;
  revoked_at: OptionalTimestamp;
}

export interface Database {
  profiles: ProfilesTable;
  audits: AuditsTable;
  audit_followers: AuditFollowersTable;
  follower_count_snapshots: FollowerCountSnapshotsTable;
  api_tokens: ApiTokensTable;
}

/** The SQL dialects the store runs on. */
export type DialectName = 'sqlite' | 'postgres';
