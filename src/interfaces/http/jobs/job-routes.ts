// The routes of audit jobs under /api/v1: submit an upload (202 Accepted with the job's Location), read a job's state and progress (and its audit once done), list jobs, cancel one.
import type { Hono } from 'hono';
import { QueueFullError } from '../../../jobs/audit/submit-audit-job.ts';
import type { AuditJob } from '../../../store/jobs/audit-job-store.ts';
import type { AppContext } from '../app-options.ts';
import type { TokenVariables } from '../auth/bearer-token.ts';
import { ProblemError, parseOrProblem } from '../problem.ts';
import { createAuditFromRequest } from '../upload/create-audit-from-request.ts';
import { jobIdSchema, jobJson, jobListQuerySchema, jobPath } from './job-json.ts';

export function addJobRoutes(api: Hono<{ Variables: TokenVariables }>, context: AppContext): void {
  const { store } = context;

  api.post('/audits', async (c) => {
    // The job as stored, from the store once its commit is known: reading it back could fail with the database gone
    // right after (an upload whose job runs answered 503 would be sent again: two audits).
    let stored: AuditJob | undefined;
    try {
      await createAuditFromRequest(
        {
          ...context,
          owner: c.get('apiToken').name,
          onStored: (job) => {
            stored = job;
          },
        },
        c.req.raw,
        c.req.query(),
      );
    } catch (error) {
      if (error instanceof QueueFullError) throw new ProblemError(429, error.message);
      throw error;
    }
    const job = stored;
    if (job === undefined) throw new Error('an upload was stored as a job without the store telling which');
    c.header('Location', jobPath(job.id));
    return c.json(jobJson(job), 202);
  });

  api.get('/jobs', async (c) => {
    const { state, limit } = parseOrProblem(jobListQuerySchema, c.req.query(), 'query');
    const jobs = await store.jobs.listJobs({ ...(state === undefined ? {} : { states: [state] }), limit });
    return c.json({ jobs: jobs.map((job) => jobJson(job)) });
  });

  api.get('/jobs/:id', async (c) => {
    const { id } = parseOrProblem(jobIdSchema, c.req.param(), 'job id');
    const job = await store.jobs.getJob(id);
    if (job === undefined) throw new ProblemError(404, `no audit job with id ${id}`);
    const audit = job.auditId === null ? undefined : await store.getAudit(job.auditId);
    return c.json(jobJson(job, audit));
  });

  api.delete('/jobs/:id', async (c) => {
    const { id } = parseOrProblem(jobIdSchema, c.req.param(), 'job id');
    const job = await store.jobs.getJob(id);
    if (job === undefined) throw new ProblemError(404, `no audit job with id ${id}`);
    if (!(await context.jobs.cancel(id)))
      throw new ProblemError(
        409,
        `audit job ${id} is ${job.state}: only queued or running jobs can be cancelled`,
      );
    return c.body(null, 204);
  });
}
