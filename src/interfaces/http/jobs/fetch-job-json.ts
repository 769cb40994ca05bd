// A fetch job as the API takes and shows it: the request to submit one, and its state, progress (followers fetched of the profile's count), error and chained audit job.
import { z } from 'zod';
import { PLATFORMS } from '../../../core/account.ts';
import { FETCH_JOB_STATES, type FetchJob } from '../../../store/jobs/fetch-job-store.ts';

export const fetchJobPath = (id: number) => `/api/v1/fetches/${id}`;

export const fetchRequestSchema = z
  .object({
    profile: z
      .string()
      .min(1)
      .describe(
        "@user@instance (Mastodon), bsky:handle or did:… (Bluesky), x:handle (X, the workers' X_BEARER_TOKEN)",
      ),
    baseUrl: z
      .url({ protocol: /^https?$/ })
      .optional()
      .describe("the API's address (default: the platform's own)"),
    max: z.number().int().positive().optional().describe('stop after the newest N followers'),
    rateLimit: z
      .object({ requests: z.number().int().min(1), seconds: z.number().positive() })
      .optional()
      .describe(
        'the request budget every worker shares for this platform and key (default: the published one)',
      ),
    audit: z.boolean().default(false).describe('queue an audit job of the followers once the fetch ends'),
  })
  .strict();

export const fetchJobSchema = z
  .object({
    id: z.number().int(),
    state: z.enum(FETCH_JOB_STATES),
    profile: z.string().describe('the profile as named when submitted'),
    platform: z.enum(PLATFORMS),
    createdAt: z.string(),
    updatedAt: z.string(),
    progress: z.object({
      fetched: z.number().int().describe('followers saved so far'),
      target: z
        .number()
        .int()
        .nullable()
        .describe("the profile's follower count (or max when lower), once looked up"),
      pages: z.number().int(),
    }),
    withheld: z.number().int().describe('followers listed but asking not to be shown to logged-out viewers'),
    rejected: z.number().int().describe('listed accounts that could not be read'),
    incompleteBecause: z.enum(['max', 'network-hidden']).nullable(),
    error: z.string().nullable(),
    auditJobId: z
      .number()
      .int()
      .nullable()
      .describe('the audit job queued once the fetch ended (audit: true)'),
    pagesDroppedAt: z
      .string()
      .nullable()
      .describe(
        'when the saved followers were dropped: kept REALREACH_FETCH_KEEP_PAGES_HOURS (a week) after they were consumed — the fetch ended, and its audit job too',
      ),
    pageBytesDropped: z
      .number()
      .int()
      .describe('the size of the pages dropped (gzipped), 0 while they are kept'),
    links: z.object({ self: z.string(), followers: z.string(), auditJob: z.string().optional() }),
  })
  .describe("A fetch job: one profile's followers being read by the workers under the shared rate limit");

export const fetchIdSchema = z.object({ id: z.coerce.number().int().positive() });
export const fetchListQuerySchema = z.object({
  state: z.enum(FETCH_JOB_STATES).optional().describe('only fetches in this state'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** The profile's follower count, or max when lower: what the progress counts towards. */
export function fetchTarget(job: FetchJob): number | null {
  const count = job.profile?.followersCount;
  const known = typeof count === 'number' ? count : undefined;
  if (known === undefined) return job.max ?? null;
  return Math.min(known, job.max ?? Number.POSITIVE_INFINITY);
}

export function fetchJobJson(job: FetchJob): z.infer<typeof fetchJobSchema> {
  return {
    id: job.id,
    state: job.state,
    profile: job.profileRef,
    platform: job.platform as z.infer<typeof fetchJobSchema>['platform'],
    createdAt: job.createdAt.toISOString(),
    updatedAt: job.updatedAt.toISOString(),
    progress: { fetched: job.followersFetched, target: fetchTarget(job), pages: job.pagesDone },
    withheld: job.followersWithheld,
    rejected: job.followersRejected,
    incompleteBecause: job.incompleteBecause ?? null,
    error: job.error,
    auditJobId: job.auditJobId,
    pagesDroppedAt: job.pagesDroppedAt?.toISOString() ?? null,
    pageBytesDropped: job.pageBytesDropped,
    links: {
      self: fetchJobPath(job.id),
      followers: `${fetchJobPath(job.id)}/followers`,
      ...(job.auditJobId === null ? {} : { auditJob: `/api/v1/jobs/${job.auditJobId}` }),
    },
  };
}
