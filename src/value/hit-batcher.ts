// Collects hits off the response path and writes them in batches: when 250 are waiting or a second has passed, and all on close.

export interface HitBatcherOptions<T> {
  /** Writes one batch; a failed batch is kept and retried with the next flush. */
  write: (batch: T[]) => Promise<void>;
  /** A write starts when this many hits wait (or maxDelayMs after the first). */
  maxBatch?: number;
  /** Most hits one write takes: when the database falls behind, writes grow up to this so the backlog cannot. */
  maxWrite?: number;
  maxDelayMs?: number;
  /** Told when a write fails (the batch is retried). */
  onError?: (error: unknown) => void;
}

/**
 * Small enough that a synchronous SQLite write of one batch holds the event loop only a few milliseconds (a batch
 * of 1,000 showed in the redirects' p99), large enough that PostgreSQL gets a few dozen statements a second.
 */
export const DEFAULT_MAX_BATCH = 250;
export const DEFAULT_MAX_DELAY_MS = 1000;
/** 4,000 rows of seven columns stay under SQLite's 32,766 bound parameters. */
export const DEFAULT_MAX_WRITE = 4000;

export class HitBatcher<T> {
  readonly #write: (batch: T[]) => Promise<void>;
  readonly #maxBatch: number;
  readonly #maxDelayMs: number;
  readonly #maxWrite: number;
  readonly #onError: (error: unknown) => void;
  #waiting: T[] = [];
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> = Promise.resolve();
  #written = 0;
  #inFlight = 0;

  constructor(options: HitBatcherOptions<T>) {
    this.#write = options.write;
    this.#maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
    this.#maxDelayMs = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
    this.#maxWrite = Math.max(this.#maxBatch, options.maxWrite ?? DEFAULT_MAX_WRITE);
    this.#onError = options.onError ?? (() => undefined);
  }

  /** Queues one hit; never waits for the database. */
  add(hit: T): void {
    this.#waiting.push(hit);
    // One flush is enough while a write is under way: it takes everything waiting when its turn comes.
    if (this.#waiting.length === this.#maxBatch) void this.flush();
    else if (this.#timer === undefined) {
      this.#timer = setTimeout(() => void this.flush(), this.#maxDelayMs);
      this.#timer.unref();
    }
  }

  /** Hits queued or being written (what a kill -9 would lose). */
  get pending(): number {
    return this.#waiting.length + this.#inFlight;
  }

  /** Hits written so far. */
  get written(): number {
    return this.#written;
  }

  /** Writes what is waiting, after any write in progress; batches go to the database one at a time, in order. */
  flush(): Promise<void> {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    this.#writing = this.#writing.then(() => this.#writeWaiting());
    return this.#writing;
  }

  async #writeWaiting(): Promise<void> {
    while (this.#waiting.length > 0) {
      const batch = this.#waiting.splice(0, this.#maxWrite);
      this.#inFlight = batch.length;
      try {
        await this.#write(batch);
        this.#written += batch.length;
      } catch (error) {
        this.#waiting.unshift(...batch);
        this.#onError(error);
        if (this.#timer === undefined) {
          this.#timer = setTimeout(() => void this.flush(), this.#maxDelayMs);
          this.#timer.unref();
        }
        return;
      } finally {
        this.#inFlight = 0;
      }
    }
  }

  /** Writes everything still waiting; throws when the last attempt failed, so a shutdown knows hits were lost. */
  async close(): Promise<void> {
    await this.flush();
    if (this.#waiting.length > 0)
      throw new Error(`${this.#waiting.length} hits could not be written: the database refused the batch`);
  }
}
