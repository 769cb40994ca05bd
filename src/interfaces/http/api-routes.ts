// The routes under /api/v1: submit an audit job from an upload, read audits, page through followers, a profile's audits and follower-count history.
import { Hono } from 'hono';
import { InvalidCursorError } from '../../store/rows/follower-cursor.ts';
import type { ProfileRef, Store } from '../../store/store.ts';
import type { AppContext } from './app-options.ts';
import { requireBearerToken, type TokenVariables } from './auth/bearer-token.ts';
import { addFetchJobRoutes } from './jobs/fetch-job-routes.ts';
import { addJobRoutes } from './jobs/job-routes.ts';
import {
  auditIdSchema,
  auditListQuerySchema,
  auditSummaryJson,
  followerPageOptions,
  followerPageQuerySchema,
  profilePathSchema,
  snapshotJson,
  storedAuditJson,
} from './openapi/api-schemas.ts';
import { buildOpenApiDocument } from './openapi/openapi-document.ts';
import { ProblemError, parseOrProblem } from './problem.ts';
import { auditsOfProfile, findProfile } from './profile-lookup.ts';
import { addReviewRoutes } from './review-routes.ts';

async function profileOrProblem(store: Store, params: Record<string, string>): Promise<ProfileRef> {
  const { platform, id } = parseOrProblem(profilePathSchema, params, 'profile path');
  const profile = await findProfile(store, platform, id);
  if (profile === undefined)
    throw new ProblemError(404, `no saved audit or history of the ${platform} profile ${id}`);
  return profile;
}

export function createApiRoutes(context: AppContext): Hono<{ Variables: TokenVariables }> {
  const { store, limits } = context;
  const openApiDocument = JSON.stringify(buildOpenApiDocument(limits));
  const followerQuery = followerPageQuerySchema(limits.followerPageSize);
  const api = new Hono<{ Variables: TokenVariables }>();

  // The document describes the API and holds no data, so tools may fetch it without a token.
  api.get('/openapi.json', (c) => c.body(openApiDocument, 200, { 'Content-Type': 'application/json' }));

  api.use(
    '*',
    requireBearerToken((token) => store.verifyToken(token), context),
  );

  addJobRoutes(api, context);
  addFetchJobRoutes(api, context);

  api.get('/audits', async (c) => {
    const { limit, offset } = parseOrProblem(auditListQuerySchema, c.req.query(), 'query');
    const audits = await store.listAudits({ limit: limit + 1, offset });
    return c.json({
      audits: audits.slice(0, limit).map(auditSummaryJson),
      nextOffset: audits.length > limit ? offset + limit : null,
    });
  });

  api.get('/audits/:id', async (c) => {
    const { id } = parseOrProblem(auditIdSchema, c.req.param(), 'audit id');
    const audit = await store.getAudit(id);
    if (audit === undefined) throw new ProblemError(404, `no audit with id ${id}`);
    return c.json(storedAuditJson(audit));
  });

  api.delete('/audits/:id', async (c) => {
    const { id } = parseOrProblem(auditIdSchema, c.req.param(), 'audit id');
    if (!(await store.deleteAudit(id))) throw new ProblemError(404, `no audit with id ${id}`);
    return c.body(null, 204);
  });

  api.get('/audits/:id/followers', async (c) => {
    const { id } = parseOrProblem(auditIdSchema, c.req.param(), 'audit id');
    const query = parseOrProblem(followerQuery, c.req.query(), 'query');
    let page: Awaited<ReturnType<Store['pageFollowers']>>;
    try {
      page = await store.pageFollowers(id, followerPageOptions(query));
    } catch (error) {
      if (error instanceof InvalidCursorError)
        throw new ProblemError(400, `${error.message}: pass the nextCursor of the previous page as it came`);
      throw error;
    }
    if (page === undefined) throw new ProblemError(404, `no audit with id ${id}`);
    return c.json(page);
  });

  addReviewRoutes(api, store);

  api.get('/profiles/:platform/:id/audits', async (c) => {
    const profile = await profileOrProblem(store, c.req.param());
    const { limit, offset } = parseOrProblem(auditListQuerySchema, c.req.query(), 'query');
    const audits = await store.listAudits({
      profile: auditsOfProfile(profile),
      limit,
      offset,
    });
    return c.json({ profile, audits: audits.map(auditSummaryJson) });
  });

  api.get('/profiles/:platform/:id/history', async (c) => {
    const profile = await profileOrProblem(store, c.req.param());
    const snapshots = profile.id === null ? [] : await store.listSnapshots(profile.platform, profile.id);
    return c.json({ profile, snapshots: snapshots.map(snapshotJson) });
  });

  return api;
}
