// `realreach compare <profile or audit id>… [--price handle=amount …]`: candidates side by side, ranked on the conservative end of each interval.

import type { Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { COMPARE_FORMULAS, type CompareRow, compareCsvRows } from '../../../growth/compare-profiles.ts';
import { compareStored, parsePrices } from '../../compare-candidates.ts';
import {
  formatEventCounts,
  formatMoneyInterval,
  formatShareInterval,
  formatWholeInterval,
} from '../../compare-wording.ts';
import { UsageError } from '../exit.ts';
import { type StoreFlags, useStore, withStoreOption } from '../store-option.ts';
import { renderTextTable } from '../text-table.ts';

const COMPARE_FORMATS = ['text', 'json', 'csv'] as const;

interface CompareFlags extends StoreFlags {
  price: string[];
  cpmBenchmark: number;
  format: string;
}

function describe(rows: readonly CompareRow[], cpmBenchmark: number): string {
  const table = renderTextTable(
    [
      { title: 'rank', align: 'right' },
      { title: 'candidate' },
      { title: 'followers', align: 'right' },
      { title: 'real followers (95 % CI)', align: 'right' },
      { title: 'fake share', align: 'right' },
      { title: 'quality', align: 'right' },
      { title: 'events' },
      { title: 'price', align: 'right' },
      { title: 'per 1,000 real', align: 'right' },
      { title: 'effective CPM', align: 'right' },
    ],
    rows.map((row) => [
      String(row.rank),
      row.name,
      row.followers.toLocaleString('en-US'),
      formatWholeInterval(row.realFollowers, row.pointMayBeOff),
      formatShareInterval(row.fakeShare, row.pointMayBeOff),
      row.qualityScore.toFixed(0),
      formatEventCounts(row.events),
      row.price === null ? '—' : row.price.toLocaleString('en-US'),
      formatMoneyInterval(row.costPer1000Real, row.pointMayBeOff),
      formatMoneyInterval(row.effectiveCpm, row.pointMayBeOff),
    ]),
  );
  const formulas = [
    `rank: ${COMPARE_FORMULAS.rank}`,
    `per 1,000 real = ${COMPARE_FORMULAS.costPer1000Real}`,
    `effective CPM = ${COMPARE_FORMULAS.effectiveCpm}; quality-adjusted reach = ${COMPARE_FORMULAS.qualityAdjustedReach}; reachable share = ${COMPARE_FORMULAS.reachableShare}`,
    `fair price = ${COMPARE_FORMULAS.fairPrice}; CPM benchmark ${cpmBenchmark} (an assumption: set --cpm-benchmark)`,
  ];
  return `${table}\n${formulas.join('\n')}\n`;
}

export function registerCompare(program: Command): void {
  withStoreOption(
    program
      .command('compare')
      .description(
        'candidates side by side from their saved audits: real followers, fake share, quality, events, cost per 1,000 real followers',
      )
      .argument(
        '<candidates...>',
        'saved audit ids, or saved profiles: @handle, x:handle, mastodon:user@instance',
      )
      .option(
        '--price <name=amount>',
        'what a candidate asks (repeat: --price @alice=500 --price 12=300)',
        (value: string, all: string[]) => [...all, value],
        [],
      )
      .option(
        '--cpm-benchmark <amount>',
        'an assumption, editable: what 1,000 impressions are worth, for the fair-price column',
        (value: string) => {
          const n = Number(value);
          if (!(n > 0)) throw new UsageError(`--cpm-benchmark: expected an amount > 0, got "${value}"`);
          return n;
        },
        10,
      )
      .option('--format <format>', `output: ${COMPARE_FORMATS.join(', ')}`, 'text'),
  ).action(async (candidates: string[], flags: CompareFlags) => {
    if (!(COMPARE_FORMATS as readonly string[]).includes(flags.format))
      throw new UsageError(`--format: expected ${COMPARE_FORMATS.join(', ')}, got "${flags.format}"`);
    const prices = parsePrices(flags.price);
    const rows = await useStore(flags, (store) =>
      compareStored(store, candidates, prices, { cpmBenchmark: flags.cpmBenchmark }),
    );
    if (flags.format === 'json')
      process.stdout.write(
        `${JSON.stringify({ candidates: rows, formulas: COMPARE_FORMULAS, cpmBenchmark: { value: flags.cpmBenchmark, assumption: true } }, null, 2)}\n`,
      );
    else if (flags.format === 'csv') process.stdout.write(stringify(compareCsvRows(rows)));
    else process.stdout.write(describe(rows, flags.cpmBenchmark));
  });
}
