// Turns a score's TreeSHAP attributions into the reasons a person reads: the account's own numbers in words, which way each moved the score, and the facts the list does not give.
import type { Account } from '../../core/account.ts';
import { countOf } from '../../core/plural.ts';
import { type FeatureSpec, joinWords } from '../../features/index.ts';
import { FOLLOWER_KIND_NOUNS, type FollowerKind } from '../follower-kinds.ts';

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
  /**
   * For a union model's score: the kind model the attribution comes from (the one that dominates the union, see
   * detector.ts), `effect` being a share of that model's margin.
   */
  kind?: FollowerKind;
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
 *
 * `kind`, for a union's reasons, names the kind model the attributions come from: each reason says which suspicion it
 * raised or lowered ("raised suspicion of a spam bot").
 */
export function topReasons(
  attributions: Float64Array,
  row: Float64Array,
  features: readonly FeatureSpec[],
  account: Account,
  suspicious: boolean,
  count: number,
  kind?: FollowerKind,
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
    const reason: Reason = {
      feature: spec.name,
      description: spec.description,
      text: `${sentence} (${direction} suspicion${kind === undefined ? '' : ` of ${FOLLOWER_KIND_NOUNS[kind]}`})`,
      direction,
      effect,
    };
    if (kind !== undefined) reason.kind = kind;
    return reason;
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
