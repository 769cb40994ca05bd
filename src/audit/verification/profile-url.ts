// The public profile page of a follower, where its platform has one: what a reviewer opens to judge it.
import type { Account, Platform } from '../../core/account.ts';

/** Mastodon handles are `user@instance`; a local one without an instance has no page we can name. */
function mastodonUrl(handle: string): string | undefined {
  const [user, instance] = handle.replace(/^@/, '').split('@');
  return user && instance ? `https://${instance}/@${user}` : undefined;
}

/** From the platform and handle alone (a saved audit keeps no more). */
export function profileUrlOf(platform: Platform, handle: string | null | undefined): string | undefined {
  if (!handle) return undefined;
  const bare = handle.replace(/^@/, '');
  const path = encodeURIComponent(bare);
  if (platform === 'x') return `https://x.com/${path}`;
  if (platform === 'instagram') return `https://www.instagram.com/${path}/`;
  if (platform === 'bluesky') return `https://bsky.app/profile/${path}`;
  if (platform === 'mastodon') return mastodonUrl(bare);
  return undefined;
}

/** The account's own profile URL when its source gave one (Mastodon's `url`), else one built from its handle. */
export function profileUrlOfAccount(account: Account): string | undefined {
  if (account.profileUrl?.startsWith('https://')) return account.profileUrl;
  return profileUrlOf(account.platform, account.handle);
}
