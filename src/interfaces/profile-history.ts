// A stored profile's follower-count history as the growth stage sees it: its snapshots as a daily series, and the events found on it.

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
