// Numbers and nouns in the words of a reason sentence: "4,100 accounts", "12 days", "2.5 a day", "40%".
import { countOf, nounFor } from '../core/plural.ts';

const WHOLE = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const ONE_DECIMAL = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const TWO_SIGNIFICANT = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 2 });

/** A count with thousands separators: 4100 → "4,100". */
export function formatCount(count: number): string {
  return WHOLE.format(count);
}

/** A count and its noun in agreement ("1 follower", "4,100 followers"): the one helper every face uses. */
export { countOf };

/** A rate with as many digits as its size deserves: 341.66 → "342", 2.46 → "2.5", 0.0123 → "0.012". */
export function formatRate(rate: number): string {
  if (rate >= 100) return WHOLE.format(rate);
  if (rate >= 1) return ONE_DECIMAL.format(rate);
  return TWO_SIGNIFICANT.format(rate);
}

/** A rate and its noun, singular only when it reads as exactly one: "1 post", "0.5 posts", "2.5 posts". */
export function rateOf(rate: number, singular: string, plural = `${singular}s`): string {
  const written = formatRate(rate);
  return `${written} ${nounFor(Number(written.replaceAll(',', '')), singular, plural)}`;
}

/** A share 0–1 as a whole percentage: 0.4 → "40%". */
export function formatPercent(share: number): string {
  return `${WHOLE.format(share * 100)}%`;
}

/** A span of days in the unit a reader expects: "12 days", "5 months", "3.2 years". */
export function formatDays(days: number): string {
  if (days < 90) return countOf(Math.round(days), 'day');
  if (days < 730) return countOf(Math.round(days / 30.44), 'month');
  return `${ONE_DECIMAL.format(days / 365.25)} years`;
}

/** Words in a list as a sentence has them: "bio", "bio and link", "post count, bio and link". */
export function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}
