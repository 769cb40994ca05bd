// A follower's stored profile facts in the words a reviewer reads, and as the cells of the review CSV.
import type { FollowerFacts } from '../../../audit/report-schema.ts';
import { REVIEW_FACT_COLUMNS } from '../../../audit/verification/review-file.ts';
import { countOf } from '../../../core/plural.ts';
import { formatCount } from './report-numbers.ts';

/** What an unknown fact reads as: the source did not give it, which says nothing about the account. */
export const NOT_GIVEN = 'not given by the source';

/** Said once, in place of the facts, for a follower saved before realreach kept them. */
export const FACTS_NOT_STORED =
  'not stored: this audit was saved before realreach kept followers’ profile facts. Open the profile to judge it, or audit the list again to have them here.';

const DAY_MS = 86_400_000;

/** A span of time in the unit a person would use: "12 days", "5 months", "3.4 years". */
function spanOf(ms: number): string {
  const days = Math.max(0, Math.floor(ms / DAY_MS));
  if (days < 60) return countOf(days, 'day');
  if (days < 730) return countOf(Math.floor(days / 30.44), 'month');
  return countOf(Math.round((days / 365.25) * 10) / 10, 'year');
}

const dayOf = (iso: string) => iso.slice(0, 10);

/** "2019-03-04, 3.4 years before the list was read"; the age only when the capture time is known. */
export function describeCreated(createdAt: string | null, observedAt: string | null): string {
  if (createdAt === null) return NOT_GIVEN;
  const created = Date.parse(createdAt);
  const observed = observedAt === null ? Number.NaN : Date.parse(observedAt);
  if (Number.isNaN(created) || Number.isNaN(observed)) return dayOf(createdAt);
  return `${dayOf(createdAt)}, ${spanOf(observed - created)} before the list was read`;
}

const count = (value: number | null) => (value === null ? NOT_GIVEN : formatCount(value));
const yesNo = (value: boolean | null, yes: string, no: string) =>
  value === null ? NOT_GIVEN : value ? yes : no;

/** The facts as (term, text) pairs, in the order a person checks a profile. */
export function followerFactRows(facts: FollowerFacts, createdAt: string | null): [string, string][] {
  return [
    ['Name', facts.displayName ?? NOT_GIVEN],
    ['Followers', count(facts.followers)],
    ['Following', count(facts.following)],
    ['Posts', count(facts.posts)],
    ['Account created', describeCreated(createdAt, facts.observedAt)],
    ['Last post', facts.lastPostAt === null ? NOT_GIVEN : dayOf(facts.lastPostAt)],
    ['Profile picture', yesNo(facts.defaultAvatar, 'the platform’s default picture', 'a picture of its own')],
    ['Verified', yesNo(facts.verified, 'yes', 'no')],
    ['Says it is a bot', yesNo(facts.declaredBot, 'yes', 'no')],
    ['Bio', facts.bio ?? 'empty or not given'],
  ];
}

const cell = (value: number | boolean | null) => (value === null ? '' : String(value));

/** The cells under REVIEW_FACT_COLUMNS; all empty when the facts were not stored. */
export function followerFactCells(facts: FollowerFacts | null, createdAt: string | null): string[] {
  if (facts === null)
    return REVIEW_FACT_COLUMNS.map((column) => (column === 'created' && createdAt ? dayOf(createdAt) : ''));
  return [
    facts.displayName ?? '',
    cell(facts.followers),
    cell(facts.following),
    cell(facts.posts),
    createdAt === null ? '' : dayOf(createdAt),
    facts.lastPostAt === null ? '' : dayOf(facts.lastPostAt),
    cell(facts.defaultAvatar),
    cell(facts.verified),
    cell(facts.declaredBot),
    facts.bio ?? '',
  ];
}
