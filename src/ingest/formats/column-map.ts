// Any CSV through a column map (`--columns handle=username,followersCount=followers`), and the plain scraped CSV (`username,followers,following,posts`) recognised by its header.
import { type AccountField, PLATFORMS, type Platform } from '../../core/account.ts';
import { FieldError, InputError } from '../../core/errors.ts';
import { readId } from '../fields.ts';
import type { CsvFormat, MappedAccount, RecordContext } from '../format.ts';
import { REALREACH_COLUMNS, readRealreachField } from './realreach.ts';

/** Account field (or `id`, `platform`) → the CSV column that holds it. */
export type ColumnMap = Readonly<Record<string, string>>;

const MAPPABLE = new Set<string>(['id', 'platform', ...Object.keys(REALREACH_COLUMNS)]);

/** Parses `handle=username,followersCount=followers`; names the unknown field or the malformed pair. */
export function parseColumnMap(text: string): ColumnMap {
  const map: Record<string, string> = {};
  for (const pair of text.split(',')) {
    if (pair.trim() === '') continue;
    const equals = pair.indexOf('=');
    const field = equals < 0 ? '' : pair.slice(0, equals).trim();
    const column = equals < 0 ? '' : pair.slice(equals + 1).trim();
    if (field === '' || column === '')
      throw new InputError(
        `--columns: expected field=column pairs separated by commas, got "${pair.trim()}"`,
      );
    if (!MAPPABLE.has(field))
      throw new InputError(
        `--columns: unknown field "${field}"; one of: ${[...MAPPABLE].join(', ')} (README, "Input formats")`,
      );
    map[field] = column;
  }
  if (map.id === undefined && map.handle === undefined)
    throw new InputError('--columns: map id or handle (a follower needs one of them)');
  return map;
}

function platformOf(value: string | undefined, context: RecordContext): Platform {
  if (value === undefined || value.trim() === '') return context.platform ?? 'other';
  const name = value.trim().toLowerCase();
  if ((PLATFORMS as readonly string[]).includes(name)) return name as Platform;
  throw new FieldError('platform', `expected one of ${PLATFORMS.join(', ')}, got ${JSON.stringify(value)}`);
}

/** Maps a row through the column map: the id is the id column's, else the handle (unique on every platform). */
function mapRow(
  row: Readonly<Record<string, string>>,
  map: ColumnMap,
  context: RecordContext,
): MappedAccount {
  const account: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(map)) {
    if (field === 'id' || field === 'platform') continue;
    const value = readRealreachField(REALREACH_COLUMNS[field as AccountField], row[column], column);
    if (value !== undefined) account[field] = value;
  }
  const platform = platformOf(map.platform === undefined ? undefined : row[map.platform], context);
  const id =
    map.id !== undefined
      ? readId(row[map.id], map.id)
      : readId(typeof account.handle === 'string' ? account.handle : undefined, map.handle as string);
  return { ...account, platform, id } as MappedAccount;
}

/** A CSV format reading its columns through `map`; a header that lacks a mapped column is an error naming it. */
export function columnMapFormat(map: ColumnMap): CsvFormat {
  return {
    name: 'columns',
    title: 'CSV read through --columns',
    platform: 'other',
    reference: 'README.md, "Any CSV: --columns"',
    framing: 'csv',
    detect(firstRow) {
      const header = firstRow.map((cell) => cell.trim());
      const missing = Object.entries(map).filter(([, column]) => !header.includes(column));
      if (missing.length > 0) {
        const [field, column] = missing[0] as [string, string];
        throw new InputError(
          `the CSV has no column "${column}" (mapped to ${field} by --columns); its columns are: ${header.slice(0, 30).join(', ')}`,
        );
      }
      return { columns: header, hasHeader: true };
    },
    map(row, context) {
      return { account: mapRow(row, map, context) };
    },
  };
}

/** The header scrapers and spreadsheet exports commonly write: a username and the three counts. */
const SCRAPED_COLUMNS: ColumnMap = {
  handle: 'username',
  followersCount: 'followers',
  followingCount: 'following',
  postsCount: 'posts',
};

const scrapedByColumns = columnMapFormat(SCRAPED_COLUMNS);

export const scrapedCsv: CsvFormat = {
  ...scrapedByColumns,
  name: 'scraped-csv',
  title: 'CSV of usernames with follower, following and post counts (username,followers,following,posts)',
  reference: 'README.md, "Input formats"',
  detect(firstRow) {
    const header = new Set(firstRow.map((cell) => cell.trim().toLowerCase()));
    if (!Object.values(SCRAPED_COLUMNS).every((column) => header.has(column))) return undefined;
    return { columns: firstRow.map((cell) => cell.trim().toLowerCase()), hasHeader: true };
  },
};
