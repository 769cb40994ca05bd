// The embedded JobQueue: messages kept in this process's memory, delivered to handlers with retries and backoff; with SQLite nothing else to run (jobs lost at exit are sent again from the store's open jobs).
import { randomUUID } from 'node:crypto';
import type { JobQueue, MessageHandler, QueueMessage, SendOptions } from './job-queue.ts';

interface Entry {
  queue: string;
  message: QueueMessage<object>;
  options: SendOptions;
}

interface Worker {
  concurrency: number;
  running: number;
  handler: MessageHandler<object>;
}

export class InProcessQueue implements JobQueue {
  readonly kind = 'in-process';
  /** Ids sent in this process, whatever became of them: a second send is ignored, as pg-boss does. */
  readonly #sent = new Set<string>();
  readonly #cancelled = new Set<string>();
  readonly #pending = new Map<string, Entry[]>();
  readonly #workers = new Map<string, Worker>();
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #running = new Set<Promise<void>>();
  readonly #log: (line: string) => void;
  #stopped = false;

  constructor(log: (line: string) => void = () => {}) {
    this.#log = log;
  }

  async start(): Promise<void> {}

  async send<T extends object>(queue: string, data: T, options: SendOptions): Promise<void> {
    if (this.#sent.has(options.id)) return;
    this.#sent.add(options.id);
    const entry = {
      queue,
      message: { id: options.id, data, retryCount: 0, retryLimit: options.retryLimit },
      options,
    };
    const wait = (options.startAfterSeconds ?? 0) * 1000;
    if (wait <= 0) this.#enqueue(entry);
    else this.#later(wait, () => this.#enqueue(entry));
  }

  /** Runs `then` after `ms` unless the queue stopped meanwhile. */
  #later(ms: number, then: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      if (!this.#stopped) then();
    }, ms);
    this.#timers.add(timer);
  }

  async work<T extends object>(
    queue: string,
    options: { concurrency: number },
    handler: MessageHandler<T>,
  ): Promise<void> {
    this.#workers.set(queue, {
      concurrency: Math.max(1, options.concurrency),
      running: 0,
      handler: handler as MessageHandler<object>,
    });
    this.#pump(queue);
  }

  async cancel(queue: string, id: string): Promise<void> {
    // Kept, as pg-boss keeps a cancelled job: a later send of the id, a delayed delivery or a retry is dropped.
    this.#cancelled.add(id);
    const pending = this.#pending.get(queue) ?? [];
    this.#pending.set(
      queue,
      pending.filter((entry) => entry.message.id !== id),
    );
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    await Promise.allSettled([...this.#running]);
  }

  #enqueue(entry: Entry): void {
    if (this.#cancelled.has(entry.message.id)) return;
    const pending = this.#pending.get(entry.queue) ?? [];
    pending.push(entry);
    this.#pending.set(entry.queue, pending);
    // Deliver after the sender's turn: an HTTP request that submits work answers before the work starts.
    setImmediate(() => this.#pump(entry.queue));
  }

  /** Sends an exhausted message's data on to its dead-letter queue, as pg-boss does. */
  #deadLetter(entry: Entry, error: string): void {
    const { deadLetter, startAfterSeconds, ...options } = entry.options;
    const id = randomUUID();
    this.#sent.add(id);
    this.#enqueue({
      queue: deadLetter as string,
      message: { id, data: entry.message.data, retryCount: 0, retryLimit: options.retryLimit, error },
      options: { ...options, id },
    });
  }

  #pump(queue: string): void {
    const worker = this.#workers.get(queue);
    const pending = this.#pending.get(queue);
    while (!this.#stopped && worker && pending && pending.length > 0 && worker.running < worker.concurrency) {
      const entry = pending.shift() as Entry;
      worker.running++;
      const delivery = this.#deliver(worker, entry).finally(() => {
        worker.running--;
        this.#running.delete(delivery);
        this.#pump(queue);
      });
      this.#running.add(delivery);
    }
  }

  async #deliver(worker: Worker, entry: Entry): Promise<void> {
    try {
      await worker.handler(entry.message);
    } catch (error) {
      const { message, options } = entry;
      if (message.retryCount >= options.retryLimit) {
        this.#log(
          `${entry.queue} ${message.id}: failed after ${message.retryCount + 1} attempts: ${(error as Error).message}`,
        );
        if (options.deadLetter !== undefined && !this.#stopped)
          this.#deadLetter(entry, (error as Error).message);
        return;
      }
      const delay = options.retryDelaySeconds * (options.retryBackoff ? 2 ** message.retryCount : 1);
      this.#later(delay * 1000, () =>
        this.#enqueue({ ...entry, message: { ...message, retryCount: message.retryCount + 1 } }),
      );
    }
  }
}
