// Whether every accepted upload became at most one audit: the jobs the server accepted (202) and the audits the database holds.
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import type { Answer } from './load.ts';

export interface SavedOnce {
  accepted: number;
  done: number;
  failed: number;
  audits: number;
  /**
   * Audits no accepted upload (nor a 503 that named its job) accounts for, or that two jobs share: 0 when each was
   * saved exactly once.
   */
  extra: number;
  /** Accepted uploads the database has no job (nor audit) for. */
  lost: number;
  /** Uploads answered 503 naming a job that may have been stored (the COMMIT's answer lost, the database not answering). */
  told: number;
  /** Of those, the jobs that were stored: their audits are the client's too (it was told where to look). */
  toldStored: number;
}

/** Waits (up to `waitMs`) for the jobs to finish, then counts. Works before and after audits became jobs (201 or 202). */
export async function savedOnce(
  connectionString: string,
  answers: Answer[],
  waitMs = 60_000,
): Promise<SavedOnce> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const hasJobs =
      (await client.query("select 1 from information_schema.tables where table_name = 'audit_jobs'"))
        .rowCount !== 0;
    const deadline = Date.now() + waitMs;
    while (hasJobs && Date.now() < deadline) {
      const open = await client.query(
        "select count(*)::int as n from audit_jobs where state in ('queued', 'running')",
      );
      if (open.rows[0].n === 0) break;
      await delay(250);
    }
    const audits = new Set(
      (await client.query<{ id: number }>('select id from audits')).rows.map((row) => Number(row.id)),
    );
    const direct = answers.filter((a) => a.status === 201).map((a) => a.auditId as number);
    const jobIds = answers.filter((a) => a.status === 202).map((a) => a.jobId as number);
    const jobs = hasJobs
      ? (
          await client.query<{ id: number; state: string; audit_id: number | null }>(
            'select id, state, audit_id from audit_jobs',
          )
        ).rows
      : [];
    const byJob = new Map(jobs.map((job) => [Number(job.id), job]));
    const auditsOf = (ids: number[]) =>
      ids
        .map((id) => byJob.get(id))
        .filter((job) => job?.audit_id != null)
        .map((job) => Number(job?.audit_id));
    const fromJobs = auditsOf(jobIds);
    const toldIds = answers.filter((a) => a.maybeJobId !== undefined).map((a) => a.maybeJobId as number);
    const accounted = [...direct, ...fromJobs, ...auditsOf(toldIds)];
    const unique = new Set(accounted);
    return {
      accepted: direct.length + jobIds.length,
      done: direct.length + fromJobs.length,
      failed: jobIds.filter((id) => byJob.get(id)?.state === 'failed').length,
      audits: audits.size,
      extra: accounted.length - unique.size + [...audits].filter((id) => !unique.has(id)).length,
      lost: jobIds.filter((id) => !byJob.has(id)).length + direct.filter((id) => !audits.has(id)).length,
      told: toldIds.length,
      toldStored: toldIds.filter((id) => byJob.has(id)).length,
    };
  } finally {
    await client.end();
  }
}
