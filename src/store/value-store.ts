// The ValueStore interface: keeping campaigns, tracked links, click hits and conversions, whichever database holds them.
import type {
  Campaign,
  CampaignProfile,
  ClickHit,
  Conversion,
  ConversionInput,
  TrackedLink,
} from '../value/campaign.ts';
import type { CampaignActivity } from '../value/campaign-report.ts';
import type { Money } from '../value/money.ts';

export interface NewCampaign {
  name: string;
  brand: string | null;
  startsOn: string | null;
  endsOn: string | null;
  cost: Money;
  profiles: { profile: CampaignProfile; cost: Money | null }[];
}

export interface NewLink {
  campaignId: number;
  profile: CampaignProfile;
  /** Checked by checkTarget before it gets here. */
  target: string;
}

/** What the redirect needs of a link, looked up by slug. */
export interface LinkTarget {
  id: number;
  target: string;
}

/** A campaign's stored activity; the report adds each profile's latest audit and the attribution window. */
export type StoredCampaignActivity = Omit<CampaignActivity, 'audits' | 'attributionWindowDays'>;

export interface ValueStore {
  createCampaign(campaign: NewCampaign): Promise<Campaign>;
  getCampaign(id: number): Promise<Campaign | undefined>;
  /** Newest first. */
  listCampaigns(): Promise<Campaign[]>;
  /** Makes a link with a fresh random slug; its profile joins the campaign's profiles. Undefined for an unknown campaign. */
  createLink(link: NewLink): Promise<TrackedLink | undefined>;
  listLinks(campaignId: number): Promise<TrackedLink[]>;
  findLink(slug: string): Promise<LinkTarget | undefined>;
  /** The day's visitor salt, made by whichever redirect machine asks first; salts of earlier days are deleted. */
  visitorSalt(day: string): Promise<string>;
  /** Stores a batch of hits in one statement. */
  addHits(hits: readonly ClickHit[]): Promise<void>;
  /** Every stored hit (the benchmark's check that none was lost). */
  countHits(): Promise<number>;
  /** Stores a conversion unless its kind and the shop's id are already kept; then the kept one comes back. */
  addConversion(conversion: ConversionInput): Promise<{ conversion: Conversion; duplicate: boolean }>;
  /** False when this signature was taken before (a replay); deliveries older than a day are forgotten. */
  recordWebhookDelivery(signature: string, at: Date): Promise<boolean>;
  campaignActivity(campaignId: number): Promise<StoredCampaignActivity | undefined>;
}
