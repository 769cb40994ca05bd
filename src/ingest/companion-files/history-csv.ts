// Reads a follower-count history CSV (`date,followers[,following,posts]`, as Social Blade pages and platform analytics exports give) into counts at dates, with file:line errors for bad rows.
import { readFile } from 'node:fs/promises';
import { startsWithCalendarDay } from '../../core/calendar-date.ts';
import { cannotOpen, InputError, type RecordError } from '../../core/errors.ts';
import { detectDelimiter, isCsvRowError, splitCsvText } from '../framing/csv-rows.ts';

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
  /** Each replaced row: its line, and the later line kept in its place. */
  repeats: { dropped: number; kept: number }[];
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
  const head = text.replace(/^\uFEFF/, '');
  const header = (head.split(/\r?\n/, 1)[0] ?? '').split(detectDelimiter(head)).map(normalise);
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
  if (
    /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(trimmed) &&
    startsWithCalendarDay(trimmed)
  ) {
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

/** A history row is a date and three counts; a longer one is a broken file, reported at its line. */
const MAX_ROW_CHARS = 100_000;

/**
 * Parses the text of a history CSV; `file` names it in errors. A row that cannot be read — a broken quote, more
 * cells than the header (an unquoted thousands separator), a bad date or count — is rejected with its line and the
 * rows around it are kept.
 */
export function parseHistoryCsv(text: string, file: string): HistoryFile {
  // Spreadsheets set to a locale with a decimal comma save `date;followers`, and some tools write tabs.
  const delimiter = detectDelimiter(text.replace(/^\uFEFF/, ''));
  const frames = splitCsvText(text, delimiter, { maxRecordChars: MAX_ROW_CHARS });
  const headerAt = frames.findIndex((frame) => !isCsvRowError(frame));
  const headerRow = frames[headerAt];
  if (headerRow === undefined || isCsvRowError(headerRow)) throw new InputError(`${file}: the file is empty`);
  const header = headerRow.cells;
  const columnOf = new Map<(typeof COLUMNS)[number], number>();
  header.forEach((cell, index) => {
    const name = ALIASES[normalise(cell)];
    if (name !== undefined && !columnOf.has(name)) columnOf.set(name, index);
  });
  if (!columnOf.has('date') || !columnOf.has('followers'))
    throw new InputError(
      `${file}:${headerRow.line}: expected a header with date and followers columns (date,followers[,following,posts]), got ${header.join(delimiter)}`,
    );
  const byDate = new Map<number, HistoryRow>();
  const rejected: RecordError[] = [];
  const repeats: HistoryFile['repeats'] = [];
  for (const [position, frame] of frames.entries()) {
    if (position === headerAt) continue;
    const line = frame.line;
    if (isCsvRowError(frame)) {
      rejected.push({ file, line, field: '(record)', reason: frame.reason });
      continue;
    }
    const record = frame.cells;
    if (record.length > header.length) {
      rejected.push({
        file,
        line,
        field: '(record)',
        reason: `expected ${header.length} fields as in the header, got ${record.length}${delimiter === ',' ? ' (a count with a thousands separator is quoted: "1,200")' : ''}`,
      });
      continue;
    }
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
      if (raw === undefined && name === 'followers') {
        rejected.push({ file, line, field: name, reason: 'missing' });
        bad = true;
        break;
      }
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
    const earlier = byDate.get(key);
    if (earlier !== undefined) repeats.push({ dropped: earlier.line, kept: line });
    byDate.set(key, {
      at,
      followers: counts.followers,
      ...(counts.following === undefined ? {} : { following: counts.following }),
      ...(counts.posts === undefined ? {} : { posts: counts.posts }),
      line,
    });
  }
  const rows = [...byDate.values()].sort((a, b) => a.at.getTime() - b.at.getTime());
  return { rows, rejected, duplicateDates: repeats.length, repeats };
}

export async function readHistoryCsv(path: string): Promise<HistoryFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw cannotOpen(path, error);
  }
  return parseHistoryCsv(text, path);
}
