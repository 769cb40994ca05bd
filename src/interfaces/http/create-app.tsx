// The whole server as one function from Request to Response: the API under /api/v1 and the dashboard, over the store it is given.
/** @jsxRuntime automatic @jsxImportSource hono/jsx (here, not only in tsconfig: `realreach serve` may run from any folder) */
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { isStoreUnavailable } from '../../store/dialects/store-unavailable.ts';
import { JobCommitUnknownError } from '../../store/jobs/audit-job-store.ts';
import type { ApiToken } from '../../store/store.ts';
import { createDashboard } from '../web/dashboard-routes.tsx';
import { ErrorPage } from '../web/error-page.tsx';
import { sendPage } from '../web/page-layout.tsx';
import { createApiRoutes } from './api-routes.ts';
import { type AppOptions, resolveAppOptions } from './app-options.ts';
import { createGrowthApiRoutes } from './growth-api-routes.ts';
import { jobPath } from './jobs/job-json.ts';
import { ProblemError, problemResponse } from './problem.ts';
import { createRedirectRoutes } from './redirect/redirect-routes.ts';
import { createValueApiRoutes } from './value-api-routes.ts';

const API_PREFIX = '/api/';
/** Seconds a client is asked to wait before retrying while the database is down or busy. */
const STORE_RETRY_AFTER_S = 5;

/** Any error as a problem: the routes' own, Hono's (a body over a limit), or a failure the client cannot fix. */
function asProblem(error: Error, log: (line: string) => void): ProblemError {
  if (error instanceof ProblemError) return error;
  if (error instanceof HTTPException)
    return new ProblemError(error.status as ContentfulStatusCode, error.message || 'the request was refused');
  if (error instanceof JobCommitUnknownError) {
    log(`realreach serve: ${error.message}`);
    return new ProblemError(
      503,
      `the database went away while this upload was being stored as audit job ${error.jobId}, and could not be asked whether it was: look at ${jobPath(error.jobId)} (404: it was not stored; send the upload again) rather than sending it again, which could audit it twice`,
      { headers: { 'Retry-After': String(STORE_RETRY_AFTER_S) }, job: jobPath(error.jobId) },
    );
  }
  if (isStoreUnavailable(error)) {
    log(`realreach serve: the database is unavailable: ${error.message}`);
    return new ProblemError(
      503,
      'the database is not answering right now (restarting or busy); try again shortly',
      { headers: { 'Retry-After': String(STORE_RETRY_AFTER_S) } },
    );
  }
  log(`realreach serve: unexpected failure: ${error.stack ?? error.message}`);
  return new ProblemError(500, 'the server failed on this request; its log says why');
}

/** Set by the bearer-token and session checks once a request is signed in. */
type AppEnv = { Variables: { apiToken?: ApiToken } };

export function createApp(options: AppOptions): Hono<AppEnv> {
  const context = resolveAppOptions(options);
  const app = new Hono<AppEnv>();

  app.use('*', async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'same-origin');
    if (c.req.path.startsWith(API_PREFIX)) c.header('Cache-Control', 'no-store');
  });

  app.route(
    '/r',
    createRedirectRoutes({ store: context.store.value, hits: context.hits, trustProxy: context.trustProxy }),
  );
  app.route('/api/v1', createValueApiRoutes(context));
  app.route('/api/v1', createGrowthApiRoutes(context));
  app.route('/api/v1', createApiRoutes(context));
  app.all(`${API_PREFIX}*`, (c) => {
    throw new ProblemError(
      404,
      `no API route ${c.req.method} ${c.req.path}; the routes are in /api/v1/openapi.json`,
    );
  });
  app.route('/', createDashboard(context));

  app.notFound((c) => {
    if (c.req.path.startsWith(API_PREFIX))
      return problemResponse(new ProblemError(404, `no API route ${c.req.method} ${c.req.path}`));
    return sendPage(
      c,
      <ErrorPage status={404} title="Not Found" detail="There is no such page." signedIn={false} />,
      404,
    );
  });

  app.onError((error, c) => {
    const problem = asProblem(error, context.log);
    if (c.req.path.startsWith(API_PREFIX)) return problemResponse(problem);
    const { title } = problem.toProblem();
    return sendPage(
      c,
      <ErrorPage
        status={problem.status}
        title={title}
        detail={problem.message}
        signedIn={c.get('apiToken') !== undefined}
      />,
      problem.status,
    );
  });

  return app;
}
