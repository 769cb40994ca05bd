// The value stage's records: campaigns, tracked links, hits and conversions, as every later stage and face sees them.
import type { Platform } from '../core/account.ts';
import type { HitReason } from './click-verdict.ts';
import type { Money } from './money.ts';

/** A profile a campaign pays, by platform id or handle (the store's ProfileRef has the same shape). */
export interface CampaignProfile {
  platform: Platform;
  id: string | null;
  handle: string | null;
}

export interface Campaign {
  id: number;
  name: string;
  brand: string | null;
  /** ISO dates (YYYY-MM-DD), inclusive; null when open. */
  startsOn: string | null;
  endsOn: string | null;
  cost: Money;
  createdAt: Date;
  /** The profiles it pays, each with its own share of the cost when one was given. */
  profiles: { profile: CampaignProfile; cost: Money | null }[];
}

export interface TrackedLink {
  id: number;
  campaignId: number;
  profile: CampaignProfile;
  slug: string;
  /** The registered target: the only place the redirect sends anyone. */
  target: string;
  createdAt: Date;
}

/** One request on `/r/<slug>`, as stored: no IP, only the day-salted visitor key. */
export interface ClickHit {
  clickId: string;
  linkId: number;
  at: Date;
  visitorKey: string;
  referrerHost: string | null;
  method: string;
  reason: HitReason;
}

export const CONVERSION_KINDS = ['lead', 'signup', 'sale', 'referral'] as const;
export type ConversionKind = (typeof CONVERSION_KINDS)[number];

export const CONVERSION_SOURCES = ['api', 'webhook', 'csv', 'cli'] as const;
export type ConversionSource = (typeof CONVERSION_SOURCES)[number];

export interface ConversionInput {
  kind: ConversionKind;
  /** Given, or found through the click id. Without either the conversion is kept, unattributed. */
  campaignId: number | null;
  /** The shop's own id (order, lead, sign-up): the same id sent twice is one conversion. */
  externalId: string | null;
  /** The `rr_click` value the shop kept. */
  clickId: string | null;
  /** Sales only. */
  amount: Money | null;
  /** Referrals only. */
  code: string | null;
  occurredAt: Date;
  source: ConversionSource;
}

export interface Conversion extends ConversionInput {
  id: number;
  receivedAt: Date;
}
