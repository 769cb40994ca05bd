// The work of one audit thread: reads, scores and tallies one byte range of a JSONL file into a partial, with its first errors, its line count and its followers' hashes.
import type { RecordError } from '../core/errors.ts';
import { DuplicateAccounts } from '../ingest/duplicate-accounts.ts';
import { countLineEnds } from '../ingest/file-parts.ts';
import type { ReadOptions } from '../ingest/read.ts';
import { openAccountReader } from '../ingest/read.ts';
import type { ByteRange } from '../ingest/source.ts';
import type { Detector } from '../model/detector.ts';
import type { KindDetectors } from '../model/kind-models.ts';
import type { AuditOptions } from './audit-followers.ts';
import { auditPart } from './audit-followers.ts';
import type { AuditPartial } from './audit-partial.ts';

/** The settings a worker audits its range with: plain values, as a worker receives them. */
export interface PartTask {
  path: string;
  range: ByteRange;
  read: Pick<ReadOptions, 'platform' | 'maxRecordChars'> & { format: string; observedAt: Date };
  /** What `loadDetector` loads (a bundled model's name or a model file), the same in every thread. */
  model: string;
  /** Score the kind models beside the model too. */
  kinds: boolean;
  audit: Pick<AuditOptions, 'thresholds' | 'sampleSize' | 'seed' | 'tableSize' | 'mostSuspicious'>;
  /** Followers (by `accountHash`) read in the ranges before this one: repeats of them are duplicates. */
  seen: Float64Array;
  /** Rejected records whose errors come back (the first ones, in order). */
  errorsKept: number;
}

/** What a worker sends back: its partial (positions and lines from its range's start) and what the merge needs. */
export interface PartResult {
  partial: AuditPartial;
  /** The first rejected records' errors, lines from the range's start. */
  errors: RecordError[];
  /** Line ends in the range: where the next range's lines start. */
  lines: number;
  /** Every follower the range held (by `accountHash`), duplicates once. */
  hashes: Float64Array;
}

export async function auditRange(
  task: PartTask,
  detector: Detector,
  kinds: KindDetectors | undefined,
): Promise<PartResult> {
  const reader = await openAccountReader(task.path, { ...task.read, part: task.range });
  const errors: RecordError[] = [];
  const seen = new DuplicateAccounts(task.seen);
  const { partial } = await auditPart(reader, {
    ...task.audit,
    detectorFor: async () => detector,
    kindsFor: () => kinds,
    seen,
    onRejected(error) {
      if (errors.length < task.errorsKept) errors.push(error);
    },
  });
  return { partial, errors, lines: await countLineEnds(task.path, task.range), hashes: seen.hashes() };
}
