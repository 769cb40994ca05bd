// Worker thread of audit-threads.ts: reads, scores and tallies one byte range of a JSONL file, and sends back its partial, its first errors, its line count and its followers' hashes.
import { parentPort, workerData } from 'node:worker_threads';
import { InputError, type RecordError } from '../core/errors.ts';
import { DuplicateAccounts } from '../ingest/duplicate-accounts.ts';
import { countLineEnds } from '../ingest/file-parts.ts';
import { openAccountReader } from '../ingest/read.ts';
import { loadDetector } from '../model/detector.ts';
import { loadKindDetectors } from '../model/kind-models.ts';
import { auditPart } from './audit-followers.ts';
import type { PartResult, PartTask } from './audit-threads.ts';

async function auditRange(task: PartTask): Promise<PartResult> {
  const reader = await openAccountReader(task.path, { ...task.read, part: task.range });
  const detector = await loadDetector(task.model);
  const kinds = task.kinds ? await loadKindDetectors(detector.model.name) : undefined;
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

const port = parentPort;
if (!port) throw new Error('audit-thread-worker.ts runs as a worker thread (audit-threads.ts starts it)');
try {
  const result = await auditRange(workerData as PartTask);
  port.postMessage({ ok: true, result }, [result.hashes.buffer as ArrayBuffer]);
} catch (error) {
  port.postMessage({
    ok: false,
    input: error instanceof InputError,
    message: (error as Error).message,
  });
}
