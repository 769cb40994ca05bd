// The API's own shapes as zod schemas — query parameters, path parameters, responses — beside the report's; they validate requests and make the OpenAPI document.
import { z } from 'zod';
import {
  AUDIENCE_TYPES,
  auditReportSchema,
  followerResultSchema,
  intervalSchema,
} from '../../../audit/report-schema.ts';
import { PLATFORMS } from '../../../core/account.ts';
import type { FollowerCountSnapshot } from '../../../core/snapshot.ts';
import type { AuditSummary, FollowerPageOptions, ProfileRef, StoredAudit } from '../../../store/store.ts';

export const profileRefSchema = z
  .strictObject({
    platform: z.enum(PLATFORMS),
    id: z.string().nullable().describe("the profile's platform id"),
    handle: z.string().nullable(),
  })
  .describe('A profile, by platform id, handle or both');

export const auditSummarySchema = z
  .strictObject({
    id: z.int().min(1),
    createdAt: z.iso.datetime(),
    profile: profileRefSchema.nullable(),
    model: z.string(),
    headline: z.string(),
    followersRead: z.int(),
    fakeShare: intervalSchema,
    realFollowers: intervalSchema,
    qualityScore: z.number(),
  })
  .describe("A saved audit's headline numbers");
export type AuditSummaryJson = z.infer<typeof auditSummarySchema>;

export const storedAuditSchema = auditSummarySchema
  .extend({ report: auditReportSchema })
  .describe('A saved audit with its whole report');

export const createdAuditSchema = storedAuditSchema
  .extend({
    warnings: z.array(z.string()).describe('facts the report has no field for, worth telling the user'),
  })
  .describe('The audit just made and saved');

export const auditListSchema = z
  .strictObject({
    audits: z.array(auditSummarySchema),
    nextOffset: z.int().nullable().describe('the offset of the next page; null on the last'),
  })
  .describe('Saved audits, newest first');

export const followerPageSchema = z
  .strictObject({
    followers: z.array(followerResultSchema),
    nextCursor: z.string().nullable().describe('pass as cursor for the next page; null on the last page'),
  })
  .describe("One page of an audit's followers");

export const snapshotSchema = z.strictObject({
  observedAt: z.iso.datetime(),
  followersCount: z.int(),
  followingCount: z.int().nullable(),
  postsCount: z.int().nullable(),
  source: z.string().describe('where the count came from: audit, an API, an export'),
});

export const historySchema = z
  .strictObject({ profile: profileRefSchema, snapshots: z.array(snapshotSchema).describe('oldest first') })
  .describe("A profile's follower-count history");

export const profileAuditsSchema = z
  .strictObject({ profile: profileRefSchema, audits: z.array(auditSummarySchema) })
  .describe("A profile's saved audits, newest first");

export const auditListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('audits per page'),
  offset: z.coerce.number().int().min(0).default(0).describe('audits to skip'),
});

export const FOLLOWER_SORTS = { '-pFake': 'pFake desc', pFake: 'pFake asc' } as const;

export function followerPageQuerySchema(maxPageSize: number) {
  return z.strictObject({
    type: z.enum(AUDIENCE_TYPES).optional().describe('only followers of this audience type'),
    sort: z
      .enum(['-pFake', 'pFake'])
      .default('-pFake')
      .describe('-pFake: most suspicious first; pFake: least suspicious first'),
    minP: z.coerce.number().min(0).max(1).optional().describe('only followers with p(fake) at or above this'),
    maxP: z.coerce.number().min(0).max(1).optional().describe('only followers with p(fake) at or below this'),
    reason: z
      .string()
      .trim()
      .max(100)
      .optional()
      .describe('only followers one of whose reasons contains this text (any case)'),
    limit: z.coerce.number().int().min(1).max(maxPageSize).default(100).describe('followers per page'),
    cursor: z.string().min(1).max(200).optional().describe('the nextCursor of the previous page'),
  });
}

/** The store's page options from a validated follower query (the API's and the dashboard's). */
export function followerPageOptions(
  query: z.output<ReturnType<typeof followerPageQuerySchema>>,
): FollowerPageOptions {
  return {
    type: query.type,
    sort: FOLLOWER_SORTS[query.sort],
    minPFake: query.minP,
    maxPFake: query.maxP,
    reason: query.reason || undefined,
    limit: query.limit,
    cursor: query.cursor,
  };
}

export const auditIdSchema = z.strictObject({
  id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).describe('the audit id'),
});

export const profilePathSchema = z.strictObject({
  platform: z.enum(PLATFORMS),
  id: z
    .string()
    .min(1)
    .max(200)
    .describe("the profile's platform id, or @handle for a profile known by handle only"),
});

export function auditSummaryJson(audit: AuditSummary): AuditSummaryJson {
  return { ...audit, createdAt: audit.createdAt.toISOString() };
}

export function storedAuditJson(audit: StoredAudit): z.infer<typeof storedAuditSchema> {
  return { ...auditSummaryJson(audit), report: audit.report };
}

export function snapshotJson(snapshot: FollowerCountSnapshot): z.infer<typeof snapshotSchema> {
  return {
    observedAt: snapshot.observedAt.toISOString(),
    followersCount: snapshot.followersCount,
    followingCount: snapshot.followingCount ?? null,
    postsCount: snapshot.postsCount ?? null,
    source: snapshot.source,
  };
}

/** The URL path of a profile: its platform id, or @handle when the store knows it by handle only. */
export function profilePathId(profile: ProfileRef): string {
  return profile.id ?? `@${profile.handle ?? ''}`;
}
