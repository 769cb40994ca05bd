// Chooses the training mix of each per-kind X model (bought fake followers, spam bots) by leave-one-collection-out validation, candidates and criterion fixed before the run.
//
// Bought fake followers: the shared data hold one collection of them (cresci-2015 INT), so what can be held out is
// the humans: for each human collection H, a model trained on half of INT and the mix's humans but H's is tested on
// the other half of INT against H's humans (unseen fakes, unseen humans). Spam bots: each collection with both
// spam bots and humans is held out whole and tested on its own rows. Benign self-declared bots (botwiki-2019,
// political-bots-2019) are neither kind: they are not fake followers, and they are not spam.
import type { Label } from '../../core/account.ts';
import { ALL_FEATURES, type FeatureSet, GENERAL_FEATURES, selectFeatures } from '../../features/index.ts';
import type { GbdtParams } from '../gbdt/params.ts';
import { rocAuc } from '../metrics/metrics.ts';
import { stratifiedHoldout } from '../training/cross-validate.ts';
import type { LabelledAccounts } from '../training/labelled-data.ts';
import { balancedWeights } from '../training/train-model.ts';
import { trainCalibratedGbdt } from './calibrated-gbdt.ts';
import { matrixOfRows } from './evaluation-data.ts';
import { EVALUATION_PARAMS, EVALUATION_SEED, LOCO_EXCLUDED_FEATURES, X_COLLECTIONS } from './protocols.ts';

export type FollowerKind = 'fake' | 'bot';

export interface KindCandidate {
  name: string;
  description: string;
  features: 'all' | 'general';
  /** Features of that set left out. */
  exclude?: readonly string[];
  trainsOn(collection: string, label: Label): boolean;
  /** Monotone constraints by feature name (features outside the candidate's set are ignored). */
  monotone?: MonotoneSigns;
  /** Deepest split level, when not EVALUATION_PARAMS' default. */
  maxDepth?: number;
}

export type MonotoneSigns = Readonly<Record<string, { sign: 1 | -1; reason: string }>>;

/**
 * Signs fixed from the literature before any run measured them. Bought fake followers against humans: Cresci et al.
 * 2015 ("Fame for sale") evaluate the Camisani-Calzolari (CC) and Socialbakers rules and find the follower/friend
 * relation the strongest single signal; each sign below is a rule of theirs read as "more of this is never less
 * human".
 */
export const FAKE_FOLLOWER_SIGNS: MonotoneSigns = {
  log_followers: { sign: -1, reason: 'CC: at least 30 followers marks a human (Cresci et al. 2015)' },
  log_following_per_follower: {
    sign: 1,
    reason:
      'Socialbakers: friends/followers >= 50 marks a fake; CC: 2 x followers >= friends marks a human (Cresci et al. 2015)',
  },
  log_following_per_follower_squared: {
    sign: 1,
    reason: 'the same following/follower relation, followers weighted twice (Cresci et al. 2015)',
  },
  log_posts: {
    sign: -1,
    reason: 'CC: at least 50 tweets marks a human; Socialbakers: 0 tweets marks a fake (Cresci et al. 2015)',
  },
  bio_length: {
    sign: -1,
    reason:
      'CC: a bio marks a human; Socialbakers: no bio (with no location) marks a fake (Cresci et al. 2015)',
  },
  has_default_avatar: {
    sign: 1,
    reason:
      'CC: a profile image marks a human; Socialbakers: the default image marks a fake (Cresci et al. 2015)',
  },
  log_listed: { sign: -1, reason: 'CC: being on a list marks a human (Cresci et al. 2015)' },
  has_url: { sign: -1, reason: 'CC: a URL in the profile marks a human (Cresci et al. 2015)' },
  has_location: { sign: -1, reason: 'CC: an address marks a human (Cresci et al. 2015)' },
};

/**
 * Spam bots against humans: only the sign the literature fixes for spammers too. Social spammers follow many
 * accounts to be followed back (Lee, Eoff & Caverlee 2011, social honeypots; Yang et al. 2011), so their
 * following/follower ratio is high; post counts, bios and avatars go either way (spam bots post much, and many
 * have a bio and a picture), so they stay free.
 */
export const SPAM_BOT_SIGNS: MonotoneSigns = {
  log_following_per_follower: {
    sign: 1,
    reason: 'spammers follow many to be followed back (Lee, Eoff & Caverlee 2011; Yang et al. 2011)',
  },
  log_following_per_follower_squared: {
    sign: 1,
    reason: 'the same following/follower relation, followers weighted twice (Lee, Eoff & Caverlee 2011)',
  },
};

/**
 * Account age and the rates per day of age: how old an account is when crawled says when its collection was
 * crawled and how its maker worked then (an era), which another vendor or year need not share.
 */
export const AGE_FEATURES: readonly string[] = [
  'log_age_days',
  'log_posts_per_day',
  'log_followers_per_day',
  'log_following_per_day',
];

export const BENIGN_BOT_COLLECTIONS: readonly string[] = ['botwiki-2019', 'political-bots-2019'];
export const SPAM_COLLECTIONS = ['cresci-2017', 'cresci-stock-2018', 'pronbots-2019', 'twibot-22'];

/** Fixed before the run: the candidates for each kind. */
export const KIND_CANDIDATES: Record<FollowerKind, readonly KindCandidate[]> = {
  fake: [
    {
      name: 'cresci-2015',
      description: 'bought fakes (INT) against the humans collected with them (E13) only',
      features: 'all',
      trainsOn: (collection, label) => collection === 'cresci-2015' && label !== 'bot',
    },
    {
      name: 'every-human',
      description: 'bought fakes against the humans of every X collection',
      features: 'all',
      trainsOn: (_collection, label) => label === 'fake' || label === 'human',
    },
    {
      name: 'every-human-general',
      description: 'as every-human, on the 20 features every platform has',
      features: 'general',
      trainsOn: (_collection, label) => label === 'fake' || label === 'human',
    },
    {
      name: 'every-human-general-no-age',
      description: 'as every-human-general, without account age and the rates per day of age (AGE_FEATURES)',
      features: 'general',
      exclude: AGE_FEATURES,
      trainsOn: (_collection, label) => label === 'fake' || label === 'human',
    },
    {
      name: 'every-human-general-depth3',
      description: 'as every-human-general, trees of depth 3',
      features: 'general',
      trainsOn: (_collection, label) => label === 'fake' || label === 'human',
      maxDepth: 3,
    },
    {
      name: 'every-human-general-monotone',
      description:
        'as every-human-general, monotone in the signs Cresci et al. 2015 fix (FAKE_FOLLOWER_SIGNS)',
      features: 'general',
      trainsOn: (_collection, label) => label === 'fake' || label === 'human',
      monotone: FAKE_FOLLOWER_SIGNS,
    },
    {
      name: 'every-human-general-monotone-depth3',
      description: 'as every-human-general-monotone, trees of depth 3',
      features: 'general',
      trainsOn: (_collection, label) => label === 'fake' || label === 'human',
      monotone: FAKE_FOLLOWER_SIGNS,
      maxDepth: 3,
    },
  ],
  bot: [
    {
      name: 'spam-and-every-human',
      description:
        'spam bots (cresci-2017, cresci-stock-2018, pronbots-2019, TwiBot-22) against the humans of every X collection',
      features: 'all',
      trainsOn: (collection, label) =>
        label === 'human' || (label === 'bot' && SPAM_COLLECTIONS.includes(collection)),
    },
    {
      name: 'two-class-collections',
      description:
        'only collections with both spam bots and humans (cresci-2017, cresci-stock-2018, TwiBot-22)',
      features: 'all',
      trainsOn: (collection, label) =>
        ['cresci-2017', 'cresci-stock-2018', 'twibot-22'].includes(collection) && label !== 'fake',
    },
    {
      name: 'spam-and-every-human-general',
      description: 'as spam-and-every-human, on the 20 features every platform has',
      features: 'general',
      trainsOn: (collection, label) =>
        label === 'human' || (label === 'bot' && SPAM_COLLECTIONS.includes(collection)),
    },
    {
      name: 'spam-and-every-human-general-depth3',
      description: 'as spam-and-every-human-general, trees of depth 3',
      features: 'general',
      trainsOn: (collection, label) =>
        label === 'human' || (label === 'bot' && SPAM_COLLECTIONS.includes(collection)),
      maxDepth: 3,
    },
    {
      name: 'spam-and-every-human-general-monotone',
      description:
        'as spam-and-every-human-general, monotone in the signs the spam literature fixes (SPAM_BOT_SIGNS)',
      features: 'general',
      trainsOn: (collection, label) =>
        label === 'human' || (label === 'bot' && SPAM_COLLECTIONS.includes(collection)),
      monotone: SPAM_BOT_SIGNS,
    },
    {
      name: 'spam-and-every-human-general-monotone-depth3',
      description: 'as spam-and-every-human-general-monotone, trees of depth 3',
      features: 'general',
      trainsOn: (collection, label) =>
        label === 'human' || (label === 'bot' && SPAM_COLLECTIONS.includes(collection)),
      monotone: SPAM_BOT_SIGNS,
      maxDepth: 3,
    },
  ],
};

export const KIND_CRITERION =
  'highest mean ROC AUC over the held-out collections every candidate could be tested on (fixed before the run)';

/** The held-out tests of each kind: fakes' human collections, and the bot collections that also hold humans. */
export const KIND_HELD_OUT: Record<FollowerKind, readonly string[]> = {
  fake: ['cresci-2015', 'cresci-2017', 'cresci-stock-2018', 'verified-2019', 'twibot-22'],
  bot: ['cresci-2017', 'cresci-stock-2018', 'twibot-22'],
};

export interface KindResult {
  candidate: string;
  description: string;
  /** ROC AUC per held-out collection (null where the candidate cannot be trained without it). */
  rocAuc: Record<string, number | null>;
  commonMean: number | null;
  /** Rows and positives of each held-out test. */
  tested: Record<string, { rows: number; positives: number }>;
  /** Fake followers only: ROC AUC on fakes of other collections (OTHER_FAKE_COLLECTIONS), trained on all of X. */
  otherFakes?: Record<string, number | null>;
}

export interface KindComparison {
  kind: FollowerKind;
  heldOut: readonly string[];
  common: string[];
  results: KindResult[];
  best: string;
  criterion: string;
}

export function featureSetOf(features: 'all' | 'general', exclude: readonly string[] = []): FeatureSet {
  const names = features === 'all' ? ALL_FEATURES.names : GENERAL_FEATURES;
  return selectFeatures(
    names.filter((name) => !LOCO_EXCLUDED_FEATURES.includes(name) && !exclude.includes(name)),
  );
}

/** The evaluation's GBDT parameters with a candidate's depth and monotone signs laid out on `featureSet`. */
export function candidateParams(
  candidate: Pick<KindCandidate, 'monotone' | 'maxDepth'>,
  featureSet: Pick<FeatureSet, 'names'>,
): Partial<GbdtParams> {
  const params: Partial<GbdtParams> = { ...EVALUATION_PARAMS };
  if (candidate.maxDepth !== undefined) params.maxDepth = candidate.maxDepth;
  const monotone = candidate.monotone;
  if (monotone !== undefined)
    params.monotoneConstraints = featureSet.names.map((name) => monotone[name]?.sign ?? 0);
  return params;
}

type Rows = Pick<LabelledAccounts, 'accounts' | 'labels' | 'collections'>;

/**
 * Calibrated p(positive) of `testRows` from `candidate` trained on `trainRows`, where `isPositive` says which rows
 * are positive; undefined when the training rows are all of one class.
 */
export function candidateProbabilities(
  labelled: Rows,
  candidate: KindCandidate,
  trainRows: readonly number[],
  testRows: readonly number[],
  isPositive: (row: number) => boolean,
): Float64Array | undefined {
  const positives = trainRows.filter(isPositive).length;
  if (positives === 0 || positives === trainRows.length) return undefined;
  const featureSet = featureSetOf(candidate.features, candidate.exclude);
  const labelledMatrix = (of: readonly number[]) => {
    const matrix = matrixOfRows(labelled, of, featureSet);
    of.forEach((row, i) => {
      matrix.labels[i] = isPositive(row) ? 1 : 0;
    });
    matrix.weights = balancedWeights(matrix.labels);
    return matrix;
  };
  const model = trainCalibratedGbdt(
    labelledMatrix(trainRows),
    candidateParams(candidate, featureSet),
    EVALUATION_SEED,
  );
  return model.probabilities(labelledMatrix(testRows).matrix);
}

/** The X rows, and the seeded half of the bought fakes (cresci-2015 INT) that the fake-follower tests hold out. */
export function kindProtocolRows(labelled: Rows): { rows: number[]; testedFakes: Set<number> } {
  const rows = labelled.labels
    .map((_, row) => row)
    .filter((row) => X_COLLECTIONS.includes(labelled.collections[row] as string));
  const fakeRows = rows.filter((row) => labelled.labels[row] === 'fake');
  const split = stratifiedHoldout(new Uint8Array(fakeRows.length), 0.5, EVALUATION_SEED);
  return { rows, testedFakes: new Set(Array.from(split.holdoutRows, (i) => fakeRows[i] as number)) };
}

/** ROC AUC of `probabilities` against the 0/1 `positive` of each test row (undefined scores give null). */
function aucOf(
  probabilities: Float64Array | undefined,
  testRows: readonly number[],
  isPositive: (row: number) => boolean,
) {
  if (probabilities === undefined) return null;
  return (
    rocAuc(
      probabilities,
      Uint8Array.from(testRows, (row) => (isPositive(row) ? 1 : 0)),
    ) ?? null
  );
}

/** One held-out test of a kind: the rows a candidate trains on and the rows it is tested on. */
export interface KindSplit {
  held: string;
  trainRows: number[];
  testRows: number[];
}

/**
 * The leave-one-collection-out tests of one kind for one candidate. Bought fakes: the candidate's rows but the
 * tested half of INT and the held-out collection's humans train; that half and those humans are tested. Spam bots:
 * the candidate's rows outside the held-out collection train; its bots and humans are tested.
 */
export function kindSplits(labelled: Rows, kind: FollowerKind, candidate: KindCandidate): KindSplit[] {
  const label = (row: number) => labelled.labels[row] as Label;
  const collection = (row: number) => labelled.collections[row] as string;
  const { rows, testedFakes } = kindProtocolRows(labelled);
  return KIND_HELD_OUT[kind].map((held) => ({
    held,
    trainRows: rows.filter((row) => {
      if (!candidate.trainsOn(collection(row), label(row))) return false;
      if (kind === 'fake')
        return !testedFakes.has(row) && !(collection(row) === held && label(row) === 'human');
      return collection(row) !== held;
    }),
    testRows: rows.filter((row) =>
      kind === 'fake'
        ? testedFakes.has(row) || (collection(row) === held && label(row) === 'human')
        : collection(row) === held && (label(row) === 'bot' || label(row) === 'human'),
    ),
  }));
}

/** Leave-one-collection-out ROC AUC of every candidate of one kind, on the X collections. */
export function compareKindMixes(
  labelled: Rows,
  kind: FollowerKind,
  log: (line: string) => void = () => {},
): KindComparison {
  const label = (row: number) => labelled.labels[row] as Label;
  const { rows } = kindProtocolRows(labelled);
  const heldOut = KIND_HELD_OUT[kind];
  const isPositive = (row: number) => label(row) === kind;
  const results: KindResult[] = KIND_CANDIDATES[kind].map((candidate) => {
    const rocAucs: Record<string, number | null> = {};
    const tested: KindResult['tested'] = {};
    for (const { held, trainRows, testRows } of kindSplits(labelled, kind, candidate)) {
      rocAucs[held] = aucOf(
        candidateProbabilities(labelled, candidate, trainRows, testRows, isPositive),
        testRows,
        isPositive,
      );
      tested[held] = { rows: testRows.length, positives: testRows.filter(isPositive).length };
      log(`kind ${kind}: ${candidate.name}, held out ${held}: ROC AUC ${rocAucs[held]}`);
    }
    const result: KindResult = {
      candidate: candidate.name,
      description: candidate.description,
      rocAuc: rocAucs,
      commonMean: null,
      tested,
    };
    if (kind === 'fake') result.otherFakes = otherFakeAucs(labelled, candidate, rows, log);
    return result;
  });
  const common = heldOut.filter((held) => results.every((result) => result.rocAuc[held] != null));
  for (const result of results) {
    const values = common.map((held) => result.rocAuc[held] as number);
    result.commonMean =
      values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
  }
  const best = [...results].sort((a, b) => (b.commonMean ?? -1) - (a.commonMean ?? -1))[0] as KindResult;
  return { kind, heldOut, common, results, best: best.candidate, criterion: KIND_CRITERION };
}

/** Fake accounts of other makers, platforms and years, each against the humans collected with them. */
export const OTHER_FAKE_COLLECTIONS: readonly string[] = ['instafake', 'kaggle-instagram'];

/**
 * A secondary check, not in the criterion: the candidate trained on its whole X mix (every bought fake) and tested
 * on each collection of OTHER_FAKE_COLLECTIONS, fakes against its humans. Instagram exports carry no creation
 * date, so rates per day and age are unknown there.
 */
function otherFakeAucs(
  labelled: Rows,
  candidate: KindCandidate,
  xRows: readonly number[],
  log: (line: string) => void,
): Record<string, number | null> {
  const label = (row: number) => labelled.labels[row] as Label;
  const trainRows = xRows.filter((row) =>
    candidate.trainsOn(labelled.collections[row] as string, label(row)),
  );
  const isPositive = (row: number) => label(row) === 'fake';
  const out: Record<string, number | null> = {};
  for (const other of OTHER_FAKE_COLLECTIONS) {
    log(`kind fake: ${candidate.name}, tested on ${other}`);
    const testRows = labelled.labels
      .map((_, row) => row)
      .filter(
        (row) => labelled.collections[row] === other && (label(row) === 'fake' || label(row) === 'human'),
      );
    out[other] = aucOf(
      candidateProbabilities(labelled, candidate, trainRows, testRows, isPositive),
      testRows,
      isPositive,
    );
  }
  return out;
}
