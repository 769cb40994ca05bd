// Platform purges on record: a drop on their dates is most likely the platform removing accounts, not followers leaving.
import type { Platform } from '../core/account.ts';

export interface KnownPurge {
  platform: Platform;
  /** First and last day (UTC) over which the platform removed accounts. */
  from: string;
  to: string;
  /** What happened and how large it was, with its source. */
  note: string;
}

export const KNOWN_PURGES: readonly KnownPurge[] = [
  {
    platform: 'instagram',
    from: '2014-12-18',
    to: '2014-12-21',
    note: 'Instagram deleted spam accounts ("the Instagram rapture", 18 Dec 2014): about −7.6 % of the followers of the 100 largest accounts (Instagram announcement; count by Business Insider/SocialFlow).',
  },
  {
    platform: 'x',
    from: '2018-07-11',
    to: '2018-07-16',
    note: 'Twitter removed locked accounts from follower counts (announced 11 Jul 2018): about −6 % of followers on average, more on large accounts (Twitter blog, "Confidence in follower counts").',
  },
];

/** The known purge a drop in [from, to] overlaps on the profile's platform, allowing a few days for the counts to settle. */
export function matchKnownPurge(platform: Platform, from: string, to: string): KnownPurge | undefined {
  const slackMs = 3 * 86_400_000;
  const start = Date.parse(from);
  const end = Date.parse(to);
  return KNOWN_PURGES.find(
    (purge) =>
      purge.platform === platform &&
      Date.parse(purge.from) - slackMs <= end &&
      start <= Date.parse(purge.to) + slackMs,
  );
}
