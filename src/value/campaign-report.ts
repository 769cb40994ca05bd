// The campaign report: clicks, conversions, revenue and cost per campaign and per profile, divided by real followers with the audit's interval carried through.

import { countOf, nounFor } from '../core/plural.ts';
import {
  attributeConversion,
  type ClickOfConversion,
  UNATTRIBUTED_REASONS,
  type UnattributedReason,
} from './attribution.ts';
import type { Campaign, CampaignProfile, Conversion, ConversionKind, TrackedLink } from './campaign.ts';
import { CONVERSION_KINDS } from './campaign.ts';
import { HIT_REASONS, type HitReason } from './click-verdict.ts';
import type { Money } from './money.ts';
import { markRepeats, type VisitorHit } from './repeat-window.ts';

export interface Interval {
  estimate: number;
  low: number;
  high: number;
}

/** The latest saved audit of a profile: what "real followers" comes from. */
export interface ProfileAudit {
  auditId: number;
  auditedAt: Date;
  followers: number;
  realFollowers: Interval;
  /** The audit's shift test fired and no labels settled it: its real-follower reading may be off, its interval holds. */
  pointMayBeOff: boolean;
}

/** Stored hits counted by link, UTC day and reason. */
export interface HitCount {
  linkId: number;
  day: string;
  reason: HitReason;
  count: number;
}

export interface CampaignActivity {
  campaign: Campaign;
  links: TrackedLink[];
  hitCounts: HitCount[];
  /** Hits judged human when they arrived, in time order: repeats across redirect machines are found again here. */
  humanHits: VisitorHit[];
  /** The campaign's conversions (given its id, or naming one of its clicks), each with the click it names. */
  conversions: { conversion: Conversion; click: ClickOfConversion | undefined }[];
  /** The latest audit of each profile, by profileKey; absent when the profile was never audited. */
  audits: Map<string, ProfileAudit>;
  attributionWindowDays: number;
}

export type ConversionCounts = Record<ConversionKind, number>;

export interface ReportRow {
  /** null on the campaign's total row. */
  profile: CampaignProfile | null;
  audit: { id: number; at: string } | null;
  followers: number | null;
  realFollowers: Interval | null;
  /**
   * The real followers' point reading (and every rate per real follower's) may be off: an audit behind the row fired
   * the shift test and no labels settled it. Their intervals hold.
   */
  pointMayBeOff: boolean;
  rawHits: number;
  humanClicks: number;
  /** Human clicks per 1,000 real followers, over the real-follower interval. */
  clicksPer1000Real: Interval | null;
  conversions: ConversionCounts;
  /** Sales, summed per currency. */
  revenue: Money[];
  cost: Money | null;
  costPerRealFollower: Interval | null;
  /** Cost per conversion of each kind, in the cost's currency. */
  costPerAcquisition: Partial<Record<ConversionKind, Money>>;
  /** Revenue in the cost's currency per 1,000 real followers. */
  revenuePer1000Real: Interval | null;
  /** Revenue in the cost's currency divided by the cost. */
  returnOnSpend: number | null;
}

export interface DailyPoint {
  day: string;
  humanClicks: number;
  /** Bots, previews, HEADs, prefetches and repeats: hits that are not counted as clicks. */
  otherHits: number;
  /** Conversions attributed to a human click, on the day they occurred. */
  conversions: number;
  /** Conversions kept unattributed (no click id, a bot's click, outside the window), on the day they occurred. */
  unattributedConversions: number;
}

export interface CampaignReport {
  campaign: {
    id: number;
    name: string;
    brand: string | null;
    startsOn: string | null;
    endsOn: string | null;
    cost: Money;
  };
  attributionWindowDays: number;
  total: ReportRow;
  profiles: ReportRow[];
  /** Every stored hit by reason; they add up to the raw hit count. */
  hitReasons: Record<HitReason, number>;
  unattributed: { count: number; byKind: ConversionCounts; byReason: Record<UnattributedReason, number> };
  /** What the campaign's dates left out of every figure above (all 0 for a campaign without dates). */
  outsideDates: { hits: number; conversions: number };
  daily: DailyPoint[];
  notes: string[];
}

export function profileKey(profile: CampaignProfile): string {
  return `${profile.platform}:${profile.id ?? `@${profile.handle ?? ''}`}`;
}

function zeroCounts(): ConversionCounts {
  return { lead: 0, signup: 0, sale: 0, referral: 0 };
}

function perReal(value: number, real: Interval | null, scale: number): Interval | null {
  if (real === null || real.estimate <= 0 || real.low <= 0) return null;
  return {
    estimate: (value * scale) / real.estimate,
    low: (value * scale) / real.high,
    high: (value * scale) / real.low,
  };
}

interface RowInput {
  profile: CampaignProfile | null;
  audit: ProfileAudit | null;
  rawHits: number;
  humanClicks: number;
  conversions: Conversion[];
  cost: Money | null;
}

function buildRow(
  input: RowInput,
  realFollowers: Interval | null,
  followers: number | null,
  pointMayBeOff: boolean,
): ReportRow {
  const conversions = zeroCounts();
  const revenueByCurrency = new Map<string, number>();
  for (const conversion of input.conversions) {
    conversions[conversion.kind] += 1;
    if (conversion.amount !== null)
      revenueByCurrency.set(
        conversion.amount.currency,
        (revenueByCurrency.get(conversion.amount.currency) ?? 0) + conversion.amount.minor,
      );
  }
  const revenue = [...revenueByCurrency].map(([currency, minor]) => ({ minor, currency }));
  const { cost } = input;
  const revenueInCost = cost === null ? 0 : (revenueByCurrency.get(cost.currency) ?? 0);
  const costPerAcquisition: Partial<Record<ConversionKind, Money>> = {};
  if (cost !== null)
    for (const kind of CONVERSION_KINDS)
      if (conversions[kind] > 0)
        costPerAcquisition[kind] = {
          minor: Math.round(cost.minor / conversions[kind]),
          currency: cost.currency,
        };
  return {
    profile: input.profile,
    audit: input.audit === null ? null : { id: input.audit.auditId, at: input.audit.auditedAt.toISOString() },
    followers,
    realFollowers,
    pointMayBeOff,
    rawHits: input.rawHits,
    humanClicks: input.humanClicks,
    clicksPer1000Real: perReal(input.humanClicks, realFollowers, 1000),
    conversions,
    revenue,
    cost,
    costPerRealFollower: cost === null ? null : perReal(cost.minor, realFollowers, 1),
    costPerAcquisition,
    revenuePer1000Real: cost === null ? null : perReal(revenueInCost, realFollowers, 1000),
    returnOnSpend: cost === null || cost.minor === 0 ? null : revenueInCost / cost.minor,
  };
}

const DAY_MS = 86_400_000;

/** The UTC day of a time: `2026-06-01`. */
const dayOf = (time: Date) => time.toISOString().slice(0, 10);

/**
 * Which days count for a campaign with dates (UTC days, both ends included; no bound where a date is missing): hits
 * and clicks on its days; conversions from its first day to the attribution window after its last, since a sale a
 * week after the last day from a click on it is the campaign's.
 */
function campaignDays(campaign: Campaign, attributionWindowDays: number) {
  const { startsOn, endsOn } = campaign;
  const lastConversionDay =
    endsOn === null
      ? null
      : dayOf(new Date(Date.parse(`${endsOn}T00:00:00Z`) + attributionWindowDays * DAY_MS));
  const within = (day: string, last: string | null) =>
    (startsOn === null || day >= startsOn) && (last === null || day <= last);
  return {
    holdsClickDay: (day: string) => within(day, endsOn),
    holdsConversionDay: (day: string) => within(day, lastConversionDay),
  };
}

/**
 * Money per real follower is kept in minor units inside intervals (cost 50000 cents / 10,000 real followers = 5 cents);
 * the faces format them with the currency. Totals add the profiles' real-follower intervals end to end, which is
 * wider than a joint interval would be: never narrower than the truth.
 */
/** Why conversions were kept unattributed, each reason with its count, in the order a shop can act on them. */
function unattributedReasons(byReason: Record<UnattributedReason, number>, windowDays: number): string {
  const words: Record<UnattributedReason, string> = {
    'no-click-id': 'without a click id (rr_click)',
    'unknown-click': 'with a click id no tracked link gave',
    'bot-click': "from a bot's or a preview's hit, not a person's click",
    'outside-window': `more than ${countOf(windowDays, 'day')} after their click, or before it`,
  };
  return UNATTRIBUTED_REASONS.filter((reason) => byReason[reason] > 0)
    .map((reason) => `${byReason[reason].toLocaleString('en-US')} ${words[reason]}`)
    .join(', ');
}

export function buildCampaignReport(activity: CampaignActivity): CampaignReport {
  const { campaign, links } = activity;
  const notes: string[] = [];
  const linkProfile = new Map(links.map((link) => [link.id, profileKey(link.profile)]));

  const profiles = new Map<string, CampaignProfile>();
  const profileCost = new Map<string, Money | null>();
  for (const entry of campaign.profiles) {
    profiles.set(profileKey(entry.profile), entry.profile);
    profileCost.set(profileKey(entry.profile), entry.cost);
  }
  for (const link of links)
    if (!profiles.has(profileKey(link.profile))) profiles.set(profileKey(link.profile), link.profile);

  const hitReasons = Object.fromEntries(HIT_REASONS.map((reason) => [reason, 0])) as Record<
    HitReason,
    number
  >;
  const rawByProfile = new Map<string, number>();
  const daily = new Map<string, DailyPoint>();
  const dayPoint = (day: string): DailyPoint => {
    let point = daily.get(day);
    if (point === undefined) {
      point = { day, humanClicks: 0, otherHits: 0, conversions: 0, unattributedConversions: 0 };
      daily.set(day, point);
    }
    return point;
  };
  const dates = campaignDays(campaign, activity.attributionWindowDays);
  const outsideDates = { hits: 0, conversions: 0 };
  for (const count of activity.hitCounts) {
    const key = linkProfile.get(count.linkId);
    if (key === undefined) continue;
    if (!dates.holdsClickDay(count.day)) {
      outsideDates.hits += count.count;
      continue;
    }
    hitReasons[count.reason] += count.count;
    rawByProfile.set(key, (rawByProfile.get(key) ?? 0) + count.count);
    if (count.reason !== 'human') dayPoint(count.day).otherHits += count.count;
  }

  // Hits judged human as they arrived; the hour rule again over all of them finds repeats that hit other machines.
  // Human hits outside the dates are already counted as left out: hitCounts hold every stored hit, human ones too.
  const humanHits = activity.humanHits.filter((hit) => dates.holdsClickDay(dayOf(hit.at)));
  const repeats = markRepeats(humanHits);
  const humanByProfile = new Map<string, number>();
  humanHits.forEach((hit, index) => {
    const key = linkProfile.get(hit.linkId);
    if (key === undefined) return;
    const day = dayOf(hit.at);
    if (repeats[index]) {
      hitReasons.human -= 1;
      hitReasons.repeat += 1;
      dayPoint(day).otherHits += 1;
      return;
    }
    humanByProfile.set(key, (humanByProfile.get(key) ?? 0) + 1);
    dayPoint(day).humanClicks += 1;
  });

  const conversionsByProfile = new Map<string, Conversion[]>();
  const attributed: Conversion[] = [];
  const unattributed = {
    count: 0,
    byKind: zeroCounts(),
    byReason: Object.fromEntries(UNATTRIBUTED_REASONS.map((reason) => [reason, 0])) as Record<
      UnattributedReason,
      number
    >,
  };
  for (const { conversion, click } of activity.conversions) {
    if (
      !dates.holdsConversionDay(dayOf(conversion.occurredAt)) ||
      (click !== undefined && !dates.holdsClickDay(dayOf(click.at)))
    ) {
      outsideDates.conversions += 1;
      continue;
    }
    const attribution = attributeConversion(conversion, click, activity.attributionWindowDays);
    const key = 'linkId' in attribution ? linkProfile.get(attribution.linkId) : undefined;
    if ('unattributed' in attribution || key === undefined) {
      unattributed.count += 1;
      unattributed.byKind[conversion.kind] += 1;
      unattributed.byReason['unattributed' in attribution ? attribution.unattributed : 'unknown-click'] += 1;
      dayPoint(dayOf(conversion.occurredAt)).unattributedConversions += 1;
      continue;
    }
    attributed.push(conversion);
    const list = conversionsByProfile.get(key) ?? [];
    list.push(conversion);
    conversionsByProfile.set(key, list);
    dayPoint(dayOf(conversion.occurredAt)).conversions += 1;
  }

  const rows: ReportRow[] = [];
  let auditedAll = profiles.size > 0;
  const realTotal: Interval = { estimate: 0, low: 0, high: 0 };
  let followersTotal = 0;
  for (const [key, profile] of profiles) {
    const audit = activity.audits.get(key) ?? null;
    if (audit === null) {
      auditedAll = false;
      notes.push(
        `${key} has no saved audit: its real followers are unknown (run \`realreach audit ${key} --save\`)`,
      );
    } else {
      realTotal.estimate += audit.realFollowers.estimate;
      realTotal.low += audit.realFollowers.low;
      realTotal.high += audit.realFollowers.high;
      followersTotal += audit.followers;
    }
    rows.push(
      buildRow(
        {
          profile,
          audit,
          rawHits: rawByProfile.get(key) ?? 0,
          humanClicks: humanByProfile.get(key) ?? 0,
          conversions: conversionsByProfile.get(key) ?? [],
          // A campaign that pays one profile pays it the whole cost.
          cost: profileCost.get(key) ?? (profiles.size === 1 ? campaign.cost : null),
        },
        audit?.realFollowers ?? null,
        audit?.followers ?? null,
        audit?.pointMayBeOff ?? false,
      ),
    );
  }
  if (profiles.size > 1 && [...profiles.keys()].some((key) => (profileCost.get(key) ?? null) === null))
    notes.push("the cost is for the whole campaign: per-profile cost figures need each profile's own cost");
  const total = buildRow(
    {
      profile: null,
      audit: null,
      rawHits: [...rawByProfile.values()].reduce((sum, count) => sum + count, 0),
      humanClicks: [...humanByProfile.values()].reduce((sum, count) => sum + count, 0),
      conversions: attributed,
      cost: campaign.cost,
    },
    auditedAll ? realTotal : null,
    auditedAll ? followersTotal : null,
    auditedAll && [...activity.audits.values()].some((audit) => audit.pointMayBeOff),
  );
  const foreign = total.revenue.filter((money) => money.currency !== campaign.cost.currency);
  if (foreign.length > 0)
    notes.push(
      `sales in ${foreign.map((money) => money.currency).join(', ')} are left out of return on spend (cost is in ${campaign.cost.currency}; no exchange rate is assumed)`,
    );
  if (outsideDates.hits + outsideDates.conversions > 0)
    notes.push(
      `outside the campaign's dates (${campaign.startsOn ?? '…'} to ${campaign.endsOn ?? '…'}; conversions up to ${countOf(activity.attributionWindowDays, 'day')} after its last day, from a click on its days) and left out: ${countOf(outsideDates.hits, 'hit')}, ${countOf(outsideDates.conversions, 'conversion')}`,
    );
  if (unattributed.count > 0)
    notes.push(
      `${countOf(unattributed.count, 'conversion')} ${nounFor(unattributed.count, 'is', 'are')} kept unattributed: ${unattributedReasons(unattributed.byReason, activity.attributionWindowDays)}`,
    );

  return {
    campaign: {
      id: campaign.id,
      name: campaign.name,
      brand: campaign.brand,
      startsOn: campaign.startsOn,
      endsOn: campaign.endsOn,
      cost: campaign.cost,
    },
    attributionWindowDays: activity.attributionWindowDays,
    total,
    profiles: rows,
    hitReasons,
    unattributed,
    outsideDates,
    daily: [...daily.values()].sort((a, b) => a.day.localeCompare(b.day)),
    notes,
  };
}
