// An Account read back from JSON: its times, written as ISO strings, made Dates again.
import type { Account } from './account.ts';

const TIME_FIELDS = ['createdAt', 'lastPostAt', 'observedAt'] as const;

export function accountFromJson(value: Account): Account {
  const account = { ...value };
  for (const field of TIME_FIELDS) {
    const time = account[field] as unknown;
    if (typeof time === 'string') account[field] = new Date(time);
  }
  return account;
}
