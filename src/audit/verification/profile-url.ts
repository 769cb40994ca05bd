// The profile page a reviewer opens to judge a follower: the source's own address when it names one (Mastodon's `url`), else one built from platform, handle and id.
import type { Account } from '../../core/account.ts';
import { profileUrl } from '../../core/profile-url.ts';

/** Only a plain https address is taken from the source: no other scheme, no credentials. */
export function checkedSourceUrl(address: string | undefined): string | undefined {
  if (address === undefined) return undefined;
  try {
    const url = new URL(address);
    return url.protocol === 'https:' && url.username === '' && url.password === '' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

export function profileUrlOfAccount(account: Account): string | undefined {
  return checkedSourceUrl(account.profileUrl) ?? profileUrl(account);
}
