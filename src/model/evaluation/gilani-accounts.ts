// Turns the gilani-2017 aggregate-feature CSVs into Accounts with only what they honestly give: the handle and the account age.
//
// The files hold per-account aggregates, not profiles (../shared/datasets/gilani-2017/SOURCE.md). The screen name
// is the handle; age_of_account_in_days is observedAt - createdAt. Nothing else maps to an Account field:
// follower_friend_ratio is a ratio, not the two counts; user_tweeted, tweet_frequency and the like count tweets in
// the crawl window, not the lifetime post count; lists_per_user's denominator is not documented.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Account, Label } from '../../core/account.ts';
import { InputError } from '../../core/errors.ts';

const DAY = 86_400_000;
/** A placeholder capture date: features read only the age it is used to express, never the calendar date. */
const REFERENCE_TIME = Date.parse('2016-01-01T00:00:00Z');
export const GILANI_BANDS = ['1k', '100k', '1M', '10M'] as const;
/** The features an Account built from a gilani row can have. */
export const GILANI_FEATURES: readonly string[] = [
  'log_age_days',
  'handle_length',
  'handle_digits',
  'handle_digit_ratio',
  'handle_entropy',
];

export interface GilaniAccounts {
  accounts: Account[];
  labels: Label[];
  /** Screen names found with both labels, left out. */
  conflicting: string[];
}

interface GilaniRow {
  handle: string;
  ageDays: number;
  label: Label;
  file: string;
  line: number;
}

/** Rows of one CSV: a header, then values separated by ", ". */
export function parseGilaniCsv(text: string, file: string, label: Label): GilaniRow[] {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((name) => name.trim());
  const handleColumn = header.indexOf('screen_name');
  const ageColumn = header.indexOf('age_of_account_in_days');
  if (handleColumn < 0 || ageColumn < 0) {
    throw new InputError(`${file}: expected screen_name and age_of_account_in_days columns`);
  }
  const rows: GilaniRow[] = [];
  lines.slice(1).forEach((text, i) => {
    if (text.trim() === '') return;
    const values = text.split(',').map((value) => value.trim());
    const ageDays = Number(values[ageColumn]);
    const handle = values[handleColumn] ?? '';
    if (handle === '' || !(ageDays >= 0)) {
      throw new InputError(`${file}:${i + 2}: expected a screen name and an age in days >= 0`);
    }
    rows.push({ handle, ageDays, label, file, line: i + 2 });
  });
  return rows;
}

export function gilaniAccounts(rows: readonly GilaniRow[]): GilaniAccounts {
  const labelsByHandle = new Map<string, Set<Label>>();
  for (const row of rows) {
    const labels = labelsByHandle.get(row.handle) ?? new Set<Label>();
    labels.add(row.label);
    labelsByHandle.set(row.handle, labels);
  }
  const conflicting = [...labelsByHandle].filter(([, labels]) => labels.size > 1).map(([handle]) => handle);
  const seen = new Set<string>();
  const result: GilaniAccounts = { accounts: [], labels: [], conflicting: conflicting.sort() };
  for (const row of rows) {
    if (conflicting.includes(row.handle) || seen.has(row.handle)) continue;
    seen.add(row.handle);
    result.accounts.push({
      platform: 'x',
      id: row.handle,
      handle: row.handle,
      createdAt: new Date(REFERENCE_TIME - row.ageDays * DAY),
      observedAt: new Date(REFERENCE_TIME),
      source: { format: 'gilani-2017 aggregates', file: row.file, line: row.line },
    });
    result.labels.push(row.label);
  }
  return result;
}

/** Reads bots/bots.<band>.csv and humans/humans.<band>.csv of every band under `folder`. */
export async function readGilaniAccounts(folder: string): Promise<GilaniAccounts> {
  const rows: GilaniRow[] = [];
  for (const [kind, label] of [
    ['bots', 'bot'],
    ['humans', 'human'],
  ] as const) {
    for (const band of GILANI_BANDS) {
      const file = join(folder, kind, `${kind}.${band}.csv`);
      rows.push(...parseGilaniCsv(await readFile(file, 'utf8'), file, label));
    }
  }
  return gilaniAccounts(rows);
}
