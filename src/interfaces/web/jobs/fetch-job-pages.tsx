// The dashboard's fetch-job views: the fetches table on the jobs page (state, followers fetched of the profile's count, error, its audit job) and one fetch's page with its download and cancel.
/** @jsxRuntime automatic @jsxImportSource hono/jsx (here, not only in tsconfig: `realreach serve` may run from any folder) */
import type { Hono } from 'hono';
import { z } from 'zod';
import { countOf } from '../../../core/plural.ts';
import type { FetchJob } from '../../../store/jobs/fetch-job-store.ts';
import type { AppContext } from '../../http/app-options.ts';
import { fetchJobPath, fetchTarget } from '../../http/jobs/fetch-job-json.ts';
import { ProblemError, parseOrProblem } from '../../http/problem.ts';
import { formatCount } from '../../report/words/report-numbers.ts';
import { PageShell, sendPage } from '../page-layout.tsx';
import type { SessionVariables } from '../session.ts';
import { JobTable } from './job-table.tsx';

export const fetchPagePath = (id: number) => `/fetches/${id}`;
const fetchIdSchema = z.object({ id: z.coerce.number().int().positive() });
const OPEN = ['queued', 'running'];

/** A size as people read it: 740 B, 12.5 KiB, 3.2 MiB, 1.1 GiB. */
function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

function fetchProgressWords(job: FetchJob): string {
  const target = fetchTarget(job);
  const of = target === null ? '' : ` of ${formatCount(target)}`;
  const incomplete =
    job.incompleteBecause === 'max'
      ? ' (stopped at max: the newest followers)'
      : job.incompleteBecause === 'network-hidden'
        ? ' (the profile hides its followers)'
        : '';
  return `${formatCount(job.followersFetched)}${of} followers fetched, ${countOf(job.pagesDone, 'page')}${incomplete}`;
}

/** The fetches table of the jobs page. */
export function FetchJobsTable(props: { fetches: FetchJob[] }) {
  return (
    <section class="card table-wrap">
      <h2>Fetch jobs</h2>
      {props.fetches.length === 0 ? (
        <p>
          No fetch jobs: <code>realreach fetch &lt;profile&gt; --queue</code> or{' '}
          <code>POST /api/v1/fetches</code> queues one.
        </p>
      ) : (
        <JobTable
          kind="Fetch"
          subject="Profile"
          marker="data-fetch-jobs"
          rows={props.fetches.map((job) => ({
            id: job.id,
            href: fetchPagePath(job.id),
            subject: job.profileRef,
            state: job.state,
            progress: fetchProgressWords(job),
            error: job.error,
          }))}
        />
      )}
    </section>
  );
}

function FetchPage(props: { job: FetchJob }) {
  const { job } = props;
  const target = fetchTarget(job);
  return (
    <PageShell title={`Fetch job #${job.id}`} signedIn current="jobs">
      <header class="hero">
        <h1>{`Fetch job #${job.id}: ${job.profileRef}`}</h1>
        <p class="sub">
          State: <strong data-fetch-state>{job.state}</strong>
        </p>
      </header>
      <section class="card">
        <progress max={Math.max(1, target ?? job.followersFetched)} value={job.followersFetched} />
        <p>{fetchProgressWords(job)}</p>
        {job.error !== null && <p class="problem">{job.error}</p>}
        {job.pagesDroppedAt !== undefined ? (
          <p data-pages-dropped>
            {`Its followers were dropped on ${job.pagesDroppedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC (${formatBytes(job.pageBytesDropped)} gzipped), once consumed and kept for the retention window; the counts above${job.auditJobId === null ? '' : ' and its audit'} remain.`}
          </p>
        ) : (
          job.followersFetched > 0 && (
            <p>
              <a href={`${fetchJobPath(job.id)}/followers`}>The followers as realreach JSONL</a> (API token
              needed)
            </p>
          )
        )}
        {job.auditJobId !== null && (
          <p>
            <a href={`/jobs/${job.auditJobId}`}>{`Its audit: job #${job.auditJobId}`}</a>
          </p>
        )}
        {OPEN.includes(job.state) && (
          <form method="post" action={`${fetchPagePath(job.id)}/cancel`} class="actions">
            <button type="submit" class="danger">
              Cancel the fetch
            </button>
          </form>
        )}
        <p>
          <a href="/jobs">All jobs</a>
        </p>
      </section>
    </PageShell>
  );
}

export function addFetchJobPages(web: Hono<{ Variables: SessionVariables }>, context: AppContext): void {
  const { store } = context;
  const fetchOr404 = async (params: Record<string, string>) => {
    const { id } = parseOrProblem(fetchIdSchema, params, 'fetch id');
    const job = await store.fetchJobs.getFetchJob(id);
    if (job === undefined) throw new ProblemError(404, `There is no fetch job ${id}.`);
    return job;
  };

  web.get('/fetches/:id', async (c) => sendPage(c, <FetchPage job={await fetchOr404(c.req.param())} />));

  web.post('/fetches/:id/cancel', async (c) => {
    const job = await fetchOr404(c.req.param());
    await context.fetches.cancel(job.id);
    return c.redirect(fetchPagePath(job.id), 303);
  });
}
