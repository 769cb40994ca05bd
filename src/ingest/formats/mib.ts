// The MIB (cresci-2015, cresci-2017) users.csv files: X v1.1 columns plus crawl times, labelled by subset name.
// Dataset: http://mib.projects.iit.cnr.it/dataset.html (Cresci et al. 2015, "Fame for sale"; 2017, "The paradigm-shift of social spambots").

import { basename, dirname, resolve } from 'node:path';
import type { Label } from '../../core/account.ts';
import { FieldError } from '../../core/errors.ts';
import { readTime } from '../fields.ts';
import type { CsvFormat } from '../format.ts';
import { mapXV1User } from './x-v1.ts';

/** The columns of cresci-2017 genuine_accounts/users.csv as mirrored without its header row. */
const MIB_GENUINE_2017_COLUMNS = [
  'id',
  'name',
  'screen_name',
  'statuses_count',
  'followers_count',
  'friends_count',
  'favourites_count',
  'listed_count',
  'url',
  'lang',
  'time_zone',
  'location',
  'default_profile',
  'default_profile_image',
  'geo_enabled',
  'profile_image_url',
  'profile_banner_url',
  'profile_use_background_image',
  'profile_background_image_url_https',
  'profile_text_color',
  'profile_image_url_https',
  'profile_sidebar_border_color',
  'profile_background_tile',
  'profile_sidebar_fill_color',
  'profile_background_image_url',
  'profile_background_color',
  'profile_link_color',
  'utc_offset',
  'is_translator',
  'follow_request_sent',
  'protected',
  'verified',
  'notifications',
  'description',
  'contributors_enabled',
  'following',
  'created_at',
  'timestamp',
  'crawled_at',
  'updated',
  'test_set_1',
  'test_set_2',
] as const;

/** Columns a MIB header has: the v1.1 ones plus `updated`, which the crawl added. */
const HEADER_SIGNATURE = ['id', 'screen_name', 'followers_count', 'friends_count', 'updated'] as const;

/** Where the counts sit in the header-less layout; with the numeric id they tell its first row from a header. */
const COUNT_COLUMNS = [3, 4, 5, 6, 7] as const;

/** The subsets of both collections (cresci-2015 names them in its `dataset` column; both in folder names). */
const SUBSET_LABELS: ReadonlyMap<string, Label> = new Map([
  ['E13', 'human'],
  ['TFP', 'human'],
  ['INT', 'fake'],
  ['FSF', 'fake'],
  ['TWT', 'fake'],
  ['genuine_accounts', 'human'],
  ['fake_followers', 'fake'],
]);

/** The label of a subset name; the original archives name folders `genuine_accounts.csv`. */
function subsetLabel(name: string): Label | undefined {
  const subset = name.replace(/\.csv$/i, '');
  return SUBSET_LABELS.get(subset) ?? (subset.includes('spambots') ? 'bot' : undefined);
}

function readDatasetLabel(value: string | undefined): Label | undefined {
  if (value === undefined || value === '' || value === 'NULL') return undefined;
  const label = subsetLabel(value);
  if (label === undefined) {
    throw new FieldError(
      'dataset',
      `expected a MIB subset (E13, TFP, INT, FSF, TWT), got ${JSON.stringify(value)}`,
    );
  }
  return label;
}

export const mibCsv: CsvFormat = {
  name: 'mib',
  title: 'MIB (cresci-2015, cresci-2017) users.csv, header-less genuine_accounts included',
  platform: 'x',
  reference: 'http://mib.projects.iit.cnr.it/dataset.html',
  framing: 'csv',
  detect(firstRow) {
    const isHeaderlessGenuine =
      firstRow.length === MIB_GENUINE_2017_COLUMNS.length &&
      /^\d+$/.test(firstRow[0] ?? '') &&
      COUNT_COLUMNS.every((column) => /^\d+$/.test(firstRow[column] ?? ''));
    if (isHeaderlessGenuine) return { columns: [...MIB_GENUINE_2017_COLUMNS], hasHeader: false };
    const columns = new Set(firstRow);
    return HEADER_SIGNATURE.every((column) => columns.has(column))
      ? { columns: [...firstRow], hasHeader: true }
      : undefined;
  },
  map(record, context) {
    const account = mapXV1User(record, true);
    // `updated` is the crawl time in cresci-2015; cresci-2017 has crawled_at and rewrote `updated` in 2016
    account.observedAt = readTime(record.crawled_at, 'crawled_at') ?? readTime(record.updated, 'updated');
    const label = readDatasetLabel(record.dataset) ?? context.inputLabel;
    return label === undefined ? { account } : { account, label };
  },
  async prepare(input) {
    if (input.path === undefined) return {};
    const folder = basename(dirname(resolve(input.path)));
    const label = subsetLabel(folder);
    if (label === undefined) return {};
    return {
      inputLabel: label,
      notes: [`label ${label} from the folder name ${folder}, unless a row's dataset column says otherwise`],
    };
  },
};
