// Test support (not part of the library): an arbitrary Account as a reader gives it back, for the round-trip and fuzz properties.
import fc from 'fast-check';
import { type Account, PLATFORMS } from '../core/account.ts';

const time = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31) }).map((ms) => new Date(ms));
/** Any text a profile may hold: empty (known-empty), spaces, quotes, commas, line breaks, any script. */
const text = fc.oneof(
  fc.constant(''),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom(' ', 'NULL', 'null', 'a,"b"', 'line\nbreak', 'cr\ronly', '  padded  ', '=1+2'),
);
export const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });

/** An Account as a reader gives it back: every optional field present or absent, source left to the reader. */
export const accountArbitrary: fc.Arbitrary<Omit<Account, 'source'>> = fc.record(
  {
    platform: fc.constantFrom(...PLATFORMS),
    id: fc.stringMatching(/^[A-Za-z0-9:._-]{1,24}$/).filter((id) => id !== 'NULL'),
    handle: optional(text),
    displayName: optional(text),
    bio: optional(text),
    url: optional(text),
    profileUrl: optional(text),
    location: optional(text),
    followersCount: optional(fc.nat()),
    followingCount: optional(fc.nat()),
    postsCount: optional(fc.nat()),
    likesCount: optional(fc.nat()),
    listedCount: optional(fc.nat()),
    hasDefaultAvatar: optional(fc.boolean()),
    hasBanner: optional(fc.boolean()),
    isVerified: optional(fc.boolean()),
    isPrivate: optional(fc.boolean()),
    isSelfDeclaredBot: optional(fc.boolean()),
    isGroup: optional(fc.boolean()),
    createdAt: optional(time),
    lastPostAt: optional(time),
    observedAt: time,
    followedAt: optional(time),
    bioLength: optional(fc.nat()),
    handleLength: optional(fc.nat()),
    handleDigits: optional(fc.nat()),
    handleDigitRatio: optional(fc.double({ min: 0, max: 1, noNaN: true })),
    displayNameWords: optional(fc.nat()),
    displayNameDigitRatio: optional(fc.double({ min: 0, max: 1, noNaN: true })),
    displayNameEqualsHandle: optional(fc.boolean()),
    hasUrl: optional(fc.boolean()),
  },
  { requiredKeys: ['platform', 'id', 'observedAt'] },
);
