// The dashboard's URLs for audits and profiles, built in one place so pages link to what the routes serve.
import type { ProfileRef } from '../../store/store.ts';
import { profilePathId } from '../http/openapi/api-schemas.ts';

export function auditPath(id: number): string {
  return `/audits/${id}`;
}

export function profilePath(profile: ProfileRef): string {
  return `/profiles/${profile.platform}/${encodeURIComponent(profilePathId(profile))}`;
}

/** "@handle on x", or the id when the handle is unknown. */
export function profileName(profile: ProfileRef): string {
  const name = profile.handle !== null ? `@${profile.handle}` : `id ${profile.id ?? '?'}`;
  return `${name} on ${profile.platform}`;
}
