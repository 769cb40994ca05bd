// Audits an opened follower list and saves the report with every follower's result, spooled to disk meanwhile so memory stays flat.

import { auditFollowers, type FollowerSource } from '../../../audit/audit-followers.ts';
import type { AudienceThresholds, AuditReport } from '../../../audit/report-schema.ts';
import type { Account } from '../../../core/account.ts';
import { modelNameForPlatform } from '../../../model/detector.ts';
import { type KindDetectors, kindDetectorsOf } from '../../../model/kind-models.ts';
import { FollowerSpool, saveSpooledAudit } from '../../follower-spool.ts';
import type { AppContext } from '../app-options.ts';
import type { AuditRequestOptions } from './audit-request.ts';
import { underUploadName } from './upload-name.ts';

/** The most suspicious followers get their reasons (TreeSHAP) whatever the reasons option says. */
const EXPLAINED_FOLLOWERS = 100;

export interface AuditInput {
  followers: FollowerSource;
  /** The input's name in the report: the uploaded file's name. */
  name: string;
  profile?: Account;
  options: AuditRequestOptions;
  /** Aborted when the client goes away: the audit stops at the next batch and nothing is saved. */
  signal?: AbortSignal;
  /** Interactions of each of the profile's recent posts (an uploaded posts file), for the engagement rate. */
  postInteractions?: readonly number[];
}

export interface SavedAudit {
  id: number;
  report: AuditReport;
  /** Facts the report has no field for (label files, followers on other platforms). */
  warnings: string[];
}

/** The audience-type thresholds the request sets; the model's defaults for the rest. */
export function thresholdsOf(options: AuditRequestOptions): Partial<AudienceThresholds> {
  const thresholds: Partial<AudienceThresholds> = {};
  if (options.suspicious !== undefined) thresholds.suspiciousPFake = options.suspicious;
  if (options.massFollowing !== undefined) thresholds.massFollowing = options.massFollowing;
  if (options.influencerFollowers !== undefined) thresholds.influencerFollowers = options.influencerFollowers;
  if (options.inactiveDays !== undefined) thresholds.inactiveDays = options.inactiveDays;
  return thresholds;
}

export async function auditIntoStore(
  context: Pick<AppContext, 'store' | 'models'>,
  input: AuditInput,
): Promise<SavedAudit> {
  const { options } = input;
  const source: FollowerSource = {
    format: input.followers.format,
    input: { display: input.name },
    notes: input.followers.notes,
    batches: () => underUploadName(input.followers.batches(), input.name, input.signal),
  };
  const spool = await FollowerSpool.create();
  try {
    let kinds: KindDetectors | undefined;
    const result = await auditFollowers(source, {
      async detectorFor(platform) {
        const detector = await context.models(options.model ?? modelNameForPlatform(platform));
        kinds = kindDetectorsOf(detector);
        return detector;
      },
      kindsFor: () => kinds,
      profile: input.profile,
      sampleSize: options.sample,
      seed: options.seed,
      recentIntake: options.recentIntake === true,
      thresholds: thresholdsOf(options),
      postInteractions: input.postInteractions,
      reasons: options.reasons ?? 'top',
      tableSize: EXPLAINED_FOLLOWERS,
      explainTop: EXPLAINED_FOLLOWERS,
      onFollower: (follower) => spool.add(follower),
      afterBatch: () => spool.flush(),
    });
    input.signal?.throwIfAborted();
    const id = await saveSpooledAudit(context.store, result.report, spool, result.followers, input.profile);
    return { id, report: result.report, warnings: result.warnings };
  } finally {
    await spool.remove();
  }
}
