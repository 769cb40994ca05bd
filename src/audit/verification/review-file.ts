// The review file: one row per drawn follower with what a person needs to judge it and an empty label column, and the reader of the labels filled in.
import { parse } from 'csv-parse/sync';
import type { Account } from '../../core/account.ts';
import { profileUrlOfAccount } from './profile-url.ts';
import type { ReviewDraw } from './review-sample.ts';
import { describeStratum } from './review-strata.ts';

export const REVIEW_LABELS = ['fake', 'real', 'unsure'] as const;
export type ReviewLabel = (typeof REVIEW_LABELS)[number];

/** The facts a person judges a follower by, the review CSV's columns after `profile_url`. */
export const REVIEW_FACT_COLUMNS = [
  'display_name',
  'followers',
  'following',
  'posts',
  'created',
  'last_post',
  'default_avatar',
  'verified',
  'declared_bot',
  'bio',
] as const;

export const REVIEW_COLUMNS: readonly string[] = [
  'id',
  'handle',
  'platform',
  'profile_url',
  ...REVIEW_FACT_COLUMNS,
  'p_fake',
  'stratum',
  'label',
];

/**
 * A spreadsheet runs a cell that starts with = + - @ or a tab/return as a formula; ids, handles and bios come from
 * untrusted input, so such a cell gets a leading apostrophe, which the reader removes again from ids.
 */
function inert(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

const cell = (value: number | boolean | undefined) => (value === undefined ? '' : String(value));
const day = (time: Date | undefined) => (time === undefined ? '' : time.toISOString().slice(0, 10));

/** The cells of one drawn follower, in REVIEW_COLUMNS' order, the label empty. */
export function reviewRow(draw: ReviewDraw<Account>): string[] {
  const account = draw.item;
  return [
    inert(account.id),
    inert(account.handle ?? ''),
    account.platform,
    profileUrlOfAccount(account) ?? '',
    inert(account.displayName ?? ''),
    cell(account.followersCount),
    cell(account.followingCount),
    cell(account.postsCount),
    day(account.createdAt),
    day(account.lastPostAt),
    cell(account.hasDefaultAvatar),
    cell(account.isVerified),
    cell(account.isSelfDeclaredBot),
    inert((account.bio ?? '').replace(/\s+/g, ' ').trim()),
    String(Math.round(draw.pFake * 10_000) / 10_000),
    describeStratum(draw.stratum),
    '',
  ];
}

export interface ReviewLabelRow {
  id: string;
  label: ReviewLabel;
  /** `file:line`, for messages. */
  where: string;
}

export interface ReviewLabels {
  rows: ReviewLabelRow[];
  /** Rows with an empty label: drawn but not (yet) judged. */
  unlabelled: number;
  /** Rows that could not be read, as `file:line: field: reason`; the rest are kept. */
  problems: string[];
}

interface ParsedRow {
  record: string[];
  info: { lines: number };
}

const LABEL_WORDS: Record<string, ReviewLabel> = {
  fake: 'fake',
  bot: 'fake',
  real: 'real',
  human: 'real',
  unsure: 'unsure',
  '?': 'unsure',
};

/** A spreadsheet may save the file back with semicolons or tabs: the header line says which. */
function headerDelimiter(text: string): string {
  const header = text.slice(0, text.search(/\r?\n|$/));
  const counts = [',', ';', '\t'].map((delimiter) => ({ delimiter, count: header.split(delimiter).length }));
  return counts.reduce((best, next) => (next.count > best.count ? next : best)).delimiter;
}

/**
 * The labels of a review file (any CSV with `id` and `label` columns). A row that cannot be read is a problem
 * naming its line and the reading goes on; an id labelled twice keeps its first label.
 */
export function readReviewLabels(text: string, file: string): ReviewLabels {
  let rows: ParsedRow[];
  try {
    rows = parse(text, {
      delimiter: headerDelimiter(text),
      info: true,
      skip_empty_lines: true,
      bom: true,
      relax_column_count: true,
    }) as unknown as ParsedRow[];
  } catch (error) {
    return { rows: [], unlabelled: 0, problems: [`${file}: not a CSV file: ${(error as Error).message}`] };
  }
  const header = (rows.shift()?.record ?? []).map((name) => name.trim().toLowerCase());
  const idColumn = header.indexOf('id');
  const labelColumn = header.indexOf('label');
  if (idColumn < 0 || labelColumn < 0)
    return {
      rows: [],
      unlabelled: 0,
      problems: [`${file}:1: expected a header with the columns id and label, got ${header.join(', ')}`],
    };
  const result: ReviewLabels = { rows: [], unlabelled: 0, problems: [] };
  const seen = new Map<string, ReviewLabelRow>();
  for (const { record, info } of rows) {
    const where = `${file}:${info.lines}`;
    const id = (record[idColumn] ?? '').trim().replace(/^'(?=[=+\-@\t\r])/, '');
    const word = (record[labelColumn] ?? '').trim().toLowerCase();
    if (id === '') {
      result.problems.push(`${where}: id: missing`);
      continue;
    }
    if (word === '') {
      result.unlabelled++;
      continue;
    }
    const label = LABEL_WORDS[word];
    if (label === undefined) {
      result.problems.push(`${where}: label: expected fake, real or unsure, got ${JSON.stringify(word)}`);
      continue;
    }
    const earlier = seen.get(id);
    if (earlier !== undefined) {
      if (earlier.label !== label)
        result.problems.push(
          `${where}: id ${id} is labelled ${label} here and ${earlier.label} at ${earlier.where}: the first is kept`,
        );
      continue;
    }
    const row = { id, label, where };
    seen.set(id, row);
    result.rows.push(row);
  }
  return result;
}
