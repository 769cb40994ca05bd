// The rule-based fake-follower criteria that Cresci et al. 2015 evaluated (Tables 7–8), as classifiers over an Account.
// Only the rules a profile alone can decide are here; the tweet-based ones need timelines no export carries.
import type { Account } from '../../core/account.ts';

const DAY = 86_400_000;

export interface ProfileRule {
  name: string;
  /** Who proposed it, and where the published figure comes from. */
  source: string;
  /** true = the rule says fake; undefined = the account lacks the fields the rule reads. */
  saysFake(account: Account): boolean | undefined;
  /** Published on BAS (Cresci 2015, Table 8): accuracy, precision, recall, F1, MCC. */
  published?: { accuracy: number; precision: number; recall: number; f1: number; mcc: number };
}

const known = (...values: unknown[]) => values.every((value) => value !== undefined);

/**
 * Camisani-Calzolari's rules give "human points"; as single classifiers (Table 8) an account that fails the
 * criterion is called fake. Socialbakers' rules name fakes directly.
 */
export const PROFILE_RULES: readonly ProfileRule[] = [
  {
    name: 'CC: followers >= 30',
    source: 'Camisani-Calzolari 2012, via Cresci 2015 Table 8',
    saysFake: (a) => (known(a.followersCount) ? (a.followersCount as number) < 30 : undefined),
    published: { accuracy: 0.881, precision: 0.834, recall: 0.95, f1: 0.888, mcc: 0.768 },
  },
  {
    name: 'CC: tweets >= 50',
    source: 'Camisani-Calzolari 2012, via Cresci 2015 Table 8',
    saysFake: (a) => (known(a.postsCount) ? (a.postsCount as number) < 50 : undefined),
    published: { accuracy: 0.865, precision: 0.909, recall: 0.811, f1: 0.857, mcc: 0.735 },
  },
  {
    name: 'CC: belongs to a list',
    source: 'Camisani-Calzolari 2012, via Cresci 2015 Table 8',
    saysFake: (a) => (known(a.listedCount) ? a.listedCount === 0 : undefined),
    published: { accuracy: 0.755, precision: 0.678, recall: 0.971, f1: 0.799, mcc: 0.566 },
  },
  {
    name: 'CC: 2 x followers >= friends',
    source: 'Camisani-Calzolari 2012, via Cresci 2015 Table 8',
    saysFake: (a) =>
      known(a.followersCount, a.followingCount)
        ? 2 * (a.followersCount as number) < (a.followingCount as number)
        : undefined,
    published: { accuracy: 0.721, precision: 0.642, recall: 0.998, f1: 0.781, mcc: 0.531 },
  },
  {
    name: 'Socialbakers: friends:followers >= 50:1',
    source: 'Socialbakers fake-follower criteria, via Cresci 2015 Table 8',
    saysFake: (a) =>
      known(a.followersCount, a.followingCount)
        ? (a.followingCount as number) >= 50 * Math.max(1, a.followersCount as number)
        : undefined,
    published: { accuracy: 0.581, precision: 0.997, recall: 0.162, f1: 0.279, mcc: 0.296 },
  },
  {
    name: 'Socialbakers: 0 tweets',
    source: 'Socialbakers fake-follower criteria, via Cresci 2015 Table 8',
    saysFake: (a) => (known(a.postsCount) ? a.postsCount === 0 : undefined),
    published: { accuracy: 0.521, precision: 0.988, recall: 0.043, f1: 0.083, mcc: 0.146 },
  },
  {
    name: 'Socialbakers: default image after 2 months',
    source: 'Socialbakers fake-follower criteria, via Cresci 2015 Table 8',
    saysFake: (a) =>
      known(a.hasDefaultAvatar, a.createdAt, a.observedAt)
        ? (a.hasDefaultAvatar as boolean) &&
          (a.observedAt as Date).getTime() - (a.createdAt as Date).getTime() > 60 * DAY
        : undefined,
    published: { accuracy: 0.496, precision: 0.095, recall: 0.001, f1: 0.002, mcc: -0.06 },
  },
  {
    name: 'Socialbakers: no bio, no location, friends >= 100',
    source: 'Socialbakers fake-follower criteria, via Cresci 2015 Table 8',
    saysFake: (a) => {
      if (!known(a.followingCount)) return undefined;
      const noBio =
        a.bio === undefined
          ? a.bioLength === undefined
            ? undefined
            : a.bioLength === 0
          : a.bio.trim() === '';
      if (noBio === undefined) return undefined;
      return noBio && a.location === undefined && (a.followingCount as number) >= 100;
    },
    published: { accuracy: 0.559, precision: 0.917, recall: 0.131, f1: 0.229, mcc: 0.231 },
  },
];

/**
 * The profile criteria combined the way their authors meant them: Socialbakers calls an account fake when any of
 * its criteria hold; Camisani-Calzolari's human points are counted and an account with fewer than half of the
 * decidable ones is called fake. Accounts no rule can decide are counted as human (the rules' default).
 */
export const COMBINED_RULES: readonly ProfileRule[] = [
  {
    name: 'Socialbakers profile criteria (any)',
    source: 'Socialbakers criteria in Cresci 2015 Sect. 4.2; profile rules only, combined with OR',
    saysFake: (a) => PROFILE_RULES.slice(4).some((rule) => rule.saysFake(a) === true),
  },
  {
    name: 'Camisani-Calzolari profile points (< half)',
    source:
      'Camisani-Calzolari 2012 in Cresci 2015 Sect. 4.1; profile criteria only, majority of decidable points',
    saysFake: (a) => {
      const points = [
        a.displayName === undefined ? undefined : a.displayName.trim() !== '',
        a.hasDefaultAvatar === undefined ? undefined : !a.hasDefaultAvatar,
        a.location === undefined ? false : a.location.trim() !== '',
        a.bio === undefined ? (a.bioLength === undefined ? undefined : a.bioLength > 0) : a.bio.trim() !== '',
        a.url === undefined ? (a.hasUrl ?? false) : true,
        ...PROFILE_RULES.slice(0, 4).map((rule) => {
          const fake = rule.saysFake(a);
          return fake === undefined ? undefined : !fake;
        }),
      ].filter((point) => point !== undefined);
      if (points.length === 0) return undefined;
      return points.filter(Boolean).length < points.length / 2;
    },
  },
];
