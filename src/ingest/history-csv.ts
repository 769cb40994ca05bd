// Reads a follower-count history CSV (`date,followers[,following,posts]`, as Social Blade pages and platform analytics exports give) into counts at dates, with file:line errors for bad rows.
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { InputError, type RecordError } from '../core/errors.ts';

export interface HistoryRow {
  /** Midnight UTC of the row's date, or the exact time when the cell has one. */
  at: Date;
  followers: number;
  following?: number;
  posts?: number;
  line: number;
}

export interface HistoryFile {
  rows: HistoryRow[];
  /** Rows not read, each with its line, field and reason; the good rows around them are kept. */
  rejected: RecordError[];
  /** Rows for a date already seen: the later row wins; how many were replaced. */
  duplicateDates: number;
}

const COLUMNS = ['date', 'followers', 'following', 'posts'] as const;
/** Header names other tools use for the same columns. */
const ALIASES: Record<string, (typeof COLUMNS)[number]> = {
  date: 'date',
  day: 'date',
  time: 'date',
  followers: 'followers',
  followers_count: 'followers',
  follower_count: 'followers',
  following: 'following',
  following_count: 'following',
  friends_count: 'following',
  posts: 'posts',
  posts_count: 'posts',
  statuses_count: 'posts',
  tweets: 'posts',
  media: 'posts',
};

/** True when the first line of `text` is a history header: a date column and a followers column. */
export function looksLikeHistoryCsv(text: string): boolean {
  const header = (text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '').split(',').map(normalise);
  const names = header.map((cell) => ALIASES[cell]);
  return names.includes('date') && names.includes('followers');
}

function normalise(cell: string): string {
  return cell.trim().toLowerCase().replace(/\s+/g, '_');
}

function parseDate(text: string): Date | undefined {
  const trimmed = text.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(trimmed)) {
    const date = new Date(`${trimmed}T00:00:00Z`);
    return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== trimmed ? undefined : date;
  }
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(trimmed)) {
    const date = new Date(trimmed.replace(' ', 'T'));
    return Number.isNaN(date.getTime()) ? undefined : date;
  }
  return undefined;
}

function parseCount(text: string): number | undefined {
  const trimmed = text.trim().replace(/[,_ ]/g, '');
  if (!/^\d+$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isSafeInteger(value) ? value : undefined;
}

/** Parses the text of a history CSV; `file` names it in errors. */
export function parseHistoryCsv(text: string, file: string): HistoryFile {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      relax_column_count: true,
      skip_empty_lines: true,
      bom: true,
      info: true,
    }) as unknown as {
      record: string[];
      info: { lines: number };
    }[];
  } catch (error) {
    throw new InputError(`${file}: not a readable CSV: ${(error as Error).message}`);
  }
  const header = records[0]?.record;
  if (header === undefined) throw new InputError(`${file}: the file is empty`);
  const columnOf = new Map<(typeof COLUMNS)[number], number>();
  header.forEach((cell, index) => {
    const name = ALIASES[normalise(cell)];
    if (name !== undefined && !columnOf.has(name)) columnOf.set(name, index);
  });
  if (!columnOf.has('date') || !columnOf.has('followers'))
    throw new InputError(
      `${file}:1: expected a header with date and followers columns (date,followers[,following,posts]), got ${header.join(',')}`,
    );
  const byDate = new Map<number, HistoryRow>();
  const rejected: RecordError[] = [];
  let duplicateDates = 0;
  for (let r = 1; r < records.length; r++) {
    const { record, info } = records[r] as { record: string[]; info: { lines: number } };
    const line = info.lines;
    const cell = (name: (typeof COLUMNS)[number]) => {
      const index = columnOf.get(name);
      return index === undefined ? undefined : record[index];
    };
    const dateText = cell('date') ?? '';
    const at = parseDate(dateText);
    if (at === undefined) {
      rejected.push({
        file,
        line,
        field: 'date',
        reason: `expected YYYY-MM-DD (or an ISO time with zone), got "${dateText}"`,
      });
      continue;
    }
    const counts: Partial<Record<'followers' | 'following' | 'posts', number>> = {};
    let bad = false;
    for (const name of ['followers', 'following', 'posts'] as const) {
      const raw = cell(name);
      if (raw === undefined || (raw.trim() === '' && name !== 'followers')) continue;
      const value = parseCount(raw);
      if (value === undefined) {
        rejected.push({
          file,
          line,
          field: name,
          reason: `expected a count (a whole number >= 0), got "${raw}"`,
        });
        bad = true;
        break;
      }
      counts[name] = value;
    }
    if (bad || counts.followers === undefined) continue;
    const key = at.getTime();
    if (byDate.has(key)) duplicateDates++;
    byDate.set(key, {
      at,
      followers: counts.followers,
      ...(counts.following === undefined ? {} : { following: counts.following }),
      ...(counts.posts === undefined ? {} : { posts: counts.posts }),
      line,
    });
  }
  const rows = [...byDate.values()].sort((a, b) => a.at.getTime() - b.at.getTime());
  return { rows, rejected, duplicateDates };
}

export async function readHistoryCsv(path: string): Promise<HistoryFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError(
      `${path}: cannot open: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  return parseHistoryCsv(text, path);
}
