// Worker thread of audit-threads.ts: audits the byte range it is given (audit-range.ts) with the model files it is posted, sends the result back, then estimates the kinds' shares for the report if asked (thread-kind-shares.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { InputError } from '../../core/errors.ts';
import { createDetector } from '../../model/detector.ts';
import { kindDetectorsOf } from '../../model/kind-models.ts';
import { auditRange, type PartModels, type PartTask } from './audit-range.ts';
import { type AfterRange, answerAfterRange } from './thread-kind-shares.ts';

const port = parentPort;
if (!port) throw new Error('audit-thread-worker.ts runs as a worker thread (audit-threads.ts starts it)');
try {
  const task = workerData as PartTask;
  const models = await new Promise<PartModels>((resolve) => port.once('message', resolve));
  const detector = createDetector(models.model, models.members);
  const kinds = task.kinds ? kindDetectorsOf(detector) : undefined;
  const result = await auditRange(task, detector, kinds);
  port.postMessage({ ok: true, result });
  // the worker ends once it has heard what to do next (its one listener gone, the port no longer holds it open)
  port.once('message', (message: AfterRange) => answerAfterRange(message, kinds));
} catch (error) {
  port.postMessage({
    ok: false,
    input: error instanceof InputError,
    message: (error as Error).message,
  });
}
