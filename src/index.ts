// The library API of realreach: read follower exports into Accounts, extract features, score with a model, audit an audience, keep audits.
export { type AuditOptions, type AuditResult, auditFollowers } from './audit/audit-followers.ts';
export {
  type AuditReport,
  auditReportSchema,
  type FollowerResult,
  followerResultSchema,
  type Interval,
} from './audit/report-schema.ts';
export type { Account, Label, LabelledAccount, Platform, SourceRef } from './core/account.ts';
export { ACCOUNT_FIELDS, LABELS, PLATFORMS } from './core/account.ts';
export type { RecordError } from './core/errors.ts';
export { formatRecordError, InputError } from './core/errors.ts';
export type { FollowerCountSnapshot } from './core/snapshot.ts';
export {
  ALL_FEATURES,
  extractFeatures,
  FEATURES,
  type FeatureSpec,
  selectFeatures,
} from './features/index.ts';
export type { Format } from './ingest/format.ts';
export { FORMATS } from './ingest/formats/index.ts';
export { type InputSummary, inspectInput } from './ingest/inspect.ts';
export { type AccountReader, openAccountReader, type ReadItem, type ReadOptions } from './ingest/read.ts';
export {
  createDetector,
  type Detector,
  type FollowerScore,
  loadDetector,
  modelNameForPlatform,
  type Reason,
} from './model/detector.ts';
export { type ModelFile, readModelFile, readModelWithMembers } from './model/model-file.ts';
export { openStore } from './store/dialects/open-store.ts';
export type { Store } from './store/store.ts';
