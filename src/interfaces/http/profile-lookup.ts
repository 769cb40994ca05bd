// Finds the profile a URL names — by platform id, or @handle for one known by handle only — and the filter that picks its audits.
import type { Platform } from '../../core/account.ts';
import type { ProfileFilter, ProfileRef, Store } from '../../store/store.ts';

export async function findProfile(
  store: Store,
  platform: Platform,
  pathId: string,
): Promise<ProfileRef | undefined> {
  const handle = pathId.startsWith('@') ? pathId.slice(1) : undefined;
  const profiles = await store.listProfiles();
  return profiles.find(
    (profile) =>
      profile.platform === platform &&
      (handle === undefined ? profile.id === pathId : profile.handle === handle),
  );
}

/** The profile's audits: by platform id when it has one, else by handle. */
export function auditsOfProfile(profile: ProfileRef): ProfileFilter {
  return profile.id !== null
    ? { platform: profile.platform, id: profile.id }
    : { platform: profile.platform, handle: profile.handle ?? '' };
}
