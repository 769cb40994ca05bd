// Assembles a campaign's report from the store: its stored activity and the latest saved audit of each of its profiles.
import { pointMayBeOff } from '../audit/point-may-be-off.ts';
import { DEFAULT_ATTRIBUTION_WINDOW_DAYS } from '../value/attribution.ts';
import {
  buildCampaignReport,
  type CampaignReport,
  type ProfileAudit,
  profileKey,
} from '../value/campaign-report.ts';
import type { Store } from './store.ts';

export async function loadCampaignReport(
  store: Store,
  campaignId: number,
  attributionWindowDays: number = DEFAULT_ATTRIBUTION_WINDOW_DAYS,
): Promise<CampaignReport | undefined> {
  const activity = await store.value.campaignActivity(campaignId);
  if (activity === undefined) return undefined;
  const profiles = [
    ...activity.campaign.profiles.map((entry) => entry.profile),
    ...activity.links.map((link) => link.profile),
  ];
  const audits = new Map<string, ProfileAudit>();
  for (const profile of profiles) {
    const key = profileKey(profile);
    if (audits.has(key)) continue;
    const filter =
      profile.id !== null
        ? { platform: profile.platform, id: profile.id }
        : { platform: profile.platform, handle: profile.handle ?? '' };
    const [latest] = await store.listAudits({ profile: filter, limit: 1 });
    if (latest === undefined) continue;
    const audit = await store.getAudit(latest.id);
    if (audit === undefined) continue;
    audits.set(key, {
      auditId: audit.id,
      auditedAt: audit.createdAt,
      followers: audit.report.profile?.followersCount ?? audit.report.followerBase.count,
      realFollowers: audit.realFollowers,
      pointMayBeOff: pointMayBeOff(audit.report),
    });
  }
  return buildCampaignReport({ ...activity, audits, attributionWindowDays });
}
