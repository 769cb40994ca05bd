// The dashboard's audit-job pages: one job's progress (followed live by a small script, then the audit), and the jobs list with the failed ones and their errors.
/** @jsxRuntime automatic @jsxImportSource hono/jsx (here, not only in tsconfig: `realreach serve` may run from any folder) */
import type { Hono } from 'hono';
import { z } from 'zod';
import { countOf } from '../../../core/plural.ts';
import type { AuditJob } from '../../../store/jobs/audit-job-store.ts';
import type { FetchJob } from '../../../store/jobs/fetch-job-store.ts';
import type { AppContext } from '../../http/app-options.ts';
import { ProblemError, parseOrProblem } from '../../http/problem.ts';
import { formatCount } from '../../report/words/report-numbers.ts';
import { auditPath } from '../dashboard-paths.ts';
import { PageShell, sendPage } from '../page-layout.tsx';
import type { SessionVariables } from '../session.ts';
import { assetUrl } from '../static-assets.ts';
import { FetchJobsTable } from './fetch-job-pages.tsx';
import { JobTable } from './job-table.tsx';

export const jobPagePath = (id: number) => `/jobs/${id}`;
const jobIdSchema = z.object({ id: z.coerce.number().int().positive() });
const OPEN = ['queued', 'running'];
const JOBS_LISTED = 100;

function progressWords(job: AuditJob): string {
  return `${formatCount(job.scored)} of ${countOf(job.followers, 'follower')} scored (${job.shardsDone} of ${countOf(job.shardCount, 'shard')})`;
}

function JobPage(props: { job: AuditJob }) {
  const { job } = props;
  const open = OPEN.includes(job.state);
  return (
    <PageShell title={`Audit job #${job.id}`} signedIn>
      <header class="hero">
        <h1>{`Audit job #${job.id}: ${job.inputName}`}</h1>
        <p class="sub">
          State: <strong data-job-state>{job.state}</strong>
        </p>
      </header>
      <section class="card" data-job={`${jobPagePath(job.id)}/progress`}>
        <progress max={Math.max(1, job.followers)} value={job.scored} />
        <p data-job-words>{progressWords(job)}</p>
        {job.state === 'done' && job.auditId !== null && (
          <p>
            <a href={auditPath(job.auditId)}>Open the audit</a>
          </p>
        )}
        {job.state === 'failed' && <p class="problem">{`Failed: ${job.error ?? 'no error recorded'}`}</p>}
        {open && (
          <form method="post" action={`${jobPagePath(job.id)}/cancel`} class="actions">
            <button type="submit" class="danger">
              Cancel the audit
            </button>
          </form>
        )}
        <p>
          <a href="/jobs">All audit jobs</a>
        </p>
      </section>
      {/* Followed live while open; once done the script opens the audit (the upload lands here first). */}
      {(open || job.state === 'done') && <script src={assetUrl('job-progress.js')} defer />}
    </PageShell>
  );
}

function JobsPage(props: { jobs: AuditJob[]; fetches: FetchJob[] }) {
  const failed = props.jobs.filter((job) => job.state === 'failed').length;
  return (
    <PageShell title="Audit jobs" signedIn current="jobs">
      <header class="hero">
        <h1>Audit jobs</h1>
        <p class="sub">
          {failed === 0
            ? 'No failed jobs.'
            : `${failed} failed after every retry (dead letters): their errors are below; upload again once fixed.`}
        </p>
      </header>
      <section class="card table-wrap">
        <JobTable
          kind="Job"
          subject="Input"
          rows={props.jobs.map((job) => ({
            id: job.id,
            href: jobPagePath(job.id),
            subject: job.inputName,
            state: job.state,
            progress: progressWords(job),
            error: job.error,
          }))}
        />
      </section>
      <FetchJobsTable fetches={props.fetches} />
    </PageShell>
  );
}

export function addJobPages(web: Hono<{ Variables: SessionVariables }>, context: AppContext): void {
  const { store } = context;
  const jobOr404 = async (params: Record<string, string>) => {
    const { id } = parseOrProblem(jobIdSchema, params, 'job id');
    const job = await store.jobs.getJob(id);
    if (job === undefined) throw new ProblemError(404, `There is no audit job ${id}.`);
    return job;
  };

  web.get('/jobs', async (c) =>
    sendPage(
      c,
      <JobsPage
        jobs={await store.jobs.listJobs({ limit: JOBS_LISTED })}
        fetches={await store.fetchJobs.listFetchJobs({ limit: JOBS_LISTED })}
      />,
    ),
  );

  web.get('/jobs/:id', async (c) => sendPage(c, <JobPage job={await jobOr404(c.req.param())} />));

  web.get('/jobs/:id/progress', async (c) => {
    const job = await jobOr404(c.req.param());
    c.header('Cache-Control', 'no-store');
    return c.json({
      state: job.state,
      progress: {
        scored: job.scored,
        total: job.followers,
        shardsDone: job.shardsDone,
        shards: job.shardCount,
      },
      auditPath: job.auditId === null ? null : auditPath(job.auditId),
    });
  });

  web.post('/jobs/:id/cancel', async (c) => {
    const job = await jobOr404(c.req.param());
    await context.jobs.cancel(job.id);
    return c.redirect(jobPagePath(job.id), 303);
  });
}
