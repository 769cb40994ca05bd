// Estimates the kinds' own shares on an audit worker thread, idle once its range is sent back, while this thread estimates the fake share: the report is assembled synchronously, so it waits for the answer with Atomics.wait.
import { MessageChannel, type MessagePort, receiveMessageOnPort, type Worker } from 'node:worker_threads';
import type { KindDetectors } from '../../model/kind-models.ts';
import { type KindShareRequest, ownKindShares } from '../audit-report.ts';
import type { KindShare } from '../fake-share/kind-shares.ts';

/** What an audit worker is told once it has sent its range back: estimate the kinds' shares, or end. */
export type AfterRange =
  | { end: true }
  | { kinds: KindShareRequest; reply: MessagePort; answered: SharedArrayBuffer };

type Answer = { ok: true; shares: KindShare[] } | { ok: false; message: string };

/**
 * How long the report waits for the worker before estimating the kinds itself (the same result): a worker that died
 * cannot say so while this thread is blocked waiting.
 */
const ANSWER_WAIT_MS = 60_000;

const modelsOf = (kinds: KindDetectors | undefined) => (kind: string) => {
  const model = kinds?.kinds.find((entry) => entry.kind === kind)?.detector.model;
  if (!model) throw new Error(`no ${kind} kind model on this thread`);
  return model;
};

/** A worker, done with its range, that estimates the kinds' shares for the report (`finishAudit`'s `kindSharesElsewhere`). */
export class KindSharesWorker {
  readonly #worker: Worker;
  readonly #kinds: KindDetectors | undefined;
  #asked = false;

  /** `kinds`: this thread's kind models, the same as the worker's (for when it does not answer). */
  constructor(worker: Worker, kinds: KindDetectors | undefined) {
    this.#worker = worker;
    this.#kinds = kinds;
  }

  readonly elsewhere = (request: KindShareRequest): (() => KindShare[]) => {
    this.#asked = true;
    const { port1, port2 } = new MessageChannel();
    const answered = new SharedArrayBuffer(4);
    const message: AfterRange = { kinds: request, reply: port2, answered };
    this.#worker.postMessage(message, [port2]);
    return () => {
      Atomics.wait(new Int32Array(answered), 0, 0, ANSWER_WAIT_MS);
      const answer = receiveMessageOnPort(port1)?.message as Answer | undefined;
      port1.close();
      if (answer === undefined) return ownKindShares(request, modelsOf(this.#kinds));
      if (!answer.ok) throw new Error(answer.message);
      return answer.shares;
    };
  };

  /** Lets the worker end when it was not asked (no kind models, or the report failed before). */
  release(): void {
    if (!this.#asked) endWorker(this.#worker);
  }
}

export function endWorker(worker: Worker): void {
  const message: AfterRange = { end: true };
  worker.postMessage(message);
}

/** In the worker: answers what it is told after its range (`kinds`: its kind models). */
export function answerAfterRange(message: AfterRange, kinds: KindDetectors | undefined): void {
  if ('end' in message) return;
  let answer: Answer;
  try {
    answer = { ok: true, shares: ownKindShares(message.kinds, modelsOf(kinds)) };
  } catch (error) {
    answer = { ok: false, message: (error as Error).message };
  }
  message.reply.postMessage(answer);
  const answered = new Int32Array(message.answered);
  Atomics.store(answered, 0, 1);
  Atomics.notify(answered, 0);
}
