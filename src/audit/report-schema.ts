// The audit report: a versioned zod schema, the one object the CLI prints, the JSON output carries and the HTTP API serves.
import { z } from 'zod';
import { LABELS, PLATFORMS } from '../core/account.ts';
import { verificationSchema } from './verification/verification-schema.ts';

export const REPORT_SCHEMA_VERSION = 1;

/** A number with its 95 % interval. Shares are 0–1; counts are whole followers. */
export const intervalSchema = z.strictObject({
  estimate: z.number(),
  low: z.number(),
  high: z.number(),
});
export type Interval = z.infer<typeof intervalSchema>;

export const AUDIENCE_TYPES = ['suspicious', 'mass follower', 'inactive', 'influencer', 'real'] as const;
export type AudienceType = (typeof AUDIENCE_TYPES)[number];

/** The thresholds the audience types are drawn with; options of the command, printed in the report. */
export const audienceThresholdsSchema = z.strictObject({
  /** p(fake) at or above which a follower is suspicious (the model's threshold by default). */
  suspiciousPFake: z.number().gt(0).lt(1),
  /** Follows more than this many accounts: a mass follower (Cresci 2015, after the 2:1 / 1,500 heuristics). */
  massFollowing: z.int().min(0),
  /** More followers than this: an influencer. */
  influencerFollowers: z.int().min(0),
  /** No post for this many days (when the last post time is known), or no post at all: inactive. */
  inactiveDays: z.int().min(1),
});
export type AudienceThresholds = z.infer<typeof audienceThresholdsSchema>;

export const REACHABILITY_BANDS = ['< 500', '500–1,000', '1,000–1,500', '> 1,500'] as const;

/**
 * What a person verifying a follower needs to judge it, as the source gave it; null where the source did not say.
 * Counts are as read when the list was captured (`observedAt`), not today.
 */
export const followerFactsSchema = z.strictObject({
  displayName: z.string().nullable(),
  /** Whitespace collapsed, cut at BIO_FACT_LENGTH characters. */
  bio: z.string().nullable(),
  followers: z.number().nullable(),
  following: z.number().nullable(),
  posts: z.number().nullable(),
  /** ISO 8601. */
  lastPostAt: z.string().nullable(),
  /** When the profile was captured (ISO 8601): the account's age is measured to it. */
  observedAt: z.string().nullable(),
  defaultAvatar: z.boolean().nullable(),
  verified: z.boolean().nullable(),
  declaredBot: z.boolean().nullable(),
  /** The profile's page as the source named it (a checked https address), when it did. */
  profileUrl: z.string().nullable(),
});
export type FollowerFacts = z.infer<typeof followerFactsSchema>;

/** The longest bio kept with a follower: enough to judge it, bounded so a million rows stay small. */
export const BIO_FACT_LENGTH = 500;

/** One follower in the report's tables, the per-follower CSV and the API's follower pages. */
export const followerResultSchema = z.strictObject({
  id: z.string(),
  handle: z.string().nullable(),
  platform: z.enum(PLATFORMS),
  pFake: z.number().min(0).max(1),
  type: z.enum(AUDIENCE_TYPES),
  unlikeTraining: z.boolean(),
  /** The strongest reasons in words, strongest first (empty when not computed). */
  reasons: z.array(z.string()),
  /** Where the follower was read from: `file:line`. */
  source: z.string(),
  /** The dataset label, when the input carried one (for checking an audit against the truth). */
  label: z.enum(LABELS).nullable(),
  /** When the follower's account was created (ISO 8601), when known: the follow-order picture's y axis. */
  createdAt: z.string().nullable().optional(),
  /** The profile facts a reviewer judges it by; absent in audits saved before they were kept. */
  facts: followerFactsSchema.optional(),
});
export type FollowerResult = z.infer<typeof followerResultSchema>;

export const qualityPartSchema = z.strictObject({
  name: z.enum(['authenticity', 'reachability', 'activity', 'engagement']),
  /** Weight in the score (the weights of the parts used add to 1). */
  weight: z.number().min(0).max(1),
  /** The part's value, 0–1. */
  value: z.number().min(0).max(1),
  /** weight × value × 100: what the part adds to the score. */
  points: z.number(),
  /** The formula in words, as the README documents it. */
  formula: z.string(),
});

export const redFlagSchema = z.strictObject({
  code: z.enum([
    'little-content',
    'following-far-above-followers',
    'recent-intake-fakes',
    'domain-shift',
    'platform-mismatch',
    'rejected-records',
    'small-list',
  ]),
  severity: z.enum(['warning', 'alert']),
  message: z.string(),
});

export const auditReportSchema = z.strictObject({
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  /**
   * The sentence a user reads first: "≈ 71,400 real followers of 120,000 (95 % CI 69,800–73,100)"; when the shift test
   * fired and no labels settled it, the range first: "Between 815 and 2,470 real followers of 2,500 (1.1–67.4 %
   * fake); the model reads ≈ 1,760 (29.8 % fake), but … that reading may be off; …".
   */
  headline: z.string(),
  profile: z
    .strictObject({
      platform: z.enum(PLATFORMS),
      id: z.string().nullable(),
      handle: z.string().nullable(),
      followersCount: z.int().nullable(),
      followingCount: z.int().nullable(),
      postsCount: z.int().nullable(),
    })
    .nullable(),
  input: z.strictObject({
    file: z.string(),
    format: z.string(),
    /** Records read: accepted + duplicates + rejected. */
    read: z.int(),
    /** Distinct followers (by platform + id). */
    accepted: z.int(),
    /** Records that repeat an earlier follower (same platform + id): counted once, the repeats left out. */
    duplicates: z.int().default(0),
    rejected: z.int(),
    /** The first rejected records, as `file:line: field: reason`. */
    rejectedExamples: z.array(z.string()),
  }),
  sample: z.strictObject({
    /** all: every follower; uniform: a seeded sample (smallest hashed ids); partial: a list shorter than the profile's count. */
    kind: z.enum(['all', 'uniform', 'partial']),
    /** Whether a partial list is the newest followers (API order): then it describes recent intake, not the audience. */
    recentIntake: z.boolean(),
    seed: z.int().nullable(),
    note: z.string(),
  }),
  model: z.strictObject({
    name: z.string(),
    description: z.string(),
    /** Cross-validated on its training data (the model card). */
    crossValidated: z.strictObject({ mcc: z.number(), rocAuc: z.number().nullable(), ece: z.number() }),
    trainedOn: z.array(z.string()),
  }),
  thresholds: audienceThresholdsSchema,
  /** Followers scored (the sample when one was drawn). */
  followersRead: z.int(),
  /** What projections are made against: the profile's follower count when known, else the followers read. */
  followerBase: z.strictObject({ count: z.int(), source: z.enum(['profile', 'followers read']) }),
  fakeShare: intervalSchema,
  /**
   * The share of each kind of fake (bought fake followers, spam bots), each from its kind model (kind-models.ts) by
   * the same estimator, when the model has kind models; `fakeShare` is their union (a follower of either kind).
   */
  kindShares: z
    .array(
      z.strictObject({
        kind: z.string(),
        model: z.string(),
        share: intervalSchema,
        shiftFires: z.boolean(),
        /** The kind models' split could not be trusted (a shift test fired, or they disagree with the fake share): the interval is [0, the fake share's upper end] and the estimate at most the fake share's; reports print "at most" the upper end. */
        boundedByFakeShare: z.boolean().default(false),
      }),
    )
    .optional(),
  realFollowers: intervalSchema,
  /** Followers left after a purge of the suspicious ones. */
  afterPurge: intervalSchema,
  uncertainty: z.strictObject({
    confidence: z.number(),
    /** Half-widths (share points) of each source of uncertainty, and how they were combined. */
    sampling: z.number(),
    model: z.number(),
    domainShift: z.number(),
    method: z.string(),
  }),
  domainShift: z.strictObject({
    /** Share of followers unlike the model's training data. */
    unlikeShare: z.number(),
    /**
     * The shift test fired. Unless `verification` settled it, the point figures (`fakeShare.estimate`,
     * `realFollowers.estimate`) may then be far off while their intervals hold, so the headline and every face lead
     * with the interval (src/audit/point-may-be-off.ts).
     */
    large: z.boolean(),
    /**
     * True when fewer than 50 followers were scored (MIN_MIX_FOLLOWERS) and the shift test did not fire: too few for
     * it to check that they look like the training data, which the headline says. Absent otherwise (and in reports
     * written before it was kept).
     */
    tooFewToCheck: z.boolean().optional(),
    note: z.string(),
  }),
  audienceTypes: z.array(
    z.strictObject({ type: z.enum(AUDIENCE_TYPES), count: z.int(), share: z.number(), rule: z.string() }),
  ),
  pFakeHistogram: z.strictObject({ edges: z.array(z.number()), counts: z.array(z.int()) }),
  reachability: z.array(
    z.strictObject({ band: z.enum(REACHABILITY_BANDS), count: z.int(), share: z.number() }),
  ),
  /** Following counts unknown for this many followers (left out of the bands). */
  reachabilityUnknown: z.int(),
  engagement: z
    .strictObject({
      posts: z.int(),
      meanInteractions: z.number(),
      /** Mean interactions per post ÷ followers. */
      rateByFollowers: z.number(),
      /** Mean interactions per post ÷ estimated real followers. */
      rateByRealFollowers: intervalSchema,
      tier: z.string(),
      benchmark: z.strictObject({ low: z.number(), high: z.number(), source: z.string() }),
      verdict: z.enum(['below', 'within', 'above']),
    })
    .nullable(),
  qualityScore: z.strictObject({
    score: z.number().min(0).max(100),
    parts: z.array(qualityPartSchema),
  }),
  redFlags: z.array(redFlagSchema),
  /** p(fake) of the newer and older halves of the list, when its order is the follow order. */
  intake: z.strictObject({ recentFakeShare: z.number(), olderFakeShare: z.number() }).nullable(),
  /** The most suspicious followers, most suspicious first, with their reasons. */
  mostSuspicious: z.array(followerResultSchema),
  /** The fake share re-estimated with a person's labels on a review sample (`audit --labels`). */
  verification: verificationSchema.optional(),
});
export type AuditReport = z.infer<typeof auditReportSchema>;
