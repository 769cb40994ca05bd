// The per-follower CSV: its header and one row of cells per follower (the command stringifies them).
import type { FollowerResult } from '../../audit/report-schema.ts';
import { followerProfileUrl } from '../../core/profile-url.ts';

export const FOLLOWER_CSV_HEADER: readonly string[] = [
  'id',
  'handle',
  'platform',
  'profile_url',
  'pFake',
  'type',
  'unlikeTraining',
  'reason1',
  'reason2',
  'reason3',
  'source',
  'label',
];

/**
 * A spreadsheet runs a cell that starts with = + - @ or a tab/return as a formula; ids, handles and sources come
 * from untrusted input, so such a cell gets a leading apostrophe (OWASP's advice against CSV injection).
 */
export function inert(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** The cells of one follower, in FOLLOWER_CSV_HEADER's order; unknown values are empty cells. */
export function followerCsvRow(result: FollowerResult): string[] {
  return [
    inert(result.id),
    inert(result.handle ?? ''),
    result.platform,
    followerProfileUrl(result) ?? '',
    String(Math.round(result.pFake * 10_000) / 10_000),
    result.type,
    String(result.unlikeTraining),
    inert(result.reasons[0] ?? ''),
    inert(result.reasons[1] ?? ''),
    inert(result.reasons[2] ?? ''),
    inert(result.source),
    result.label ?? '',
  ];
}
