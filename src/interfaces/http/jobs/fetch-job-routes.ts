// The routes of fetch jobs under /api/v1: submit a profile's fetch (202 Accepted with the job's Location), read its state and progress, download its followers as realreach JSONL, list fetches, cancel one.
import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { stream } from 'hono/streaming';
import { ProfileSyntaxError } from '../../../connectors/profile-ref.ts';
import { QueueFullError } from '../../../jobs/audit/submit-audit-job.ts';
import { fetchedFollowerLines } from '../../../jobs/fetch/fetched-followers.ts';
import type { AppContext } from '../app-options.ts';
import type { TokenVariables } from '../auth/bearer-token.ts';
import { ProblemError, parseOrProblem } from '../problem.ts';
import {
  fetchIdSchema,
  fetchJobJson,
  fetchJobPath,
  fetchListQuerySchema,
  fetchRequestSchema,
} from './fetch-job-json.ts';

/** A fetch request is a few fields of JSON. */
const FETCH_BODY_BYTES = 16 * 1024;

export function addFetchJobRoutes(api: Hono<{ Variables: TokenVariables }>, context: AppContext): void {
  const { store } = context;

  api.use(
    '/fetches',
    bodyLimit({
      maxSize: FETCH_BODY_BYTES,
      onError: () => {
        throw new ProblemError(413, `the body is larger than ${FETCH_BODY_BYTES / 1024} KiB`);
      },
    }),
  );

  api.post('/fetches', async (c) => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      throw new ProblemError(400, 'the body is not JSON');
    }
    const request = parseOrProblem(fetchRequestSchema, body, 'fetch');
    let jobId: number;
    try {
      jobId = await context.fetches.submit({
        owner: c.get('apiToken').name,
        profile: request.profile,
        ...(request.baseUrl === undefined ? {} : { baseUrl: request.baseUrl }),
        ...(request.max === undefined ? {} : { max: request.max }),
        ...(request.rateLimit === undefined
          ? {}
          : {
              rateLimit: { requests: request.rateLimit.requests, windowMs: request.rateLimit.seconds * 1000 },
            }),
        ...(request.audit ? { audit: {} } : {}),
      });
    } catch (error) {
      if (error instanceof ProfileSyntaxError) throw new ProblemError(400, error.message);
      if (error instanceof QueueFullError) throw new ProblemError(429, error.message);
      throw error;
    }
    const job = await store.fetchJobs.getFetchJob(jobId);
    if (job === undefined) throw new Error(`fetch job ${jobId} was stored but cannot be read back`);
    c.header('Location', fetchJobPath(jobId));
    return c.json(fetchJobJson(job), 202);
  });

  api.get('/fetches', async (c) => {
    const { state, limit } = parseOrProblem(fetchListQuerySchema, c.req.query(), 'query');
    const jobs = await store.fetchJobs.listFetchJobs({
      ...(state === undefined ? {} : { states: [state] }),
      limit,
    });
    return c.json({ fetches: jobs.map(fetchJobJson) });
  });

  api.get('/fetches/:id', async (c) => {
    const { id } = parseOrProblem(fetchIdSchema, c.req.param(), 'fetch id');
    const job = await store.fetchJobs.getFetchJob(id);
    if (job === undefined) throw new ProblemError(404, `no fetch job with id ${id}`);
    return c.json(fetchJobJson(job));
  });

  api.get('/fetches/:id/followers', async (c) => {
    const { id } = parseOrProblem(fetchIdSchema, c.req.param(), 'fetch id');
    const job = await store.fetchJobs.getFetchJob(id);
    if (job === undefined) throw new ProblemError(404, `no fetch job with id ${id}`);
    if (job.pagesDroppedAt !== undefined)
      throw new ProblemError(
        410,
        `the followers of fetch job ${id} were dropped at ${job.pagesDroppedAt.toISOString()}, once consumed and kept for the retention window (REALREACH_FETCH_KEEP_PAGES_HOURS); its counts${job.auditJobId === null ? '' : ' and its audit'} remain`,
      );
    c.header('Content-Type', 'application/x-ndjson; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="fetch-${id}-followers.jsonl"`);
    return stream(c, async (out) => {
      for await (const lines of fetchedFollowerLines(store, id)) await out.write(lines);
    });
  });

  api.delete('/fetches/:id', async (c) => {
    const { id } = parseOrProblem(fetchIdSchema, c.req.param(), 'fetch id');
    const job = await store.fetchJobs.getFetchJob(id);
    if (job === undefined) throw new ProblemError(404, `no fetch job with id ${id}`);
    if (!(await context.fetches.cancel(id)))
      throw new ProblemError(
        409,
        `fetch job ${id} is ${job.state}: only queued or running fetches can be cancelled`,
      );
    return c.body(null, 204);
  });
}
