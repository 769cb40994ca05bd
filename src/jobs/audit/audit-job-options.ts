// What a queued audit is asked to do, as stored with its job (JSON), and the audit options it becomes in a worker.
import type { AuditOptions, ReasonsMode } from '../../audit/audit-followers.ts';
import type { AudienceThresholds } from '../../audit/report-schema.ts';
import type { Account } from '../../core/account.ts';
import { accountFromJson } from '../../core/account-json.ts';
import type { Detector } from '../../model/detector.ts';

export interface QueuedAuditOptions {
  /** A bundled model's name; by default the one for the first follower's platform. */
  model?: string;
  profile?: Account;
  postInteractions?: number[];
  thresholds?: Partial<AudienceThresholds>;
  sampleSize?: number;
  seed?: number;
  recentIntake?: boolean;
  reasons?: ReasonsMode;
  tableSize?: number;
  explainTop?: number;
  mostSuspicious?: number;
  bootstrapReplicates?: number;
}

/** The options as read back from the job's JSON (the profile's times as Dates again). */
export function queuedOptionsFromJson(value: unknown): QueuedAuditOptions {
  const options = value as QueuedAuditOptions;
  return options.profile === undefined ? options : { ...options, profile: accountFromJson(options.profile) };
}

export function auditOptionsOf(options: QueuedAuditOptions, detector: Detector): AuditOptions {
  const { model: _model, ...rest } = options;
  return { ...rest, detectorFor: async () => detector };
}
