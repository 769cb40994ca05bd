// Reads a profile's follower count from its platform now: one lookup, no follower pages — what `watch` and recurring snapshot jobs record.
import type { FollowerCountSnapshot } from '../../core/snapshot.ts';
import { type ConnectOptions, connectFollowerSource } from '../connect.ts';
import { parseProfileRef } from '../profile-ref.ts';

/**
 * The profile's follower-count snapshot, stamped with the time the platform answered (never a file or upload time).
 * `profile` is written as `fetch` takes it: `@user@instance`, `bsky:handle`, `x:handle`. Persist it with
 * `store.addSnapshot(snapshot)`.
 */
export async function lookupFollowerCount(
  profile: string,
  options: ConnectOptions,
  signal: AbortSignal = new AbortController().signal,
): Promise<FollowerCountSnapshot> {
  const source = connectFollowerSource(parseProfileRef(profile), options);
  const lookup = await source.lookupProfile(signal);
  return lookup.snapshot;
}
