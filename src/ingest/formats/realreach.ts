// realreach's own JSONL and CSV columns: the Account fields by name, so anyone can convert anything into them.
import {
  ACCOUNT_FIELDS,
  type Account,
  type AccountField,
  LABELS,
  type Label,
  PLATFORMS,
  type Platform,
} from '../../core/account.ts';
import { stringEditDistance } from '../../core/edit-distance.ts';
import { FieldError } from '../../core/errors.ts';
import { asRecord, readCount, readFlag, readId, readNumber, readText, readTime } from '../fields.ts';
import type { CsvFormat, JsonFormat, MappedAccount, MappedRecord } from '../format.ts';

type Kind = 'text' | 'count' | 'ratio' | 'flag' | 'time';

/** Every column of the format with its kind; the README documents the same list. */
export const REALREACH_COLUMNS: Readonly<Record<AccountField, Kind>> = {
  handle: 'text',
  displayName: 'text',
  bio: 'text',
  url: 'text',
  profileUrl: 'text',
  location: 'text',
  followersCount: 'count',
  followingCount: 'count',
  postsCount: 'count',
  likesCount: 'count',
  listedCount: 'count',
  hasDefaultAvatar: 'flag',
  hasBanner: 'flag',
  isVerified: 'flag',
  isPrivate: 'flag',
  isSelfDeclaredBot: 'flag',
  isGroup: 'flag',
  createdAt: 'time',
  lastPostAt: 'time',
  observedAt: 'time',
  followedAt: 'time',
  bioLength: 'count',
  handleLength: 'count',
  handleDigits: 'count',
  handleDigitRatio: 'ratio',
  displayNameWords: 'count',
  displayNameDigitRatio: 'ratio',
  displayNameEqualsHandle: 'flag',
  hasUrl: 'flag',
};

/** The CSV header, in order: platform, id, every Account field, label. */
export const REALREACH_CSV_HEADER = ['platform', 'id', ...ACCOUNT_FIELDS, 'label'] as const;

function readPlatform(value: unknown, given: Platform | undefined): Platform {
  if (value === undefined && given !== undefined) return given;
  if (typeof value === 'string' && (PLATFORMS as readonly string[]).includes(value)) return value as Platform;
  throw new FieldError('platform', `expected one of ${PLATFORMS.join(', ')}, got ${JSON.stringify(value)}`);
}

function readLabel(value: unknown): Label | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string' && (LABELS as readonly string[]).includes(value)) return value as Label;
  throw new FieldError('label', `expected one of ${LABELS.join(', ')}, got ${JSON.stringify(value)}`);
}

/**
 * One field of its kind. With `knownEmpty`, text is taken as written: `""` is text known to be empty (a user who
 * left the bio blank), distinct from an absent key or unquoted empty CSV cell, which is unknown.
 */
export function readRealreachField(kind: Kind, value: unknown, field: string, knownEmpty = false): unknown {
  switch (kind) {
    case 'text':
      if (!knownEmpty) return readText(value, field);
      if (value === undefined || value === null) return undefined;
      if (typeof value === 'string') return value;
      throw new FieldError(field, `expected text, got ${typeof value}`);
    case 'count':
      return readCount(value, field);
    case 'ratio':
      return readNumber(value, field, 0, 1);
    case 'flag':
      return readFlag(value, field);
    case 'time':
      return readTime(value, field);
  }
}

/** The keys a realreach record may hold: platform, id, the Account fields, label. */
const RECORD_KEYS: ReadonlySet<string> = new Set<string>(REALREACH_CSV_HEADER);

/**
 * A key that is a realreach field misspelt (`follwersCount`, `handle_length`, `profileURL`) would leave that field
 * unknown without a word: the record is rejected, naming it. Other keys a converter added are ignored, as JSON's are.
 */
function refuseMisspeltKeys(record: Record<string, unknown>): void {
  for (const key in record) {
    if (RECORD_KEYS.has(key)) continue;
    const near = nearestColumn(key);
    if (near !== undefined)
      throw new FieldError(
        key,
        `not a realreach field: did you mean ${near}? (its value would be left unread)`,
      );
  }
}

function mapRecord(record: Record<string, unknown>, platform?: Platform): MappedRecord {
  const account: Record<string, unknown> = {
    platform: readPlatform(record.platform, platform),
    id: readId(record.id, 'id'),
  };
  for (const field of ACCOUNT_FIELDS) {
    const value = readRealreachField(REALREACH_COLUMNS[field], record[field], field, true);
    if (value !== undefined) account[field] = value;
  }
  const label = readLabel(record.label);
  return label === undefined
    ? { account: account as MappedAccount }
    : { account: account as MappedAccount, label };
}

/** One Account (and its label) as a record of this format: what `fetch` writes and every reader can read back. */
export function toRealreachRecord(
  account: Account,
  label?: Label,
): Record<string, string | number | boolean> {
  const record: Record<string, string | number | boolean> = { platform: account.platform, id: account.id };
  for (const field of ACCOUNT_FIELDS) {
    const value = account[field];
    if (value !== undefined) record[field] = value instanceof Date ? value.toISOString() : value;
  }
  if (label !== undefined) record.label = label;
  return record;
}

/** A CSV cell: empty when unknown, `""` when known to be empty, quoted when it holds a comma, quote or line break. */
function csvCell(value: string | number | boolean | undefined): string {
  if (value === undefined) return '';
  const text = String(value);
  if (text === '') return '""';
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One Account (and its label) as a line of realreach CSV under REALREACH_CSV_HEADER (no line break). */
export function toRealreachCsvLine(account: Account, label?: Label): string {
  const record = toRealreachRecord(account, label);
  return REALREACH_CSV_HEADER.map((column) => csvCell(record[column])).join(',');
}

export const realreachJson: JsonFormat = {
  name: 'realreach',
  title: "realreach's own Account records (JSONL or a JSON array)",
  platform: 'other',
  reference: 'README.md, "Input formats"',
  framing: 'json',
  detect(value) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    const platform = (value as Record<string, unknown>).platform;
    return (
      'id' in value && typeof platform === 'string' && (PLATFORMS as readonly string[]).includes(platform)
    );
  },
  map(record) {
    const fields = asRecord(record);
    refuseMisspeltKeys(fields);
    return mapRecord(fields);
  },
};

export const realreachCsv: CsvFormat = {
  name: 'realreach-csv',
  title: "realreach's own Account columns as CSV",
  platform: 'other',
  reference: 'README.md, "Input formats"',
  framing: 'csv',
  quotedEmptyIsKnown: true,
  detect(firstRow) {
    // without a platform column the platform is --platform's, or "other"
    const known = new Set<string>(REALREACH_CSV_HEADER);
    return firstRow.includes('id') && firstRow.every((cell) => known.has(cell))
      ? { columns: [...firstRow], hasHeader: true }
      : undefined;
  },
  mismatch(firstRow) {
    // a header with an id column and realreach columns beside the unknown ones is meant as this format
    const known = new Set<string>(REALREACH_CSV_HEADER);
    const unknown = firstRow.filter((cell) => !known.has(cell));
    if (!firstRow.includes('id') || unknown.length === 0 || unknown.length * 2 >= firstRow.length)
      return undefined;
    const named = unknown.map((cell) => {
      const near = nearestColumn(cell);
      return `"${cell}"${near ? ` (did you mean ${near}?)` : ''}`;
    });
    return `the header's column${unknown.length > 1 ? 's' : ''} ${named.join(', ')} ${unknown.length > 1 ? 'are' : 'is'} not among realreach's own columns (README.md, "realreach's own columns"): rename or remove ${unknown.length > 1 ? 'them' : 'it'}`;
  },
  map(record, context) {
    return mapRecord(record, context.platform ?? 'other');
  },
};

/**
 * The realreach column a misspelt name most likely means: the same but for case, or — for names of 6 characters or
 * more, where two edits are still a small part of the name — at most two edits away.
 */
function nearestColumn(name: string): string | undefined {
  let best: string | undefined;
  let bestDistance = name.length >= 6 ? 3 : 1;
  for (const column of REALREACH_CSV_HEADER) {
    const distance = column.toLowerCase() === name.toLowerCase() ? 0 : stringEditDistance(column, name);
    if (distance < bestDistance) {
      best = column;
      bestDistance = distance;
    }
  }
  return best;
}
