// Combines a person's labels on a review sample with every follower's p(fake) into the audit's verification section, and puts the labelled estimate in the headline.
import { InputError } from '../../core/errors.ts';
import { countOf, nounFor } from '../../core/plural.ts';
import { kindSharesUnder } from '../fake-share/kind-shares.ts';
import type { AuditReport, Interval } from '../report-schema.ts';
import type { ReviewLabel, ReviewLabels } from './review-file.ts';
import { REVIEW_STRATA, REVIEW_STRATUM_EDGES, StratumTotals, stratumOf } from './review-strata.ts';
import { estimateShareWithLabels, type LabelledScore, type StratumPopulation } from './stratified-ppi.ts';
import type { Verification } from './verification-schema.ts';

const PROBLEM_EXAMPLES = 10;
const share6 = (value: number) => Math.round(value * 1e6) / 1e6;
const exact = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const rough = (count: number) => exact.format(count < 1000 ? count : Number(count.toPrecision(3)));
const percent = (share: number) => `${(share * 100).toFixed(1)} %`;

export const VERIFICATION_METHOD =
  'Prediction-powered inference for a mean (Angelopoulos et al., Science 2023) with PPI++ power tuning ' +
  '(Angelopoulos, Duchi, Zrnic 2023), stratified by p(fake) as the review sample was drawn: in each band the mean ' +
  "p(fake) of all its followers, corrected by the labelled followers' label minus λ·p; bands weighted by their " +
  'share of the list, variance with the finite-population correction and floored at the binomial variance of a ' +
  'Jeffreys-smoothed share; one λ for all bands, chosen to minimise the variance, clipped to [0, 1]. The 95 % ' +
  "interval holds whatever the model's bias, provided the labels are right and the sample was drawn by `realreach review` from the same list.";

export const UNSURE_RULE =
  'Unsure labels are counted both ways: the interval runs from its low end with every unsure follower counted real ' +
  'to its high end with every one counted fake, and the estimate is the middle of the two. Whatever the unsure ' +
  'followers really are, the interval holds; leaving them out would not, since the followers a person cannot judge ' +
  'are not a random part of the sample.';

interface Pending {
  label: ReviewLabel;
  pFake?: number;
}

/** Collects what the estimate needs while the audit streams: every follower's band, the labelled ones' p(fake). */
export class LabelledAudience {
  readonly totals = new StratumTotals();
  readonly #labels = new Map<string, Pending>();
  readonly #source: ReviewLabels;

  constructor(labels: ReviewLabels) {
    this.#source = labels;
    for (const row of labels.rows)
      if (!this.#labels.has(row.id)) this.#labels.set(row.id, { label: row.label });
  }

  add(id: string, pFake: number): void {
    this.totals.add(pFake);
    const pending = this.#labels.get(id);
    if (pending !== undefined && pending.pFake === undefined) pending.pFake = pFake;
  }

  /** The verification section and the report with the labelled estimate in its figures and headline. */
  verify(report: AuditReport): AuditReport {
    const population: StratumPopulation[] = Array.from({ length: REVIEW_STRATA }, (_, h) => ({
      size: this.totals.counts[h] as number,
      meanP: this.totals.meanP(h),
    }));
    const matched = [...this.#labels.values()].filter(
      (pending): pending is Required<Pending> => pending.pFake !== undefined,
    );
    const counts = { fake: 0, real: 0, unsure: 0 };
    for (const { label } of matched) counts[label]++;
    if (matched.length === 0)
      throw new InputError(
        `none of the ${countOf(this.#labels.size, 'labelled id')} is among the ${countOf(this.totals.total, 'follower')} read`,
      );
    const scored = (unsureIsFake: boolean): LabelledScore[] =>
      matched.map(({ label, pFake }) => ({
        stratum: stratumOf(pFake),
        pFake,
        fake: label === 'fake' || (label === 'unsure' && unsureIsFake),
      }));
    const low = estimateShareWithLabels(population, scored(false));
    const high = counts.unsure === 0 ? low : estimateShareWithLabels(population, scored(true));
    const labelsLow = estimateShareWithLabels(population, scored(false), { usePredictions: false });
    const labelsHigh =
      counts.unsure === 0
        ? labelsLow
        : estimateShareWithLabels(population, scored(true), { usePredictions: false });
    const fakeShare: Interval = {
      estimate: share6((low.estimate + high.estimate) / 2),
      low: share6(low.low),
      high: share6(high.high),
    };
    const base = report.followerBase.count;
    const realFollowers = countInterval(base, fakeShare);
    const unmatched = this.#labels.size - matched.length;
    const problems = this.#source.problems;
    const notes = [
      `${matched.length} of the followers read ${nounFor(matched.length, 'carries', 'carry')} a label (${counts.fake} fake, ${counts.real} real, ${counts.unsure} unsure).`,
    ];
    if (unmatched > 0)
      notes.push(
        `${countOf(unmatched, 'labelled id')} ${nounFor(unmatched, 'is', 'are')} not among the followers read and ${nounFor(unmatched, 'was', 'were')} left out.`,
      );
    if (this.#source.unlabelled > 0)
      notes.push(
        `${countOf(this.#source.unlabelled, 'drawn follower')} ${nounFor(this.#source.unlabelled, 'has', 'have')} no label yet and ${nounFor(this.#source.unlabelled, 'was', 'were')} left out (the review file lists them in random order, so stopping early leaves a random part unlabelled).`,
      );
    if (problems.length > 0)
      notes.push(`${countOf(problems.length, 'row')} of the labels file could not be read.`);
    if (report.sample.kind === 'uniform')
      notes.push(
        "This audit scored a uniform sample of the list, so the labels correct the sample's fake share; the sample's own sampling error is not in this interval.",
      );
    const emptyBands = low.strata.filter((stratum) => stratum.size > 0 && stratum.labelled === 0).length;
    if (emptyBands > 0)
      notes.push(
        `${emptyBands === 1 ? '1 p(fake) band with followers has' : `${emptyBands} p(fake) bands with followers have`} no label: ${emptyBands === 1 ? 'its' : 'their'} part is bounded without assumption (none to all fake).`,
      );
    const verification: Verification = {
      method: VERIFICATION_METHOD,
      labels: {
        used: matched.length,
        ...counts,
        unlabelled: this.#source.unlabelled,
        unmatched,
        problems: problems.length,
        problemExamples: problems.slice(0, PROBLEM_EXAMPLES),
      },
      unsureRule: UNSURE_RULE,
      fakeShare,
      realFollowers,
      modelOnly: { fakeShare: report.fakeShare, realFollowers: report.realFollowers },
      labelsOnly: {
        estimate: share6((labelsLow.estimate + labelsHigh.estimate) / 2),
        low: share6(labelsLow.low),
        high: share6(labelsHigh.high),
      },
      shift: share6(fakeShare.estimate - report.fakeShare.estimate),
      predictionWeight: share6(counts.unsure === 0 ? low.lambda : (low.lambda + high.lambda) / 2),
      strata: low.strata.map((stratum, h) => ({
        pFakeFrom: REVIEW_STRATUM_EDGES[h] as number,
        pFakeTo: REVIEW_STRATUM_EDGES[h + 1] as number,
        followers: stratum.size,
        labelled: stratum.labelled,
        labelledFake: stratum.labelledFake,
        labelledUnsure: (high.strata[h]?.labelledFake ?? stratum.labelledFake) - stratum.labelledFake,
        meanPFake: share6(stratum.meanP),
      })),
      note: notes.join(' '),
    };
    const moved = verification.shift * 100;
    const headline =
      `≈ ${rough(realFollowers.estimate)} real followers of ${exact.format(base)} (95 % CI ${rough(realFollowers.low)}–${rough(realFollowers.high)}); ` +
      `${percent(fakeShare.estimate)} fake (${(fakeShare.low * 100).toFixed(1)}–${(fakeShare.high * 100).toFixed(1)} %), ` +
      `checked against ${countOf(matched.length, 'follower')} a person labelled — the model alone said ${percent(report.fakeShare.estimate)}` +
      (Math.abs(moved) >= 0.05
        ? `, the labels moved it ${moved > 0 ? 'up' : 'down'} ${Math.abs(moved).toFixed(1)} points`
        : '');
    // The shift flag's advice to verify with labels is done by now: say what the labels settled instead.
    const redFlags = report.redFlags.map((flag) =>
      flag.code === 'domain-shift'
        ? {
            ...flag,
            message: flag.message.replace(
              /verify it with a labelled sample \(realreach review\)/,
              `the ${countOf(matched.length, 'label')} given ${nounFor(matched.length, 'settles', 'settle')} it: the fake share above is the labelled estimate`,
            ),
          }
        : flag,
    );
    // The shift note's (or the too-few note's) advice likewise: the HTML report and the dashboard show it as a warning.
    const settled = `the ${countOf(matched.length, 'label')} given ${nounFor(matched.length, 'settles', 'settle')} it: the fake share above is the labelled estimate.`;
    const domainShift = {
      ...report.domainShift,
      note: report.domainShift.note.replace(/a labelled sample settles it \([^)]*\)\.$/, settled),
    };
    // The kinds are bounded by their union, now the labelled fake share: "at most" its upper end, never the model's.
    const kindShares =
      report.kindShares && kindSharesUnder(report.kindShares, { share: fakeShare, shiftFires: false });
    return {
      ...report,
      headline,
      fakeShare,
      realFollowers,
      redFlags,
      domainShift,
      verification,
      ...(kindShares && { kindShares }),
    };
  }
}

function countInterval(base: number, share: Interval): Interval {
  return {
    estimate: Math.round(base * (1 - share.estimate)),
    low: Math.round(base * (1 - share.high)),
    high: Math.round(base * (1 - share.low)),
  };
}
