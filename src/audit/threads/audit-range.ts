// The work of one audit thread: reads, scores and tallies one byte range of a JSONL or CSV file into a partial, with its first errors, its line count and its followers' keys (sorted, in a file).
import type { RecordError } from '../../core/errors.ts';
import { DuplicateAccounts } from '../../ingest/duplicates/duplicate-accounts.ts';
import type { ReadOptions } from '../../ingest/read.ts';
import { openAccountReader } from '../../ingest/read.ts';
import type { ByteRange } from '../../ingest/source/source.ts';
import type { Detector } from '../../model/detector.ts';
import type { KindDetectors } from '../../model/kind-models.ts';
import type { ModelFile } from '../../model/model-file.ts';
import type { AuditOptions } from '../audit-followers.ts';
import { auditPart, explainAhead, explainTopOf } from '../audit-followers.ts';
import type { AuditPartial } from '../audit-partial.ts';

/** The settings a worker audits its range with: plain values, as a worker receives them. */
export interface PartTask {
  path: string;
  range: ByteRange;
  read: Pick<ReadOptions, 'platform' | 'maxRecordChars' | 'csv'> & { format: string; observedAt: Date };
  /** Score the kind models beside the model too. */
  kinds: boolean;
  audit: Pick<
    AuditOptions,
    'thresholds' | 'sampleSize' | 'seed' | 'tableSize' | 'mostSuspicious' | 'explainTop'
  >;
  /**
   * Explain the range's most suspicious followers ahead of the merge (when no sample is drawn). The main thread's
   * range does; a worker's does not: its tables for exact TreeSHAP and their compiled code would serve only the
   * few of its followers that the report keeps, which the main thread explains after the merge.
   */
  explainAhead: boolean;
  /** Followers (by `accountKey`) read in the ranges before this one: repeats of them are duplicates. */
  seen: string[];
  /**
   * A folder where the keys of every follower the range holds are left, when given: in sorted files (`keyFiles`),
   * for `repeatedKeys`.
   */
  keysDir?: string;
  /** Rejected records whose errors come back (the first ones, in order). */
  errorsKept: number;
}

/**
 * The model files a worker scores with: those of this thread's detector, posted to each worker once loaded (the
 * workers start meanwhile), so a worker neither reads nor checks the files again and every thread has the same model.
 */
export interface PartModels {
  model: ModelFile;
  /** A union's members, in its `members` order (none for a model with trees of its own). */
  members: ModelFile[];
}

export const partModelsOf = (detector: Detector): PartModels => ({
  model: detector.model,
  members: detector.members?.map((member) => member.detector.model) ?? [],
});

/** What a worker sends back: its partial (positions and lines from its range's start) and what the merge needs. */
export interface PartResult {
  partial: AuditPartial;
  /** The first rejected records' errors, lines from the range's start. */
  errors: RecordError[];
  /** Line ends in the range: where the next range's lines start. */
  lines: number;
  /** A CSV range whose bytes ended inside a record: its end was no record boundary (audit-threads.ts then reads on one thread). */
  endedInsideRecord: boolean;
  /** The files (under the task's `keysDir`) holding its followers' keys, sorted, when it was given one. */
  keyFiles: string[];
}

export async function auditRange(
  task: PartTask,
  detector: Detector,
  kinds: KindDetectors | undefined,
): Promise<PartResult> {
  const reader = await openAccountReader(task.path, { ...task.read, part: task.range });
  const errors: RecordError[] = [];
  const seen = new DuplicateAccounts({
    seen: task.seen,
    ...(task.keysDir !== undefined && { tmpdir: task.keysDir }),
  });
  try {
    const { partial } = await auditPart(reader, {
      ...task.audit,
      detectorFor: async () => detector,
      kindsFor: () => kinds,
      seen,
      onRejected(error) {
        if (errors.length < task.errorsKept) errors.push(error);
      },
    });
    // a sample is scored after the merge; without one, the main thread explains its part's candidates ahead
    if (task.explainAhead && partial.sample === null)
      explainAhead(partial.tally.mostSuspicious.slice(0, explainTopOf(task.audit)), detector);
    const keyFiles = task.keysDir === undefined ? [] : seen.keepSortedKeys();
    const lines = reader.lineEnds?.();
    if (lines === undefined) throw new Error('a range of a file is read with its line ends counted');
    return { partial, errors, lines, endedInsideRecord: reader.endedInsideRecord?.() ?? false, keyFiles };
  } finally {
    seen.close();
  }
}
