// A stored profile's follower-count history as the growth stage sees it: its snapshots as a daily series, and the events found on it.

import { countOf, nounFor } from '../core/plural.ts';
import type { FollowerCountSnapshot } from '../core/snapshot.ts';
import { analyseHistory, type GrowthAnalysis } from '../growth/analyse-growth.ts';
import { dailySeries } from '../growth/follower-series.ts';
import type { ProfileRef, Store } from '../store/store.ts';

export interface ProfileHistory {
  snapshots: FollowerCountSnapshot[];
  /** Undefined without at least two snapshots on different days. */
  analysis?: GrowthAnalysis;
}

export function historyOfSnapshots(
  snapshots: FollowerCountSnapshot[],
  platform: ProfileRef['platform'],
): ProfileHistory {
  const series = dailySeries(
    snapshots.map((s) => ({ at: s.observedAt, followers: s.followersCount })),
    'observed',
    'From the stored snapshots, each at the time the platform was read (or the profile record says); days between two snapshots are interpolated.',
  );
  if (series.days.length < 2) return { snapshots };
  return { snapshots, analysis: analyseHistory(series, { platform }) };
}

export async function profileHistory(store: Store, profile: ProfileRef): Promise<ProfileHistory> {
  const snapshots = profile.id === null ? [] : await store.listSnapshots(profile.platform, profile.id);
  return historyOfSnapshots(snapshots, profile.platform);
}

/**
 * Why a profile has no stored history, in words a user can act on. Audits do not always record a point of history:
 * only a profile record that says when it was read (observedAt, or `--observed-at`) gives a count at a known time.
 */
export function noHistoryMessage(profile: string, savedAudits: number, handle?: ProfileHandle): string {
  const watch = watchRef(handle);
  const remedies =
    `audit it again with --profile and --observed-at <when the profile was read>, ${watch === undefined ? '' : `record its count now with \`realreach watch ${watch}\`, `}` +
    `or add past counts with \`realreach history ${profile} --import history.csv\``;
  if (savedAudits === 0)
    return `no stored history of ${profile}: the store has no audit and no follower count of it; ${remedies}`;
  return (
    `no stored history of ${profile}: it has ${countOf(savedAudits, 'saved audit')} but no follower-count snapshot. ` +
    'An audit records the profile’s follower count only with the time it was read — from the profile record ' +
    '(observedAt) or --observed-at — and never passes a file’s date off as one; ' +
    `the profile record ${nounFor(savedAudits, 'it was', 'they were')} saved with gave no capture time (or no follower count). To start the history, ${remedies}.`
  );
}

export interface ProfileHandle {
  platform: ProfileRef['platform'];
  handle: string | null;
}

/**
 * The profile as `watch` (and `fetch`) take it: they look profiles up by handle, so a platform id alone gives none —
 * `x:990000000001` would be read as a username.
 */
export function watchRef(profile: ProfileHandle | undefined): string | undefined {
  const handle = profile?.handle?.replace(/^@/, '');
  if (profile === undefined || handle === undefined || handle === '') return undefined;
  if (profile.platform === 'mastodon') return handle.includes('@') ? `@${handle}` : undefined;
  if (profile.platform === 'bluesky') return `bsky:${handle}`;
  if (profile.platform === 'x') return `x:${handle}`;
  return undefined;
}
