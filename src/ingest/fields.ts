// Typed readers for one field of a raw record: they return a clean value, `undefined` for "not given", or throw a FieldError.
import { FieldError } from '../core/errors.ts';
import { xV1Time } from './x-v1-time.ts';

/** Tokens that mean "no value" in CSV exports (MIB writes NULL; others write empty cells). */
function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || value === '' || value === 'NULL' || value === 'null';
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

/** A required identifier: a non-empty string or a safe integer. */
export function readId(value: unknown, field: string): string {
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (trimmed !== '' && trimmed !== 'NULL') return trimmed;
  } else if (typeof value === 'number' && Number.isSafeInteger(value)) {
    return String(value);
  } else if (typeof value === 'number') {
    throw new FieldError(field, `numeric id ${value} is beyond 2^53 and lost precision; give it as a string`);
  }
  throw new FieldError(
    field,
    isAbsent(value) ? 'missing (an id is required)' : `expected an id, got ${describe(value)}`,
  );
}

/** Optional text; empty means not given. */
export function readText(value: unknown, field: string): string | undefined {
  if (isAbsent(value)) return undefined;
  if (typeof value === 'string') return value;
  throw new FieldError(field, `expected text, got ${describe(value)}`);
}

/**
 * Profile text from a source that always carries the field (X, Mastodon): null, empty and NULL mean the user left
 * it empty, which is known (''), not unknown. Only an absent key is unknown.
 */
export function readProfileText(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (value === null || value === 'NULL') return '';
  if (typeof value === 'string') return value;
  throw new FieldError(field, `expected text, got ${describe(value)}`);
}

/** A count as a spreadsheet formats it, with thousands separators: `12,345`. */
const GROUPED_COUNT = /^\d{1,3}(?:,\d{3})+$/;

/**
 * Optional count: a whole number >= 0, as a number or a numeric string (`12,345` too). A blank cell is unknown,
 * never 0 (Number(" ") is 0).
 */
export function readCount(value: unknown, field: string): number | undefined {
  if (isAbsent(value)) return undefined;
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= 0) return value;
  } else if (typeof value === 'string') {
    const trimmed = value.trim();
    if (trimmed === '') return undefined;
    const n = Number(trimmed);
    if (Number.isInteger(n) && n >= 0) return n;
    if (GROUPED_COUNT.test(trimmed)) return Number(trimmed.replaceAll(',', ''));
  }
  throw new FieldError(field, `expected a count (a whole number >= 0), got ${describe(value)}`);
}

/** Optional real number within [min, max]; a blank cell is unknown. */
export function readNumber(
  value: unknown,
  field: string,
  min = -Infinity,
  max = Infinity,
): number | undefined {
  if (isAbsent(value)) return undefined;
  if (typeof value === 'string' && value.trim() === '') return undefined; // a blank cell is unknown, not 0
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : Number.NaN;
  if (Number.isFinite(n) && n >= min && n <= max) return n;
  throw new FieldError(field, `expected a number between ${min} and ${max}, got ${describe(value)}`);
}

const TRUE_TOKENS = new Set(['1', 'true', 'True', 'TRUE', 'yes']);
const FALSE_TOKENS = new Set(['0', 'false', 'False', 'FALSE', 'no']);

/**
 * Optional flag from a boolean, 0/1 or a true/false string.
 * `absentMeans` says what an empty cell means: MIB CSVs write false as an empty cell.
 */
export function readFlag(value: unknown, field: string, absentMeans?: boolean): boolean | undefined {
  if (isAbsent(value)) return absentMeans;
  if (typeof value === 'boolean') return value;
  if (value === 1 || value === 0) return value === 1;
  if (typeof value === 'string') {
    if (TRUE_TOKENS.has(value)) return true;
    if (FALSE_TOKENS.has(value)) return false;
  }
  throw new FieldError(field, `expected true/false or 1/0, got ${describe(value)}`);
}

const MIN_TIME = Date.UTC(2000, 0, 1);
const MAX_TIME = Date.UTC(2100, 0, 1);
const NAIVE_DATE_TIME = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;
const EPOCH_DIGITS = /^(\d{10}|\d{13})L?$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const X_V1_DATE_TIME = /^[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} [+-]\d{4} \d{4}$/;

/**
 * Optional time from: the X v1.1 form (`Fri Apr 06 10:58:22 +0000 2007`), ISO 8601, a zone-less
 * `2015-02-14 10:54:49` (read as UTC, as the MIB crawls were), or epoch seconds/milliseconds (`1183552203000L`).
 */
export function readTime(value: unknown, field: string): Date | undefined {
  if (isAbsent(value)) return undefined;
  let time = Number.NaN;
  if (typeof value === 'number') {
    time = value < 1e11 ? value * 1000 : value;
  } else if (typeof value === 'string') {
    const text = value.trim();
    // X's own form first, read without the regexes and Date.parse (the same ms); its other spellings below
    const plainX = xV1Time(text);
    if (!Number.isNaN(plainX)) time = plainX;
    else if (EPOCH_DIGITS.test(text)) {
      const n = Number(text.endsWith('L') ? text.slice(0, -1) : text);
      time = text.length >= 13 ? n : n * 1000;
    } else if (NAIVE_DATE_TIME.test(text)) {
      time = Date.parse(`${text.replace(' ', 'T')}Z`);
    } else if (ISO_DATE_TIME.test(text) || X_V1_DATE_TIME.test(text)) {
      time = Date.parse(text);
    }
  }
  if (Number.isFinite(time) && time >= MIN_TIME && time < MAX_TIME) return new Date(time);
  throw new FieldError(field, `expected a date between 2000 and 2100, got ${describe(value)}`);
}

/** A nested object, or undefined when absent; anything else is an error. */
export function readObject(value: unknown, field: string): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  throw new FieldError(field, `expected an object, got ${describe(value)}`);
}

/** The record itself must be an object. */
export function asRecord(value: unknown): Record<string, unknown> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value))
    return value as Record<string, unknown>;
  throw new FieldError('(record)', `expected an object, got ${describe(value)}`);
}
