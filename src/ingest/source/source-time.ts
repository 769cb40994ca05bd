// Whether an account's capture time is a fact (from its record, or stated by the user) or only the reader's stand-in (the file's or the upload's time).
import type { Account } from '../../core/account.ts';
import type { AccountReader } from '../read.ts';

/**
 * The account as its source knows it: its `observedAt` kept when the record carried one or the user stated it
 * (`stated`), dropped when the reader filled in the file's modification time or the moment of an upload. A profile's
 * follower count is a point of its history only at the time it was really read; a file time drawn as an observation
 * would make four uploads of one static file look like a flat history.
 */
export function withSourceTimeOnly(
  account: Account,
  reader: AccountReader,
  stated: Date | undefined,
): Account {
  if (stated !== undefined || account.observedAt !== reader.defaultObservedAt) return account;
  const { observedAt: _standIn, ...rest } = account;
  return rest;
}
