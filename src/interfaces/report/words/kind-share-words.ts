// The kinds of fake (bought fake followers, spam bots) beside the fake share, in the words the text report, the HTML report and the dashboard all print.
import type { AuditReport } from '../../../audit/report-schema.ts';
import { formatShare, formatShareInterval } from './report-numbers.ts';

const KIND_WORDS: Record<string, string> = { fakeFollower: 'bought fake followers', spamBot: 'spam bots' };

/**
 * "bought fake followers 4.1 % (95 % CI 2.0–6.3 %); spam bots …", or null when the report has no kinds. When no kind
 * can be split from the fake share, that comes first: "not split for this audience — each of … lies between none and
 * 67.4 % (…)". Otherwise a kind
 * bounded by the fake share (the kind models cannot split this audience) has no estimate of its own to show: it
 * reads "at most" the fake share's upper end, never a figure beside it that the fake share contradicts.
 */
export function kindShareWords(report: AuditReport): string | null {
  const kinds = report.kindShares;
  if (kinds === undefined || kinds.length === 0) return null;
  const { confidence } = report.uncertainty;
  if (kinds.every((entry) => entry.boundedByFakeShare)) {
    // nothing of its own to show for any kind: say that first, then the bound they all share
    const names = kinds.map(({ kind }) => KIND_WORDS[kind] ?? kind);
    const most = Math.max(...kinds.map(({ share }) => share.high));
    return `not split for this audience — ${names.length === 1 ? '' : 'each of '}${names.join(' and ')} lies between none and ${formatShare(most)} (the kind models cannot split it: a shift test fired or they disagree with the fake share; a follower of either kind counts once in the fake share)`;
  }
  const shares = kinds
    .map(
      ({ kind, share, boundedByFakeShare }) =>
        `${KIND_WORDS[kind] ?? kind} ${boundedByFakeShare ? `at most ${formatShare(share.high)}` : formatShareInterval(share, confidence)}`,
    )
    .join('; ');
  const bounded = kinds.some((entry) => entry.boundedByFakeShare)
    ? '; the kind models cannot split this audience — a shift test fired or they disagree with the fake share — so a kind marked "at most" is known only to lie between none and the upper end of the fake share'
    : '';
  return `${shares} (each by its own model; a follower of either kind counts once in the fake share${bounded})`;
}
