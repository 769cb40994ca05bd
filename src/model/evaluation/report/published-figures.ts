// Published figures to set beside ours, each with its source and why it is or is not directly comparable.
import type { MetricSummary } from '../../metrics/metric-summary.ts';

export type PublishedMetrics = Partial<
  Pick<MetricSummary, 'accuracy' | 'precision' | 'recall' | 'f1' | 'mcc' | 'rocAuc'>
>;

export interface PublishedFigure {
  /** What produced the figure, as a table row label. */
  model: string;
  metrics: PublishedMetrics;
  /** Where it was read, and how its protocol differs from ours. */
  source: string;
}

/** Per cross-validated collection; see ../shared/datasets/PUBLISHED_RESULTS.md for the status of each figure. */
export const PUBLISHED_FIGURES: Readonly<Record<string, readonly PublishedFigure[]>> = {
  'cresci-2015': [
    {
      model: 'paper: Cresci 2015 Class A random forest',
      metrics: { accuracy: 0.987, precision: 0.993, recall: 0.98, f1: 0.987, mcc: 0.967, rocAuc: 0.995 },
      source:
        'Cresci et al. 2015, Table 16 (verified in the arXiv text); 10-fold CV on BAS = TFP+E13 humans and fakes sampled from FSF+INT+TWT, so not exactly comparable with E13+INT',
    },
    {
      model: 'paper: Cresci 2015 Class A logistic regression',
      metrics: { accuracy: 0.971, precision: 0.964, recall: 0.978, f1: 0.971, mcc: 0.942, rocAuc: 0.987 },
      source: 'Cresci et al. 2015, Table 16; same BAS protocol as above',
    },
  ],
  'cresci-2017': [
    {
      model: 'paper: Lee et al. features (TwiBot-22 re-run)',
      metrics: { f1: 0.9935 },
      source:
        "secondary: TwiBot-22 benchmark README; on the whole cresci-2017 (social spambots included) with TwiBot-22's own split, so not comparable with genuine + traditional spambots #1",
    },
  ],
  instafake: [
    {
      model: 'paper: Akyon & Kalfaoglu 2019',
      metrics: { accuracy: 0.96 },
      source:
        'InstaFake abstract (verified, abstract only): 96 % accuracy on the fake-account set; classifier and split not retrieved; SMOTE-NC oversampling; our copy lacks the 20 % withheld',
    },
  ],
};
