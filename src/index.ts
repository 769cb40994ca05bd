// The library API of realreach: read follower exports into Accounts, and the types that travel with them.
export type { Account, Label, LabelledAccount, Platform, SourceRef } from './core/account.ts';
export { ACCOUNT_FIELDS, LABELS, PLATFORMS } from './core/account.ts';
export type { RecordError } from './core/errors.ts';
export { formatRecordError, InputError } from './core/errors.ts';
export type { Format } from './ingest/format.ts';
export { FORMATS } from './ingest/formats/index.ts';
export { type InputSummary, inspectInput } from './ingest/inspect.ts';
export { type AccountReader, openAccountReader, type ReadItem, type ReadOptions } from './ingest/read.ts';
