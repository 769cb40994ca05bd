// The review file: one row per drawn follower with what a person needs to judge it and an empty label column, and the reader of the labels filled in.
import type { Account } from '../../core/account.ts';
import { detectDelimiter, isCsvRowError, splitCsvText } from '../../ingest/framing/csv-rows.ts';
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

const LABEL_WORDS: Record<string, ReviewLabel> = {
  fake: 'fake',
  bot: 'fake',
  real: 'real',
  human: 'real',
  unsure: 'unsure',
  '?': 'unsure',
};

/** A review row is a few hundred characters; a longer one is a broken file, reported at its line. */
const MAX_ROW_CHARS = 1_000_000;

/**
 * The labels of a review file (any CSV with `id` and `label` columns; a spreadsheet may save it back with semicolons
 * or tabs). A row that cannot be read — a broken quote, more cells than the header — is a problem naming its line
 * and the reading goes on; an id labelled twice keeps its first label.
 */
export function readReviewLabels(text: string, file: string): ReviewLabels {
  const frames = splitCsvText(text, detectDelimiter(text.replace(/^\uFEFF/, '')), {
    maxRecordChars: MAX_ROW_CHARS,
  });
  const result: ReviewLabels = { rows: [], unlabelled: 0, problems: [] };
  const headerAt = frames.findIndex((frame) => !isCsvRowError(frame));
  const headerRow = frames[headerAt];
  const header =
    headerRow === undefined || isCsvRowError(headerRow)
      ? []
      : headerRow.cells.map((name) => name.trim().toLowerCase());
  const idColumn = header.indexOf('id');
  const labelColumn = header.indexOf('label');
  if (idColumn < 0 || labelColumn < 0)
    return {
      ...result,
      problems: [
        `${file}:${headerRow?.line ?? 1}: expected a header with the columns id and label, got ${header.join(', ')}`,
      ],
    };
  const seen = new Map<string, ReviewLabelRow>();
  for (const [index, frame] of frames.entries()) {
    if (index === headerAt) continue;
    const where = `${file}:${frame.line}`;
    if (isCsvRowError(frame)) {
      result.problems.push(`${where}: (row): ${frame.reason}`);
      continue;
    }
    const record = frame.cells;
    if (record.length > header.length) {
      result.problems.push(
        `${where}: (row): expected ${header.length} cells as in the header, got ${record.length}`,
      );
      continue;
    }
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
