// The verification section of an audit (`audit --labels`) as titled facts, for the text, HTML and dashboard reports alike.
import type { Verification } from '../../../audit/verification/verification-schema.ts';
import { countOf } from '../../../core/plural.ts';
import { formatCount, formatCountInterval, formatShareInterval } from './report-numbers.ts';

const CONFIDENCE = 0.95;
export const VERIFICATION_TITLE = 'Checked against labelled followers';

/** `[term, text]` pairs, in reading order. */
export function verificationFacts(verification: Verification): [string, string][] {
  const { labels } = verification;
  const moved = verification.shift * 100;
  return [
    ['Fake share', formatShareInterval(verification.fakeShare, CONFIDENCE)],
    ['Real followers', formatCountInterval(verification.realFollowers, CONFIDENCE)],
    ['Model alone', formatShareInterval(verification.modelOnly.fakeShare, CONFIDENCE)],
    ['Labels moved it', `${moved >= 0 ? '+' : '−'}${Math.abs(moved).toFixed(1)} points`],
    [
      'Labels alone',
      `${formatShareInterval(verification.labelsOnly, CONFIDENCE)} (the same labels without the model's scores)`,
    ],
    [
      'Labels',
      `${labels.used} used: ${labels.fake} fake, ${labels.real} real, ${labels.unsure} unsure` +
        (labels.unlabelled > 0 ? `; ${labels.unlabelled} not labelled yet` : '') +
        (labels.unmatched > 0 ? `; ${labels.unmatched} not among these followers` : '') +
        (labels.problems > 0 ? `; ${countOf(labels.problems, 'unreadable row')}` : ''),
    ],
    ['Unsure labels', verification.unsureRule],
    ['Model weight', `λ = ${verification.predictionWeight.toFixed(2)} (0: labels alone, 1: plain PPI)`],
    [
      'By p(fake) band',
      verification.strata
        .filter((stratum) => stratum.followers > 0)
        .map(
          (stratum) =>
            `${stratum.pFakeFrom}–${stratum.pFakeTo}: ${formatCount(stratum.labelledFake)} fake${stratum.labelledUnsure > 0 ? `, ${formatCount(stratum.labelledUnsure)} unsure` : ''} of ${formatCount(stratum.labelled)} labelled, ${countOf(stratum.followers, 'follower')}`,
        )
        .join('; '),
    ],
    ['Method', verification.method],
    ['Note', verification.note],
  ];
}
