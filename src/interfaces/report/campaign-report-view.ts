// A campaign report as people and programs read it: money in major units, the JSON the API and CLI print, the CSV export and the terminal text.

import { countOf } from '../../core/plural.ts';
import { CONVERSION_KINDS } from '../../value/campaign.ts';
import type { CampaignReport, Interval, ReportRow } from '../../value/campaign-report.ts';
import { HIT_REASONS, REASON_WORDING } from '../../value/click-verdict.ts';
import { currencyDigits, formatMoney, type Money, majorUnits } from '../../value/money.ts';
import { profileLabel } from './campaign-json.ts';
import { formatCountInterval, formatCountRangeFirst } from './words/report-numbers.ts';

/** Money intervals are kept in minor units; this is the same in major units (cents → euros). */
function majorInterval(
  interval: Interval | null,
  currency: string,
): (Interval & { currency: string }) | null {
  if (interval === null) return null;
  const scale = 10 ** (currencyDigits(currency) ?? 2);
  return {
    estimate: interval.estimate / scale,
    low: interval.low / scale,
    high: interval.high / scale,
    currency,
  };
}

function moneyJson(money: Money): { amount: number; currency: string } {
  return { amount: majorUnits(money), currency: money.currency };
}

function rowJson(row: ReportRow, currency: string) {
  return {
    profile: row.profile,
    audit: row.audit,
    followers: row.followers,
    realFollowers: row.realFollowers,
    pointMayBeOff: row.pointMayBeOff,
    rawHits: row.rawHits,
    humanClicks: row.humanClicks,
    clicksPer1000RealFollowers: row.clicksPer1000Real,
    conversions: row.conversions,
    revenue: row.revenue.map(moneyJson),
    cost: row.cost === null ? null : moneyJson(row.cost),
    costPerRealFollower: majorInterval(row.costPerRealFollower, currency),
    costPerAcquisition: Object.fromEntries(
      Object.entries(row.costPerAcquisition).map(([kind, money]) => [kind, moneyJson(money)]),
    ),
    revenuePer1000RealFollowers: majorInterval(row.revenuePer1000Real, currency),
    returnOnSpend: row.returnOnSpend,
  };
}

/** The report as JSON (CLI --format json, GET /api/v1/campaigns/{id}/report): money in major units with its currency. */
export function campaignReportJson(report: CampaignReport) {
  const currency = report.campaign.cost.currency;
  return {
    campaign: { ...report.campaign, cost: moneyJson(report.campaign.cost) },
    attributionWindowDays: report.attributionWindowDays,
    total: rowJson(report.total, currency),
    profiles: report.profiles.map((row) => rowJson(row, row.cost?.currency ?? currency)),
    hitReasons: report.hitReasons,
    unattributed: report.unattributed,
    outsideDates: report.outsideDates,
    daily: report.daily,
    notes: report.notes,
  };
}
export type CampaignReportJson = ReturnType<typeof campaignReportJson>;

export const CAMPAIGN_CSV_HEADER: readonly string[] = [
  'scope',
  'platform',
  'profile_id',
  'handle',
  'audit_id',
  'followers',
  'real_followers',
  'real_followers_low',
  'real_followers_high',
  'raw_hits',
  'human_clicks',
  'clicks_per_1000_real',
  'clicks_per_1000_real_low',
  'clicks_per_1000_real_high',
  ...CONVERSION_KINDS,
  'currency',
  'revenue',
  'cost',
  'cost_per_real_follower',
  'cost_per_real_follower_low',
  'cost_per_real_follower_high',
  ...CONVERSION_KINDS.map((kind) => `cost_per_${kind}`),
  'revenue_per_1000_real',
  'revenue_per_1000_real_low',
  'revenue_per_1000_real_high',
  'return_on_spend',
];

function inert(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function cell(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : String(Number(value.toPrecision(12)));
}

/** One row per profile and a `campaign` row, numbers plain (money in major units of the row's cost currency). */
export function campaignReportCsvRows(report: CampaignReport): string[][] {
  const json = campaignReportJson(report);
  const rows = [json.total, ...json.profiles];
  return rows.map((row) => {
    const currency = row.cost?.currency ?? report.campaign.cost.currency;
    const revenue = row.revenue.find((money) => money.currency === currency)?.amount ?? 0;
    return [
      row.profile === null ? 'campaign' : 'profile',
      row.profile?.platform ?? '',
      inert(row.profile?.id ?? ''),
      inert(row.profile?.handle ?? ''),
      row.audit === null ? '' : String(row.audit.id),
      cell(row.followers),
      cell(row.realFollowers?.estimate),
      cell(row.realFollowers?.low),
      cell(row.realFollowers?.high),
      String(row.rawHits),
      String(row.humanClicks),
      cell(row.clicksPer1000RealFollowers?.estimate),
      cell(row.clicksPer1000RealFollowers?.low),
      cell(row.clicksPer1000RealFollowers?.high),
      ...CONVERSION_KINDS.map((kind) => String(row.conversions[kind])),
      currency,
      cell(revenue),
      cell(row.cost?.amount),
      cell(row.costPerRealFollower?.estimate),
      cell(row.costPerRealFollower?.low),
      cell(row.costPerRealFollower?.high),
      ...CONVERSION_KINDS.map((kind) => cell(row.costPerAcquisition[kind]?.amount)),
      cell(row.revenuePer1000RealFollowers?.estimate),
      cell(row.revenuePer1000RealFollowers?.low),
      cell(row.revenuePer1000RealFollowers?.high),
      cell(row.returnOnSpend),
    ];
  });
}

const WHOLE = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const TWO = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const FOUR = new Intl.NumberFormat('en-US', { minimumFractionDigits: 4, maximumFractionDigits: 4 });

/** "12.40 (11.90–13.10)"; range first when the real followers' reading may be off: "11.90–13.10 (the model reads 12.40: may be off)". */
export function formatRate(interval: Interval | null, mayBeOff = false): string {
  if (interval === null) return '—';
  const [estimate, low, high] = [interval.estimate, interval.low, interval.high].map((x) => TWO.format(x));
  // a range of one value (no clicks: 0.00–0.00) is no reading to doubt
  return mayBeOff && low !== high
    ? `${low}–${high} (the model reads ${estimate}: may be off)`
    : `${estimate} (${low}–${high})`;
}

/** Money per real follower(s), from minor units: "0.0500 EUR (0.0480–0.0520)"; range first when it may be off. */
export function formatMoneyRate(
  interval: Interval | null,
  currency: string,
  perFollower: boolean,
  mayBeOff = false,
): string {
  const major = majorInterval(interval, currency);
  if (major === null) return '—';
  const format = perFollower ? FOUR : TWO;
  const [estimate, low, high] = [major.estimate, major.low, major.high].map((x) => format.format(x));
  return mayBeOff && low !== high
    ? `${low}–${high} ${currency} (the model reads ${estimate}: may be off)`
    : `${estimate} ${currency} (${low}–${high})`;
}

export function formatRealFollowers(row: ReportRow): string {
  if (row.realFollowers === null) return '— (no saved audit)';
  // the campaign report's real followers are the latest audit's 95 % interval
  return row.pointMayBeOff
    ? formatCountRangeFirst(row.realFollowers, 0.95)
    : formatCountInterval(row.realFollowers, 0.95);
}

/** The figures of one row, in the order the text report and the dashboard show them. */
export function rowFigures(row: ReportRow, campaignCurrency: string): [string, string][] {
  const currency = row.cost?.currency ?? campaignCurrency;
  return [
    ['followers', row.followers === null ? '—' : WHOLE.format(row.followers)],
    ['real followers', formatRealFollowers(row)],
    ['hits (raw)', WHOLE.format(row.rawHits)],
    ['human clicks', WHOLE.format(row.humanClicks)],
    ['clicks per 1,000 real followers', formatRate(row.clicksPer1000Real, row.pointMayBeOff)],
    ['conversions', CONVERSION_KINDS.map((kind) => countOf(row.conversions[kind], kind)).join(', ')],
    ['revenue', row.revenue.length === 0 ? '0' : row.revenue.map(formatMoney).join(' + ')],
    ['cost', row.cost === null ? '— (campaign-level cost only)' : formatMoney(row.cost)],
    ['cost per real follower', formatMoneyRate(row.costPerRealFollower, currency, true, row.pointMayBeOff)],
    [
      'cost per acquisition',
      Object.entries(row.costPerAcquisition)
        .map(([kind, money]) => `${formatMoney(money)} per ${kind}`)
        .join(', ') || '—',
    ],
    [
      'revenue per 1,000 real followers',
      formatMoneyRate(row.revenuePer1000Real, currency, false, row.pointMayBeOff),
    ],
    ['return on spend', row.returnOnSpend === null ? '—' : `${TWO.format(row.returnOnSpend)}×`],
  ];
}

/** The report for the terminal: the campaign's totals, each profile, what the hits were, and the notes. */
export function renderCampaignReportText(report: CampaignReport): string {
  const { campaign } = report;
  const lines: string[] = [];
  const dates =
    campaign.startsOn || campaign.endsOn ? ` (${campaign.startsOn ?? '…'} to ${campaign.endsOn ?? '…'})` : '';
  lines.push(
    `campaign ${campaign.id}: ${campaign.name}${campaign.brand ? ` for ${campaign.brand}` : ''}${dates}`,
  );
  lines.push(
    `cost ${formatMoney(campaign.cost)}; attribution: last human click within ${countOf(report.attributionWindowDays, 'day')}`,
  );
  const block = (title: string, row: ReportRow) => {
    lines.push('', title);
    const figures = rowFigures(row, campaign.cost.currency);
    const width = Math.max(...figures.map(([label]) => label.length));
    for (const [label, value] of figures) lines.push(`  ${label.padEnd(width)}  ${value}`);
  };
  block('all profiles', report.total);
  for (const row of report.profiles) block(row.profile === null ? '' : profileLabel(row.profile), row);
  lines.push('', 'hits by verdict');
  for (const reason of HIT_REASONS)
    lines.push(`  ${String(report.hitReasons[reason]).padStart(8)}  ${reason}: ${REASON_WORDING[reason]}`);
  lines.push(
    '',
    `unattributed conversions: ${report.unattributed.count} (${CONVERSION_KINDS.map((kind) => countOf(report.unattributed.byKind[kind], kind)).join(', ')})`,
  );
  for (const note of report.notes) lines.push(`note: ${note}`);
  return `${lines.join('\n')}\n`;
}
