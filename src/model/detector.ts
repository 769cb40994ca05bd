// A loaded model ready to score followers: calibrated p(fake), the top reasons in words, and whether a follower is unlike the training data.
import type { Account, Platform } from '../core/account.ts';
import { countOf } from '../core/plural.ts';
import { type FeatureSet, type FeatureSpec, joinWords, selectFeatures } from '../features/index.ts';
import { applyCalibration } from './calibrate.ts';
import { unlikeness } from './domain-profile.ts';
import { explainMargin } from './explain.ts';
import type { GbdtModel } from './gbdt/model.ts';
import { predictMargin, predictMargins } from './gbdt/predict.ts';
import { gbdtModelFromJson } from './gbdt/serialize.ts';
import { type ModelFile, readModelFile } from './model-file.ts';

/** One feature's part in a score, in words with the account's own numbers. */
export interface Reason {
  feature: string;
  /** What the feature measures (its one-line description). */
  description: string;
  /** The account's value in words and which way it moved the score: "follows 4,100 accounts but has 3 followers (raised suspicion)". */
  text: string;
  /**
   * The sign of the attribution: `raised` pushes towards fake, `lowered` towards real; `none` for the one line that
   * names the facts the account does not give (a gap in the list, not evidence about the account).
   */
  direction: 'raised' | 'lowered' | 'none';
  /** The feature's exact TreeSHAP share of the margin (log-odds): > 0 pushes towards fake. */
  effect: number;
}

export interface FollowerScore {
  /** Calibrated probability of being fake (or a bot, per the model's positive labels). */
  pFake: number;
  /** The raw margin (log-odds) before calibration. */
  margin: number;
  /** Share of the follower's known features outside the central 99 % of the training data. */
  unlikeness: number;
  /** True when the follower is unlike what the model was trained on: its score deserves less trust. */
  unlikeTraining: boolean;
  /** The strongest reasons for the verdict, strongest first (when asked for). */
  reasons?: Reason[];
}

export interface Detector {
  readonly model: ModelFile;
  readonly featureSet: FeatureSet;
  /** Scores one account; `reasons` > 0 adds that many reasons (exact TreeSHAP, slower). */
  score(account: Account, reasons?: number): FollowerScore;
  /** Calibrated p(fake) for many rows of this model's features (row-major), into `out`. */
  scoreRows(matrix: Float64Array, out: Float64Array): Float64Array;
  /**
   * The fast path for many accounts: features into one matrix, trees over all rows at once. Returns p(fake) and,
   * per account, 1 when it is unlike the training data.
   */
  scoreAccounts(accounts: readonly Account[]): { pFake: Float64Array; unlikeTraining: Uint8Array };
  /** The margin and calibrated probability of one row. */
  probability(margin: number): number;
}

/** The bundled model for each platform: the X and Instagram models where labelled data exists, else the general one. */
export function modelNameForPlatform(platform: Platform): 'x' | 'instagram' | 'general' {
  return platform === 'x' ? 'x' : platform === 'instagram' ? 'instagram' : 'general';
}

/**
 * The strongest reasons for the verdict: for a suspicious follower the features pushing most towards fake, for
 * the others those pushing most towards real; when fewer than `count` push that way, the strongest of the other way
 * follow. Each says which way it moved the score. Features whose values read as the same sentence (the following
 * ratio and its Cresci variant both read "follows … and has …") are one reason, their attributions added.
 *
 * A feature the account does not give (NaN) is no reason: a missing field says nothing about the account, only about
 * the list. The facts missing behind the features the score used are named once, in the last of the `count` places
 * (when there are two or more), without a direction.
 */
function topReasons(
  attributions: Float64Array,
  row: Float64Array,
  features: readonly FeatureSpec[],
  account: Account,
  suspicious: boolean,
  count: number,
): Reason[] {
  const bySentence = new Map<string, { feature: number; effect: number }>();
  const missing: { feature: number; effect: number }[] = [];
  attributions.forEach((effect, j) => {
    if (effect === 0) return;
    if (Number.isNaN(row[j] as number)) {
      missing.push({ feature: j, effect });
      return;
    }
    const sentence = (features[j] as FeatureSpec).describe(row[j] as number, account);
    const same = bySentence.get(sentence);
    if (same === undefined) bySentence.set(sentence, { feature: j, effect });
    else {
      if (Math.abs(effect) > Math.abs(attributions[same.feature] as number)) same.feature = j;
      same.effect += effect;
    }
  });
  const lacking = count >= 2 ? missingFactsReason(missing, features, account) : undefined;
  const towardsVerdict = (effect: number) => (suspicious ? effect > 0 : effect < 0);
  const ranked = [...bySentence.entries()]
    .filter(([, { effect }]) => effect !== 0)
    .sort(
      ([, a], [, b]) =>
        Number(towardsVerdict(b.effect)) - Number(towardsVerdict(a.effect)) ||
        Math.abs(b.effect) - Math.abs(a.effect),
    )
    .slice(0, lacking === undefined ? count : count - 1);
  const reasons: Reason[] = ranked.map(([sentence, { feature, effect }]) => {
    const spec = features[feature] as FeatureSpec;
    const direction = effect > 0 ? 'raised' : 'lowered';
    return {
      feature: spec.name,
      description: spec.description,
      text: `${sentence} (${direction} suspicion)`,
      direction,
      effect,
    };
  });
  return lacking === undefined ? reasons : [...reasons, lacking];
}

/** The most missing facts named one by one; the rest are counted. */
const MISSING_FACTS_NAMED = 4;

/** One line naming the facts the account does not give, the most used by the score first; undefined when none. */
function missingFactsReason(
  missing: { feature: number; effect: number }[],
  features: readonly FeatureSpec[],
  account: Account,
): Reason | undefined {
  if (missing.length === 0) return undefined;
  missing.sort((a, b) => Math.abs(b.effect) - Math.abs(a.effect));
  const all = [
    ...new Set(missing.flatMap(({ feature }) => (features[feature] as FeatureSpec).lacks(account))),
  ];
  const named = all.length <= MISSING_FACTS_NAMED ? all : all.slice(0, MISSING_FACTS_NAMED - 1);
  const facts =
    named.length === all.length ? named : [...named, countOf(all.length - named.length, 'other fact')];
  return {
    feature: missing.map(({ feature }) => (features[feature] as FeatureSpec).name).join(','),
    description: 'Facts the list does not give for the account',
    text: `the list does not give its ${joinWords(facts)}: missing facts are no evidence either way`,
    direction: 'none',
    effect: missing.reduce((sum, { effect }) => sum + effect, 0),
  };
}

export function createDetector(model: ModelFile): Detector {
  const featureSet = selectFeatures(model.features);
  const gbdt: GbdtModel = gbdtModelFromJson(model.gbdt);
  const width = featureSet.names.length;
  const row = new Float64Array(width);
  const probability = (margin: number) => applyCalibration(model.calibration, margin);
  return {
    model,
    featureSet,
    probability,
    score(account, reasons = 0) {
      featureSet.extract(account, row, 0);
      const margin = predictMargin(gbdt, row, 0);
      const pFake = probability(margin);
      const unlike = unlikeness(model.domain, row, 0);
      const score: FollowerScore = {
        pFake,
        margin,
        unlikeness: unlike,
        unlikeTraining: unlike > model.domain.threshold,
      };
      if (reasons > 0) {
        const { attributions } = explainMargin(gbdt, row, 0);
        score.reasons = topReasons(
          attributions,
          row,
          featureSet.features,
          account,
          pFake >= model.threshold,
          reasons,
        );
      }
      return score;
    },
    scoreAccounts(accounts) {
      const matrix = new Float64Array(accounts.length * width);
      for (let i = 0; i < accounts.length; i++) featureSet.extract(accounts[i] as Account, matrix, i * width);
      const pFake = new Float64Array(accounts.length);
      predictMargins(gbdt, matrix, pFake);
      const unlikeTraining = new Uint8Array(accounts.length);
      for (let i = 0; i < accounts.length; i++) {
        pFake[i] = probability(pFake[i] as number);
        unlikeTraining[i] = unlikeness(model.domain, matrix, i * width) > model.domain.threshold ? 1 : 0;
      }
      return { pFake, unlikeTraining };
    },
    scoreRows(matrix, out) {
      predictMargins(gbdt, matrix, out);
      for (let i = 0; i < out.length; i++) out[i] = probability(out[i] as number);
      return out;
    },
  };
}

/** Loads a bundled model by name or a model file by path. */
export async function loadDetector(nameOrPath: string): Promise<Detector> {
  return createDetector(await readModelFile(nameOrPath));
}
