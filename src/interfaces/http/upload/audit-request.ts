// What a request to create an audit may say, as zod schemas: the audit's options (query, form fields or JSON) and the JSON body.
import { z } from 'zod';
import { PLATFORMS } from '../../../core/account.ts';
import { InputError } from '../../../core/errors.ts';
import { parseColumnMap } from '../../../ingest/formats/column-map.ts';
import { FORMATS } from '../../../ingest/formats/index.ts';
import { BUNDLED_MODEL_NAMES } from '../../../model/model-file.ts';

/** Content types of a raw follower file; the format itself is recognised from the content. */
export const RAW_UPLOAD_TYPES = [
  'application/x-ndjson',
  'application/jsonl',
  'text/csv',
  'text/plain',
  'text/tab-separated-values',
  'application/gzip',
  'application/x-gzip',
  'application/octet-stream',
];

const FORMAT_NAMES = FORMATS.map((format) => format.name) as [string, ...string[]];

/** true/false from JSON, or the words a query string or a checkbox sends ("true", "1", "on", …). */
const flag = z.union([z.boolean(), z.stringbool()]);

export const auditOptionsSchema = z
  .strictObject({
    format: z
      .enum(FORMAT_NAMES)
      .optional()
      .describe('read the followers as this format instead of recognising it from the content'),
    columns: z
      .string()
      .max(2000)
      .optional()
      .superRefine((value, context) => {
        if (value === undefined) return;
        try {
          parseColumnMap(value);
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
          context.addIssue({ code: 'custom', message: error.message.replace(/^--columns: /, '') });
        }
      })
      .describe(
        'read a CSV through a column map: field=column pairs, e.g. handle=username,followersCount=followers (README, "Any CSV")',
      ),
    platform: z
      .enum(PLATFORMS)
      .optional()
      .describe("the followers' platform when the export does not say (a plain CSV)"),
    model: z
      .enum(BUNDLED_MODEL_NAMES)
      .optional()
      .describe("a bundled model; by default the one for the followers' platform"),
    sample: z.coerce
      .number()
      .int()
      .min(1)
      .max(100_000_000)
      .optional()
      .describe('score a seeded uniform random sample of this many followers'),
    seed: z.coerce
      .number()
      .int()
      .min(0)
      .max(0xffffffff)
      .optional()
      .describe('seed of the sample and the bootstrap: the same seed gives the same report'),
    recentIntake: flag
      .optional()
      .describe('the list is newest first (API order): a partial one describes recent intake'),
    reasons: z
      .enum(['top', 'suspicious', 'all'])
      .optional()
      .describe(
        'which followers get reasons as they are scored: top (only the 100 most suspicious), suspicious, or all (TreeSHAP, about 0.3 ms a follower)',
      ),
    observedAt: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('capture time for records that carry none (default: now)'),
    suspicious: z.coerce
      .number()
      .gt(0)
      .lt(1)
      .optional()
      .describe("p(fake) at or above which a follower is suspicious (default: the model's threshold)"),
    massFollowing: z.coerce
      .number()
      .int()
      .min(0)
      .optional()
      .describe('follows more than this many accounts: a mass follower (default 1,500)'),
    influencerFollowers: z.coerce
      .number()
      .int()
      .min(0)
      .optional()
      .describe('more followers than this: an influencer (default 5,000)'),
    inactiveDays: z.coerce
      .number()
      .int()
      .min(1)
      .optional()
      .describe('no post for this many days: inactive (default 180)'),
    filename: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe("the input's name in the report (a multipart file's own name by default)"),
  })
  .describe('How to audit the followers');
export type AuditRequestOptions = z.output<typeof auditOptionsSchema>;

/** The names an options source may use: query parameters and form fields. */
export const AUDIT_OPTION_NAMES = Object.keys(auditOptionsSchema.shape);

const record = z.record(z.string(), z.unknown());
/** At most this many records in a JSON body: larger lists are uploaded as files, which stream. */
export const MAX_JSON_FOLLOWERS = 100_000;
const followerRecords = z
  .array(record)
  .min(1)
  .max(MAX_JSON_FOLLOWERS)
  .describe('follower records in any format realreach reads (X, Mastodon, Bluesky, realreach JSON …)');

export const auditJsonBodySchema = z
  .union([
    followerRecords,
    z.strictObject({
      followers: followerRecords,
      profile: record.optional().describe('the audited profile, in any account format'),
      options: auditOptionsSchema.optional(),
    }),
  ])
  .describe('The followers as a JSON array, or an object with the followers, the profile and options');
export type AuditJsonBody = z.output<typeof auditJsonBodySchema>;
