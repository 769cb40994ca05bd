// The kinds of inauthentic follower realreach scores apart (bought fake follower, spam bot), and their names in words.
export const FOLLOWER_KINDS = ['fakeFollower', 'spamBot'] as const;
export type FollowerKind = (typeof FOLLOWER_KINDS)[number];

/** How a reason names the kind its attribution comes from: "raised suspicion of a bought fake follower". */
export const FOLLOWER_KIND_NOUNS: Readonly<Record<FollowerKind, string>> = {
  fakeFollower: 'a bought fake follower',
  spamBot: 'a spam bot',
};
