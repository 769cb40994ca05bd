// A campaign profile as one short label: "x @handle", else "x 12345".
import type { CampaignProfile } from '../../value/campaign.ts';

export function profileLabel(profile: CampaignProfile): string {
  return `${profile.platform} ${profile.handle !== null ? `@${profile.handle}` : (profile.id ?? '(unnamed)')}`;
}

/** The `--profile` form of a profile: "x:@handle" or "x:12345". */
export function profileRefText(profile: CampaignProfile): string {
  return `${profile.platform}:${profile.id ?? `@${profile.handle ?? ''}`}`;
}
