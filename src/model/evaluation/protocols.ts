// The evaluation protocol: which files make up each collection, the labels that count as positive, folds, seed and GBDT parameters.
import type { Label } from '../../core/account.ts';
import type { GbdtParams } from '../gbdt/params.ts';
import type { TrainingDataset } from '../training/training-config.ts';

/** Seeds every fold split, row sample and early-stopping holdout of the evaluation. */
export const EVALUATION_SEED = 1;
/** Folds of the per-dataset cross-validation. */
export const CV_FOLDS = 10;
/**
 * GBDT parameters of every model the evaluation trains: those of the bundled models (models/*.config.json), learning
 * rate 0.1 over the library defaults (at most 500 trees, depth 5, early stopping after 30 trees without a better
 * loss on a stratified 20 % of the training rows).
 */
export const EVALUATION_PARAMS: Partial<GbdtParams> = { learningRate: 0.1 };

/** p(fake) is the probability of being a bought fake or a bot: both are followers that are not a real audience. */
export const POSITIVE_LABELS: readonly Label[] = ['fake', 'bot'];

const TWIBOT_OBSERVED_AT = '2022-02-01';

/** The labelled X collections, each file tagged with the collection leave-one-collection-out holds out whole. */
export const X_DATASETS: readonly TrainingDataset[] = [
  { collection: 'cresci-2015', path: 'cresci-2015/E13/users.csv' },
  { collection: 'cresci-2015', path: 'cresci-2015/INT/users.csv' },
  { collection: 'cresci-2017', path: 'cresci-2017/genuine_accounts/users_noheader.csv' },
  { collection: 'cresci-2017', path: 'cresci-2017/traditional_spambots_1/users.csv' },
  { collection: 'cresci-stock-2018', path: 'botrepo/cresci-stock-2018/cresci-stock-2018_tweets.json' },
  { collection: 'pronbots-2019', path: 'botrepo/pronbots-2019/pronbots-2019_tweets.sample5000.json' },
  { collection: 'botwiki-2019', path: 'botrepo/botwiki-2019/botwiki-2019_tweets.json' },
  { collection: 'political-bots-2019', path: 'botrepo/political-bots-2019/political-bots-2019_tweets.json' },
  { collection: 'verified-2019', path: 'botrepo/verified-2019/verified-2019_tweets.json' },
  {
    collection: 'twibot-22',
    path: 'botrepo/twibot-22-sample1000/user_sample.json',
    observedAt: TWIBOT_OBSERVED_AT,
    note: `the TwiBot-22 sample has no capture time; ${TWIBOT_OBSERVED_AT} is assumed (TwiBot-22 was crawled in early 2022; its newest account dates from 2022-01-21)`,
  },
];

export const INSTAGRAM_DATASETS: readonly TrainingDataset[] = [
  { collection: 'instafake', path: 'instafake/fake-v1.0/fakeAccountData.json' },
  { collection: 'instafake', path: 'instafake/fake-v1.0/realAccountData.json' },
  { collection: 'kaggle-instagram', path: 'instagram-fake-spammer-genuine/train.csv' },
];

/** The X collections in the order tables list them. */
export const X_COLLECTIONS: readonly string[] = [...new Set(X_DATASETS.map((dataset) => dataset.collection))];
export const INSTAGRAM_COLLECTIONS: readonly string[] = [
  ...new Set(INSTAGRAM_DATASETS.map((dataset) => dataset.collection)),
];

/** A dataset cross-validated on its own: one collection with both classes. */
export interface CrossValidatedDataset {
  collection: string;
  title: string;
}

export const CV_DATASETS: readonly CrossValidatedDataset[] = [
  { collection: 'cresci-2015', title: 'cresci-2015 (E13 humans + INT bought fake followers)' },
  { collection: 'cresci-2017', title: 'cresci-2017 (genuine accounts + traditional spambots #1)' },
  { collection: 'cresci-stock-2018', title: 'cresci-stock-2018 (cashtag humans + bots)' },
  { collection: 'twibot-22', title: 'TwiBot-22, 1,000-user sample (X API v2)' },
  { collection: 'instafake', title: 'InstaFake fake-v1.0 (Instagram)' },
  { collection: 'kaggle-instagram', title: 'Kaggle Instagram fake/spammer/genuine, train.csv' },
];

/**
 * Left out of every leave-one-collection-out model: verified-2019 holds only verified humans, so the flag names the
 * collection instead of describing an account.
 */
export const LOCO_EXCLUDED_FEATURES: readonly string[] = ['is_verified'];
export const LOCO_EXCLUSION_REASON =
  'is_verified is left out: verified-2019 holds only verified humans, so the flag gives its label away';
