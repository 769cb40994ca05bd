// The Account: the one shape every reader produces and every later stage reads.

export const PLATFORMS = ['x', 'mastodon', 'bluesky', 'instagram', 'other'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** Where an account came from: the format, the file (or API page) and the record's position in it. */
export interface SourceRef {
  format: string;
  file: string;
  /** 1-based line of the record's first character, when the source has lines. */
  line?: number;
  /** 0-based position of the record in its JSON array or API page. */
  index?: number;
}

/**
 * A social-media account as observed at one moment. Unknown is `undefined`, never a made-up default:
 * the model handles missing values natively.
 */
export interface Account {
  platform: Platform;
  /** Platform id; sources without ids (the Kaggle Instagram CSV) use `file:line`. */
  id: string;
  handle?: string;
  displayName?: string;
  bio?: string;
  url?: string;
  /** The profile's own page on its platform, when the source names it (Mastodon's `url`). */
  profileUrl?: string;
  location?: string;

  followersCount?: number;
  followingCount?: number;
  postsCount?: number;
  likesCount?: number;
  listedCount?: number;

  hasDefaultAvatar?: boolean;
  hasBanner?: boolean;
  isVerified?: boolean;
  isPrivate?: boolean;
  isSelfDeclaredBot?: boolean;
  isGroup?: boolean;

  createdAt?: Date;
  lastPostAt?: Date;
  /** When the profile was captured. Ages and rates are measured against this, never against today. */
  observedAt?: Date;
  /**
   * When this account followed the audited profile, when the source says so (Instagram's followers export gives
   * it for every follower). A fact about the follow, not the profile: no feature reads it; growth does.
   */
  followedAt?: Date;

  /**
   * Derived facts, for sources that give them instead of the text (InstaFake, Kaggle).
   * Features use the raw text when present and these otherwise.
   */
  bioLength?: number;
  handleLength?: number;
  handleDigits?: number;
  handleDigitRatio?: number;
  displayNameWords?: number;
  displayNameDigitRatio?: number;
  displayNameEqualsHandle?: boolean;
  hasUrl?: boolean;

  source: SourceRef;
}

/** A ground-truth class from a labelled dataset. It travels beside the Account, never inside it. */
export const LABELS = ['human', 'bot', 'fake'] as const;
export type Label = (typeof LABELS)[number];

/** What a reader yields for one good record. */
export interface LabelledAccount {
  account: Account;
  label?: Label;
}

/** The fields of Account that a user can have or lack, in the order `inspect` reports their coverage. */
export const ACCOUNT_FIELDS = [
  'handle',
  'displayName',
  'bio',
  'url',
  'profileUrl',
  'location',
  'followersCount',
  'followingCount',
  'postsCount',
  'likesCount',
  'listedCount',
  'hasDefaultAvatar',
  'hasBanner',
  'isVerified',
  'isPrivate',
  'isSelfDeclaredBot',
  'isGroup',
  'createdAt',
  'lastPostAt',
  'observedAt',
  'followedAt',
  'bioLength',
  'handleLength',
  'handleDigits',
  'handleDigitRatio',
  'displayNameWords',
  'displayNameDigitRatio',
  'displayNameEqualsHandle',
  'hasUrl',
] as const satisfies readonly (keyof Account)[];
export type AccountField = (typeof ACCOUNT_FIELDS)[number];
