// Counts in words that agree in number ("1 follower", "2 followers", "0.5 posts"): the one place user-facing text pluralises.

// Built at first use: a process's first Intl object costs about 20 ms (ICU's start), which a quick command never needs.
let rules: Intl.PluralRules | undefined;
let number: Intl.NumberFormat | undefined;

/**
 * The noun for `count` items: `singular` when English says one, else `plural` (the singular plus "s" unless given).
 * Only a whole 1 is singular ("1 post", "1.5 posts", "0 posts"), as Intl.PluralRules says for en-US.
 */
export function nounFor(count: number, singular: string, plural = `${singular}s`): string {
  rules ??= new Intl.PluralRules('en-US');
  return rules.select(count) === 'one' ? singular : plural;
}

/** The count written out (`1,234`, `0.5`) and its noun in agreement: "1 follower", "1,234 followers". */
export function countOf(count: number, singular: string, plural?: string): string {
  number ??= new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
  return `${number.format(count)} ${nounFor(count, singular, plural)}`;
}
