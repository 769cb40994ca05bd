// The public web address of an account's profile, built from its platform, handle and id, for a person to open and judge it.
import type { Platform } from './account.ts';

/** What a profile link is built from: the fields a saved follower row and an Account both have. */
export interface ProfileLinkFacts {
  platform: Platform;
  id: string;
  handle?: string | null;
}

const SAFE_SEGMENT = /^[\p{L}\p{N}_.-]+$/u;

/** A Mastodon handle is `user@instance` (or `@user@instance`); the profile lives on the instance. */
function mastodonUrl(handle: string): string | undefined {
  const [user, instance, ...rest] = handle.replace(/^@/, '').split('@');
  if (user === undefined || instance === undefined || rest.length > 0) return undefined;
  if (!SAFE_SEGMENT.test(user) || !/^[a-z0-9.-]+\.[a-z0-9-]+$/i.test(instance)) return undefined;
  return `https://${instance.toLowerCase()}/@${user}`;
}

/**
 * The profile's address, or undefined when the facts cannot name one (an id-only Instagram row, a Mastodon
 * handle without its instance, a platform with no public web profile). Handles are checked, never passed
 * through: a link must not carry markup or another host from untrusted input.
 */
export function profileUrl(facts: ProfileLinkFacts): string | undefined {
  const handle = facts.handle?.replace(/^@/, '') || undefined;
  switch (facts.platform) {
    case 'x':
      if (handle !== undefined && /^\w{1,50}$/.test(handle)) return `https://x.com/${handle}`;
      return /^\d{1,25}$/.test(facts.id) ? `https://x.com/i/user/${facts.id}` : undefined;
    case 'instagram':
      return handle !== undefined && /^[\w.]{1,60}$/.test(handle)
        ? `https://www.instagram.com/${handle}/`
        : undefined;
    case 'bluesky':
      if (handle !== undefined && /^[a-z0-9.-]+\.[a-z0-9-]+$/i.test(handle))
        return `https://bsky.app/profile/${handle.toLowerCase()}`;
      return facts.id.startsWith('did:') && /^did:[a-z]+:[\w.:%-]+$/.test(facts.id)
        ? `https://bsky.app/profile/${facts.id}`
        : undefined;
    case 'mastodon':
      return handle === undefined ? undefined : mastodonUrl(handle);
    default:
      return undefined;
  }
}

/** A saved follower: its link facts and, when the audit kept them, the profile page its source named (checked then). */
export interface SavedFollowerLink extends ProfileLinkFacts {
  facts?: { profileUrl: string | null };
}

/** The page a saved follower is opened at: the source's own address when it was kept, else one built from its facts. */
export function followerProfileUrl(follower: SavedFollowerLink): string | undefined {
  return follower.facts?.profileUrl ?? profileUrl(follower);
}
