// Maps the accounts an API page lists with ingest's mapper for that platform, keeping those it cannot read as record errors.
import type { Account } from '../../core/account.ts';
import { FieldError, type RecordError } from '../../core/errors.ts';
import type { MappedAccount } from '../../ingest/format.ts';

export interface ListedAccounts {
  accounts: Account[];
  rejected: RecordError[];
}

export interface PageOrigin {
  /** The connector's format name in `source`: `mastodon-api`, `bluesky-api`, `x-api-v2`. */
  format: string;
  /** The request that listed them. */
  url: string;
  receivedAt: Date;
}

/** One account from an API answer, observed when the answer came. */
export function mapListedAccount(
  record: unknown,
  map: (record: Record<string, unknown>) => MappedAccount,
  origin: PageOrigin,
  index?: number,
): Account {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    throw new FieldError(
      '(record)',
      `expected an account object, got ${record === null ? 'null' : typeof record}`,
    );
  }
  const source =
    index === undefined
      ? { format: origin.format, file: origin.url }
      : { format: origin.format, file: origin.url, index };
  return { ...map(record as Record<string, unknown>), observedAt: origin.receivedAt, source };
}

export function mapListedAccounts(
  records: readonly unknown[],
  map: (record: Record<string, unknown>) => MappedAccount,
  origin: PageOrigin,
): ListedAccounts {
  const accounts: Account[] = [];
  const rejected: RecordError[] = [];
  records.forEach((record, index) => {
    try {
      accounts.push(mapListedAccount(record, map, origin, index));
    } catch (error) {
      const field = error instanceof FieldError ? error.field : '(record)';
      const reason = error instanceof FieldError ? error.reason : (error as Error).message;
      rejected.push({ file: origin.url, index, field, reason });
    }
  });
  return { accounts, rejected };
}
