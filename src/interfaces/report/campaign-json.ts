// Campaigns, links and their profiles as the CLI and the API print them: JSON with money in major units, and short labels.
import type { Campaign, CampaignProfile, TrackedLink } from '../../value/campaign.ts';
import { majorUnits } from '../../value/money.ts';

/** "x @handle", else "x 12345". */
export function profileLabel(profile: CampaignProfile): string {
  return `${profile.platform} ${profile.handle !== null ? `@${profile.handle}` : (profile.id ?? '(unnamed)')}`;
}

/** The `--profile` form of a profile: "x:@handle" or "x:12345". */
export function profileRefText(profile: CampaignProfile): string {
  return `${profile.platform}:${profile.id ?? `@${profile.handle ?? ''}`}`;
}

export function campaignJson(campaign: Campaign) {
  return {
    id: campaign.id,
    name: campaign.name,
    brand: campaign.brand,
    startsOn: campaign.startsOn,
    endsOn: campaign.endsOn,
    cost: { amount: majorUnits(campaign.cost), currency: campaign.cost.currency },
    createdAt: campaign.createdAt.toISOString(),
    profiles: campaign.profiles.map((entry) => ({
      ...entry.profile,
      cost: entry.cost === null ? null : { amount: majorUnits(entry.cost), currency: entry.cost.currency },
    })),
  };
}

/** A link with its short path and, given the server's public address, its full short url. */
export function linkJson(link: TrackedLink, base: string) {
  return {
    id: link.id,
    campaignId: link.campaignId,
    profile: link.profile,
    slug: link.slug,
    path: `/r/${link.slug}`,
    url: `${base}/r/${link.slug}`,
    target: link.target,
    createdAt: link.createdAt.toISOString(),
  };
}
