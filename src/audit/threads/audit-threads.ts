// Audits a JSONL or CSV follower file on several threads: this thread and a worker per further range each audit one byte range into a partial, and the partials merge into the report one pass would give, byte for byte.
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Platform } from '../../core/account.ts';
import { formatRecordError, InputError, type RecordError } from '../../core/errors.ts';
import { repeatedKeys } from '../../ingest/duplicates/duplicate-accounts.ts';
import { splitAtLines } from '../../ingest/framing/file-parts.ts';
import { type AccountReader, openAccountReader, type ReadOptions } from '../../ingest/read.ts';
import type { ByteRange } from '../../ingest/source/source.ts';
import type { Detector } from '../../model/detector.ts';
import type { KindDetectors } from '../../model/kind-models.ts';
import {
  type AuditOptions,
  type AuditResult,
  assertFollowersRead,
  assertJudgeable,
  auditFollowers,
  finishAudit,
} from '../audit-followers.ts';
import { type AuditPartial, mergeAuditPartials, REJECTED_EXAMPLES } from '../audit-partial.ts';
import { auditRange, type PartModels, type PartResult, type PartTask, partModelsOf } from './audit-range.ts';
import { endWorker, KindSharesWorker } from './thread-kind-shares.ts';

export interface ThreadedAuditOptions extends AuditOptions {
  threads: number;
  /** The workers score the kind models too (as `kindsFor` gives them). */
  kinds?: boolean;
  /** How many rejected records `onRejected` hears of (the first ones); the report counts them all. */
  rejectedShown?: number;
  /** A range is at least this many bytes (default `MIN_PART_BYTES`): a smaller file uses fewer threads. */
  minPartBytes?: number;
  /** The reader options the file was opened with, for the workers' readers. */
  read?: Pick<ReadOptions, 'platform' | 'maxRecordChars'>;
}

/**
 * The least bytes worth a thread: a worker's start and model load cost about 0.3-0.6 CPU-s, what some 10,000
 * followers (4 MiB of X JSONL) take to audit; a smaller file, like the 2,500-follower demo, stays on one thread.
 */
export const MIN_PART_BYTES = 4 * 1024 * 1024;

/** The threads to use by default: the cores this process may run on. */
export const defaultThreads = (): number => availableParallelism();

/**
 * Why this audit cannot be split over threads, or undefined when it can. Splitting needs a plain (not gzip) JSONL
 * file whose records are whole lines or a CSV file of a known format, no label file (its counts are told per input)
 * and no per-follower output in list order; the list's follow order (recent intake) needs every position before a
 * range's start. (A CSV record may span lines inside quotes: whether a cut fell between records is known once the
 * ranges are read, and when one did not the file is read again on one thread.)
 */
export function threadBlocker(reader: AccountReader, options: AuditOptions): string | undefined {
  if (reader.input.path === undefined) return 'the input is not a file';
  if (reader.input.gzip)
    return 'gzip cannot be read from the middle (decompress it first to read it on several threads)';
  if (reader.layout !== 'lines' && reader.csv === undefined)
    return 'only JSONL (one record a line) and CSV are split';
  if (reader.csv && reader.format.name === 'columns') return 'a CSV read through a column map is read whole';
  if (reader.labelled) return 'a label file is read with it';
  if (options.onFollower) return 'per-follower output is written in list order';
  if (options.recentIntake) return 'the newest-first comparison needs every position';
  return undefined;
}

const SOURCE_EXTENSION = extname(fileURLToPath(import.meta.url));
const WORKER = new URL(`./audit-thread-worker${SOURCE_EXTENSION}`, import.meta.url);

/** A worker on the built JavaScript; from TypeScript sources (tests, scripts) through tsx, which workers do not inherit. */
function startWorker(task: PartTask): Worker {
  if (SOURCE_EXTENSION !== '.ts') return new Worker(WORKER, { workerData: task });
  const tsx = import.meta.resolve('tsx/esm/api');
  const start = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER.href)}); })`;
  return new Worker(start, { eval: true, workerData: task });
}

/** A range's result, and the worker that read it, which waits to be told what next (thread-kind-shares.ts). */
interface RangeDone {
  result: PartResult;
  worker?: Worker;
}

/**
 * Runs a task in a new worker, posted `models` once they are loaded; it joins `running` until it ends (to be
 * stopped if another part fails: this thread's own range fails too when the models do).
 */
function inWorker(task: PartTask, models: Promise<PartModels>, running: Set<Worker>): Promise<RangeDone> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(task);
    running.add(worker);
    models.then(
      (files) => worker.postMessage(files),
      () => {},
    );
    worker.once('exit', () => running.delete(worker));
    let settled = false;
    worker.once(
      'message',
      (message: { ok: true; result: PartResult } | { ok: false; input: boolean; message: string }) => {
        settled = true;
        if (message.ok) resolve({ result: message.result, worker });
        else reject(message.input ? new InputError(message.message) : new Error(message.message));
      },
    );
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`an audit thread stopped with code ${code}`));
    });
  });
}

/** The partial with positions and lines counted from the file's start instead of the range's. */
function fromFileStart(
  result: PartResult,
  positionOffset: number,
  lineOffset: number,
): { partial: AuditPartial; errors: RecordError[] } {
  const { partial } = result;
  const errors = result.errors.map((error) =>
    error.line === undefined ? error : { ...error, line: error.line + lineOffset },
  );
  const shiftAccount = <T extends { account: { source: { line?: number } }; position: number }>(
    follower: T,
  ) => {
    follower.position += positionOffset;
    if (follower.account.source.line !== undefined) follower.account.source.line += lineOffset;
  };
  for (const follower of partial.tally.mostSuspicious) shiftAccount(follower);
  for (const kept of partial.sample?.kept ?? []) {
    kept.position += positionOffset;
    shiftAccount(kept.item);
  }
  return {
    errors,
    partial: {
      ...partial,
      first: partial.first && { ...partial.first, position: partial.first.position + positionOffset },
      rejectedExamples: partial.rejectedExamples.map((example, i) => ({
        position: example.position + positionOffset,
        text: formatRecordError(errors[i] as RecordError),
      })),
    },
  };
}

/** The platform of the first follower the reader gives (its format was settled on it, so it is at hand). */
async function firstPlatform(reader: AccountReader): Promise<Platform | undefined> {
  for await (const batch of reader.batches())
    for (const item of batch) if (item.ok) return item.account.platform;
  return undefined;
}

/**
 * Audits the file the reader opened on `options.threads` threads when it can be split (`threadBlocker`), else in
 * this thread as `auditFollowers` does. The report is the same either way: duplicates are found across ranges
 * (a range holding a repeat of an earlier range's follower is audited again with those followers marked as seen).
 * On threads, `afterBatch` is not called, and `onRejected` hears of the first `rejectedShown` records once all are read.
 */
export async function auditFileInThreads(
  reader: AccountReader,
  options: ThreadedAuditOptions,
): Promise<AuditResult> {
  const path = reader.input.path;
  if (options.threads <= 1 || threadBlocker(reader, options) !== undefined || path === undefined)
    return auditFollowers(reader, options);
  assertJudgeable(reader);
  const ranges = await splitAtLines(path, options.threads, options.minPartBytes ?? MIN_PART_BYTES);
  if (ranges.length <= 1) return auditFollowers(reader, options);
  const platform = await firstPlatform(reader);
  if (platform === undefined) return auditFollowers(reader, options);
  const rejectedShown = options.rejectedShown ?? REJECTED_EXAMPLES;
  const running = new Set<Worker>();
  const runPart = (range: ByteRange, seen: string[], keysDir?: string) =>
    inWorker(
      { ...task(range, seen, keysDir), explainAhead: false },
      loadModels().then(({ detector }) => partModelsOf(detector)),
      running,
    );
  const task = (range: ByteRange, seen: string[], keysDir?: string): PartTask => ({
    path,
    range,
    read: {
      format: reader.format.name,
      observedAt: reader.defaultObservedAt,
      ...options.read,
      ...(reader.csv && { csv: reader.csv }),
    },
    kinds: options.kinds === true,
    audit: {
      thresholds: options.thresholds,
      sampleSize: options.sampleSize,
      seed: options.seed,
      tableSize: options.tableSize,
      mostSuspicious: options.mostSuspicious,
      explainTop: options.explainTop,
    },
    explainAhead: true,
    seen,
    keysDir,
    errorsKept: Math.max(rejectedShown, REJECTED_EXAMPLES),
  });
  // This thread audits one range (the first, or the first to do again) while workers do the others; it loads the
  // detector while the workers start, and posts them its model files (they neither read nor check them again).
  let models: Promise<{ detector: Detector; kinds: KindDetectors | undefined }> | undefined;
  const loadModels = () => {
    models ??= options
      .detectorFor(platform)
      .then((detector) => ({ detector, kinds: options.kindsFor?.(detector.model.name) }));
    return models;
  };
  const here = async (range: ByteRange, seen: string[], keysDir?: string): Promise<RangeDone> => {
    const { detector, kinds } = await loadModels();
    return { result: await auditRange(task(range, seen, keysDir), detector, kinds) };
  };
  // Workers done with their ranges wait to be told what next: one estimates the kinds' shares while this thread
  // estimates the fake share (the report's longest serial part after the merge); the others end.
  const waiting: Worker[] = [];
  const done = (range: RangeDone) => {
    if (range.worker) waiting.push(range.worker);
    return range.result;
  };
  // Each range leaves its followers' keys in sorted files (the runs its duplicate check spilled, and one more): the
  // ranges' repeats of each other are found by merging the files (exact, by platform + id), never by holding every
  // key in memory.
  const keysDir = mkdtempSync(join(tmpdir(), 'realreach-ranges-'));
  let final: PartResult[] = [];
  let cutInsideRecord: string | undefined;
  try {
    const results = await Promise.all(
      ranges.map((range, k) => (k === 0 ? here : runPart)(range, [], keysDir).then(done)),
    );
    // a CSV cut that fell inside a record (a quoted field spanning lines): the ranges do not read as the file does
    const broken = results.findIndex((result, k) => k < results.length - 1 && result.endedInsideRecord);
    if (broken >= 0) {
      const lineOfCut = results.slice(0, broken + 1).reduce((sum, result) => sum + result.lines, 0) + 1;
      cutInsideRecord = `read on one thread: the CSV could not be cut between records for ${options.threads} threads (a quoted field spans line ${lineOfCut})`;
    } else {
      // A follower of range k seen in a range before it is a duplicate there: audit such ranges again, knowing them.
      const repeatsPerRange = results.map((result, k) =>
        repeatedKeys(
          result.keyFiles,
          results.slice(0, k).flatMap((earlier) => earlier.keyFiles),
        ),
      );
      const firstAgain = repeatsPerRange.findIndex((repeats) => repeats.length > 0);
      final = await Promise.all(
        results.map((result, k) => {
          const repeats = repeatsPerRange[k] as string[];
          if (repeats.length === 0) return result;
          return (k === firstAgain ? here : runPart)(ranges[k] as ByteRange, repeats).then(done);
        }),
      );
    }
  } catch (error) {
    // one part failed (the file changed, a model is missing): the others' work is moot
    await Promise.all([...running].map((worker) => worker.terminate()));
    throw error;
  } finally {
    rmSync(keysDir, { recursive: true, force: true });
  }
  const helper = waiting.pop();
  for (const worker of waiting) endWorker(worker);
  if (cutInsideRecord !== undefined) {
    if (helper) endWorker(helper);
    const whole = await openAccountReader(path, {
      format: reader.format.name,
      observedAt: reader.defaultObservedAt,
      ...options.read,
    });
    const result = await auditFollowers(whole, options);
    return { ...result, warnings: [...result.warnings, cutInsideRecord] };
  }

  const { detector, kinds } = await loadModels();
  const kindShares = helper && new KindSharesWorker(helper, kinds);
  try {
    return finishMerged(final, reader, detector, options, rejectedShown, kindShares);
  } finally {
    kindShares?.release();
  }
}

/** The report of the ranges' results, in file order. */
function finishMerged(
  final: PartResult[],
  reader: AccountReader,
  detector: Detector,
  options: ThreadedAuditOptions,
  rejectedShown: number,
  kindShares: KindSharesWorker | undefined,
): AuditResult {
  let merged: AuditPartial | undefined;
  const errors: RecordError[] = [];
  let positionOffset = 0;
  let lineOffset = 0;
  for (const result of final) {
    const part = fromFileStart(result, positionOffset, lineOffset);
    merged = merged ? mergeAuditPartials(merged, part.partial) : part.partial;
    for (const error of part.errors) if (errors.length < rejectedShown) errors.push(error);
    positionOffset += result.partial.read;
    lineOffset += result.lines;
  }
  const partial = merged as AuditPartial;
  for (const error of errors) options.onRejected?.(error);
  assertFollowersRead(partial, reader);
  return finishAudit(partial, reader, detector, options, kindShares?.elsewhere);
}
