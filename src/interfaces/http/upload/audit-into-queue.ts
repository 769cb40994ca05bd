// Submits an opened follower upload as an audit job: the list is read into the job's shards in one transaction and queued; the audit runs on the workers.
import type { FollowerSource } from '../../../audit/audit-followers.ts';
import type { AuditJob } from '../../../store/jobs/audit-job-store.ts';
import type { AppContext } from '../app-options.ts';
import { type AuditInput, thresholdsOf } from './audit-into-store.ts';
import { underUploadName } from './upload-name.ts';

/** The most suspicious followers get their reasons (TreeSHAP) whatever the reasons option says. */
const EXPLAINED_FOLLOWERS = 100;

export interface SubmittedAudit {
  jobId: number;
}

/** Who uploads, and who is told the job as stored (the API's 202 answer, without reading it back). */
export type UploadContext = Pick<AppContext, 'jobs' | 'owner'> & { onStored?: (stored: AuditJob) => void };

export async function submitUpload(
  context: UploadContext,
  input: AuditInput & { warnings?: readonly string[] },
): Promise<SubmittedAudit> {
  const { options } = input;
  const followers: FollowerSource = {
    format: input.followers.format,
    input: { display: input.name },
    notes: [...(input.warnings ?? []), ...input.followers.notes],
    batches: () => underUploadName(input.followers.batches(), input.name, input.signal),
  };
  const jobId = await context.jobs.submit({
    owner: context.owner ?? 'api',
    ...(context.onStored === undefined ? {} : { onStored: context.onStored }),
    followers,
    options: {
      ...(options.model === undefined ? {} : { model: options.model }),
      ...(input.profile === undefined ? {} : { profile: input.profile }),
      ...(input.postInteractions === undefined ? {} : { postInteractions: [...input.postInteractions] }),
      ...(options.sample === undefined ? {} : { sampleSize: options.sample }),
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      recentIntake: options.recentIntake === true,
      thresholds: thresholdsOf(options),
      reasons: options.reasons ?? 'top',
      tableSize: EXPLAINED_FOLLOWERS,
      explainTop: EXPLAINED_FOLLOWERS,
    },
  });
  return { jobId };
}
