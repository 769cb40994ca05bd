// `realreach campaign create|list|report`: campaigns with their cost and profiles, and what each brought back.

import type { Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { isCalendarDay } from '../../../core/calendar-date.ts';
import { InputError } from '../../../core/errors.ts';
import { loadCampaignReport } from '../../../store/campaign-report-loader.ts';
import type { ProfileRef } from '../../../store/store.ts';
import { DEFAULT_ATTRIBUTION_WINDOW_DAYS } from '../../../value/attribution.ts';
import { formatMoney, type Money, parseCurrency, parseMoney } from '../../../value/money.ts';
import { campaignJson, profileLabel } from '../../report/campaign-json.ts';
import {
  CAMPAIGN_CSV_HEADER,
  campaignReportCsvRows,
  campaignReportJson,
  renderCampaignReportText,
} from '../../report/campaign-report-view.ts';
import { EXIT_OK, UsageError } from '../exit.ts';
import { parseStoredId, type StoreFlags, useStore, withStoreOption } from '../store-option.ts';
import { renderTextTable } from '../text-table.ts';
import { parseProfileFilter } from './audits.ts';

interface CreateFlags extends StoreFlags {
  cost: string;
  currency: string;
  brand?: string;
  start?: string;
  end?: string;
  profile: string[];
  json?: boolean;
}

/** `x:@handle` or `x:12345`, as the store keeps profiles. */
export function parseProfileRef(value: string): ProfileRef {
  const filter = parseProfileFilter(value);
  return { platform: filter.platform, id: filter.id ?? null, handle: filter.handle ?? null };
}

function parseDay(name: string) {
  return (value: string): string => {
    if (!isCalendarDay(value))
      throw new UsageError(`${name}: expected a date YYYY-MM-DD (a day of the calendar), got "${value}"`);
    return value;
  };
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** `x:@ana` or `x:@ana=500`: a profile and, after `=`, its own part of the cost. */
function parseCampaignProfile(value: string, currency: string): { profile: ProfileRef; cost: Money | null } {
  const [ref, cost] = value.split('=', 2) as [string, string | undefined];
  const profile = parseProfileRef(ref);
  if (cost === undefined) return { profile, cost: null };
  try {
    return { profile, cost: parseMoney(cost, currency) };
  } catch (error) {
    throw new UsageError(`--profile ${value}: ${(error as Error).message}`);
  }
}

function parseWindow(value: string): number {
  const days = Number(value);
  if (!/^\d+$/.test(value) || days < 1 || days > 3650)
    throw new UsageError(`--window: expected whole days from 1 to 3650, got "${value}"`);
  return days;
}

export function registerCampaign(program: Command): void {
  const campaign = program
    .command('campaign')
    .description('campaigns: what a brand pays which profiles, and the clicks, leads and sales they bring');

  withStoreOption(
    campaign
      .command('create')
      .description('make a campaign and print it with its id')
      .argument('<name>', 'what the campaign is called')
      .requiredOption('--cost <amount>', 'what the campaign costs, e.g. 2500 or 2500.00')
      .requiredOption('--currency <code>', 'ISO 4217 currency of the cost, e.g. EUR')
      .option('--brand <name>', 'the brand that pays')
      .option('--start <date>', 'first day, YYYY-MM-DD', parseDay('--start'))
      .option('--end <date>', 'last day, YYYY-MM-DD', parseDay('--end'))
      .option(
        '--profile <ref>',
        'a profile it pays: x:@handle or x:12345, optionally =<its part of the cost> (repeat for each)',
        collect,
        [],
      )
      .option('--json', 'print the campaign as JSON'),
  ).action(async (name: string, flags: CreateFlags) => {
    let cost: Money;
    let currency: string;
    try {
      currency = parseCurrency(flags.currency);
      cost = parseMoney(flags.cost, currency);
    } catch (error) {
      throw new UsageError(`--cost/--currency: ${(error as Error).message}`);
    }
    if (name.trim() === '') throw new UsageError('<name>: the campaign needs a name');
    if (flags.start && flags.end && flags.end < flags.start)
      throw new UsageError(`--end ${flags.end} is before --start ${flags.start}`);
    const profiles = flags.profile.map((value) => parseCampaignProfile(value, currency));
    const created = await useStore(flags, (store) =>
      store.value.createCampaign({
        name: name.trim(),
        brand: flags.brand ?? null,
        startsOn: flags.start ?? null,
        endsOn: flags.end ?? null,
        cost,
        profiles,
      }),
    );
    if (flags.json) process.stdout.write(`${JSON.stringify(campaignJson(created), null, 2)}\n`);
    else
      process.stdout.write(
        `campaign ${created.id} "${created.name}" created: cost ${formatMoney(created.cost)}, ${created.profiles.length} profiles\n`,
      );
    process.exitCode = EXIT_OK;
  });

  withStoreOption(
    campaign
      .command('list')
      .description('list the campaigns, newest first')
      .option('--json', 'print them as JSON'),
  ).action(async (flags: StoreFlags & { json?: boolean }) => {
    const campaigns = await useStore(flags, (store) => store.value.listCampaigns());
    if (flags.json) process.stdout.write(`${JSON.stringify(campaigns.map(campaignJson), null, 2)}\n`);
    else if (campaigns.length === 0)
      process.stdout.write(
        'no campaigns (make one with `realreach campaign create <name> --cost … --currency …`)\n',
      );
    else
      process.stdout.write(
        renderTextTable(
          [
            { title: 'id', align: 'right' },
            { title: 'name' },
            { title: 'brand' },
            { title: 'cost', align: 'right' },
            { title: 'profiles' },
          ],
          campaigns.map((entry) => [
            String(entry.id),
            entry.name,
            entry.brand ?? '—',
            formatMoney(entry.cost),
            entry.profiles.map((item) => profileLabel(item.profile)).join(', ') || '—',
          ]),
        ),
      );
    process.exitCode = EXIT_OK;
  });

  withStoreOption(
    campaign
      .command('report')
      .description(
        'what the campaign brought, per profile: human clicks, conversions, revenue, cost per real follower, CPA, return on spend',
      )
      .argument('<id>', 'the campaign, by the id `realreach campaign list` shows', parseStoredId('<id>'))
      .option('--format <format>', 'text, json or csv', 'text')
      .option(
        '--window <days>',
        `attribution window: a conversion goes to a human click at most this many days before it`,
        parseWindow,
        DEFAULT_ATTRIBUTION_WINDOW_DAYS,
      ),
  ).action(async (id: number, flags: StoreFlags & { format: string; window: number }) => {
    if (!['text', 'json', 'csv'].includes(flags.format))
      throw new UsageError(`--format: expected text, json or csv, got "${flags.format}"`);
    const report = await useStore(flags, (store) => loadCampaignReport(store, id, flags.window));
    if (report === undefined)
      throw new InputError(`no campaign with id ${id} (\`realreach campaign list\` shows them)`);
    if (flags.format === 'json')
      process.stdout.write(`${JSON.stringify(campaignReportJson(report), null, 2)}\n`);
    else if (flags.format === 'csv')
      process.stdout.write(stringify([[...CAMPAIGN_CSV_HEADER], ...campaignReportCsvRows(report)]));
    else process.stdout.write(renderCampaignReportText(report));
    process.exitCode = EXIT_OK;
  });
}
