// An audit job as the API shows it: state, progress (followers scored of the total), warnings, the error of a failed job, and the audit once done.
import { z } from 'zod';
import { AUDIT_JOB_STATES, type AuditJob } from '../../../store/jobs/audit-job-store.ts';
import type { StoredAudit } from '../../../store/store.ts';
import { storedAuditJson, storedAuditSchema } from '../openapi/api-schemas.ts';

export const jobPath = (id: number) => `/api/v1/jobs/${id}`;

export const jobSchema = z
  .object({
    id: z.number().int(),
    state: z
      .enum(AUDIT_JOB_STATES)
      .describe(
        'queued, running, done, failed (after every retry: a dead letter, with its error) or cancelled',
      ),
    input: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    progress: z
      .object({
        scored: z.number().int().describe('followers scored so far'),
        total: z.number().int().describe('followers read from the upload'),
        shardsDone: z.number().int(),
        shards: z.number().int(),
      })
      .describe('followers scored of the total; a sampled audit scores its sample when every shard is in'),
    error: z.string().nullable(),
    warnings: z.array(z.string()).describe('facts the report has no field for, worth telling the user'),
    auditId: z.number().int().nullable(),
    links: z.object({ self: z.string(), audit: z.string().optional() }),
    audit: storedAuditSchema.optional().describe('the audit, once the job is done'),
  })
  .describe('An audit job: an upload being audited by the workers');

export const jobListSchema = z.object({ jobs: z.array(jobSchema) }).describe('Audit jobs, newest first');
export const jobIdSchema = z.object({ id: z.coerce.number().int().positive() });
export const jobListQuerySchema = z.object({
  state: z.enum(AUDIT_JOB_STATES).optional().describe('only jobs in this state'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export function jobJson(job: AuditJob, audit?: StoredAudit): z.infer<typeof jobSchema> {
  return {
    id: job.id,
    state: job.state,
    input: job.inputName,
    createdAt: job.createdAt.toISOString(),
    updatedAt: job.updatedAt.toISOString(),
    progress: {
      scored: job.scored,
      total: job.followers,
      shardsDone: job.shardsDone,
      shards: job.shardCount,
    },
    error: job.error,
    warnings: job.notes,
    auditId: job.auditId,
    links: {
      self: jobPath(job.id),
      ...(job.auditId === null ? {} : { audit: `/api/v1/audits/${job.auditId}` }),
    },
    ...(audit === undefined ? {} : { audit: storedAuditJson(audit) }),
  };
}
