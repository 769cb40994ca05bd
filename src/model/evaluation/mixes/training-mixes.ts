// Chooses the `x` model's training mix as Yang et al. 2020 suggest: leave-one-collection-out validation of each candidate mix.
import { ALL_FEATURES, type FeatureSet, selectFeatures } from '../../../features/index.ts';
import type { LabelledAccounts } from '../../training/labelled-data.ts';
import type { TransferSettings } from '../cross-dataset.ts';
import {
  EVERY_ROW,
  type LocoOutcome,
  leaveOneCollectionOut,
  type TrainingMix,
} from '../leave-one-collection-out.ts';
import { EVALUATION_PARAMS, EVALUATION_SEED, LOCO_EXCLUDED_FEATURES, X_COLLECTIONS } from '../protocols.ts';

const BENIGN_BOT_COLLECTIONS = ['botwiki-2019', 'political-bots-2019'];
const TWO_CLASS_COLLECTIONS = ['cresci-2015', 'cresci-2017', 'cresci-stock-2018', 'twibot-22'];

/** The candidate mixes, fixed before any was scored. Every mix trains on the humans it can see. */
export const TRAINING_MIXES: readonly TrainingMix[] = [
  EVERY_ROW,
  {
    name: 'bought-fakes',
    description: 'positives: bought fake followers only (cresci-2015 INT); every human',
    trainsOn: (_collection, label) => label !== 'bot',
  },
  {
    name: 'fakes-and-spam',
    description:
      'positives: bought fakes and spam bots; benign botwiki-2019 and political-bots-2019 left out; every human',
    trainsOn: (collection) => !BENIGN_BOT_COLLECTIONS.includes(collection),
  },
  {
    name: 'two-class-collections',
    description:
      'only collections that hold both classes (cresci-2015, cresci-2017, cresci-stock-2018, twibot-22), so no collection is all of one label',
    trainsOn: (collection) => TWO_CLASS_COLLECTIONS.includes(collection),
  },
];

export interface MixSummary {
  name: string;
  description: string;
  loco: LocoOutcome[];
  /** Mean ROC AUC over the held-out collections with both classes that this mix could be tested on. */
  meanRocAuc: number | null;
  /** Mean balanced accuracy over every held-out collection this mix could be tested on. */
  meanBalancedAccuracy: number | null;
  /** The same two means over the collections every mix could be tested on: the fair comparison. */
  commonMeanRocAuc: number | null;
  commonMeanBalancedAccuracy: number | null;
}

export interface MixComparison {
  collections: string[];
  /** Held-out collections every mix could be tested on (a mix cannot be tested where its training lacks a class). */
  commonCollections: string[];
  mixes: MixSummary[];
  /** The mix with the highest mean balanced accuracy over the common collections (ROC AUC breaks ties). */
  best: string;
  criterion: string;
}

export const MIX_CRITERION =
  'highest mean balanced accuracy (at p >= 0.5) over the held-out collections every mix could be tested on; mean ROC AUC breaks ties';

function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return Math.round((values.reduce((total, value) => total + value, 0) / values.length) * 1e6) / 1e6;
}

/** Means of one mix's LOCO outcomes, over all its tested collections and over `common`. */
export function summariseMix(
  mix: Pick<TrainingMix, 'name' | 'description'>,
  loco: LocoOutcome[],
  common: readonly string[],
): MixSummary {
  const tested = loco.filter((result) => result.outcome !== undefined);
  const inCommon = tested.filter((result) => common.includes(result.heldOut));
  const aucs = (results: LocoOutcome[]) =>
    results.flatMap((result) => (result.outcome?.gbdt.rocAuc == null ? [] : [result.outcome.gbdt.rocAuc]));
  const balanced = (results: LocoOutcome[]) =>
    results.map((result) => result.outcome?.gbdt.balancedAccuracy as number);
  return {
    name: mix.name,
    description: mix.description,
    loco,
    meanRocAuc: mean(aucs(tested)),
    meanBalancedAccuracy: mean(balanced(tested)),
    commonMeanRocAuc: mean(aucs(inCommon)),
    commonMeanBalancedAccuracy: mean(balanced(inCommon)),
  };
}

/** Ranks summaries by the criterion; the first is the best. */
export function rankMixes(summaries: readonly MixSummary[]): MixSummary[] {
  return [...summaries].sort(
    (left, right) =>
      (right.commonMeanBalancedAccuracy ?? -1) - (left.commonMeanBalancedAccuracy ?? -1) ||
      (right.commonMeanRocAuc ?? -1) - (left.commonMeanRocAuc ?? -1),
  );
}

export interface MixComparisonOptions {
  mixes?: readonly TrainingMix[];
  collections?: readonly string[];
  /** Default: every feature but those LOCO leaves out (is_verified). */
  featureSet?: FeatureSet;
  settings?: TransferSettings;
  log?: (line: string) => void;
}

export function locoFeatureSet(): FeatureSet {
  return selectFeatures(ALL_FEATURES.names.filter((name) => !LOCO_EXCLUDED_FEATURES.includes(name)));
}

/**
 * Leave-one-collection-out validation of every mix over the X collections. Each held-out collection is tested
 * whole (fakes and bots positive), whatever the mix trained on, so every mix is judged on the same rows.
 */
export function compareTrainingMixes(
  labelled: Pick<LabelledAccounts, 'accounts' | 'labels' | 'collections'>,
  options: MixComparisonOptions = {},
): MixComparison {
  const mixes = options.mixes ?? TRAINING_MIXES;
  const collections = [...(options.collections ?? X_COLLECTIONS)];
  const featureSet = options.featureSet ?? locoFeatureSet();
  const settings = options.settings ?? { seed: EVALUATION_SEED, params: EVALUATION_PARAMS };
  const results = mixes.map((mix) => ({
    mix,
    loco: leaveOneCollectionOut(labelled, collections, featureSet, mix, settings, options.log),
  }));
  const commonCollections = collections.filter((collection) =>
    results.every(({ loco }) => loco.some((result) => result.heldOut === collection && result.outcome)),
  );
  const summaries = results.map(({ mix, loco }) => summariseMix(mix, loco, commonCollections));
  return {
    collections,
    commonCollections,
    mixes: summaries,
    best: (rankMixes(summaries)[0] as MixSummary).name,
    criterion: MIX_CRITERION,
  };
}
