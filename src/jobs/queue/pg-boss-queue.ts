// The scale-out JobQueue: pg-boss 10 on PostgreSQL, in a schema of its own; workers on any machine fetch messages in batches, are woken by a NOTIFY when any process queues one, and a delivery whose worker died expires and is retried.
import { setTimeout as delay } from 'node:timers/promises';
import PgBoss from 'pg-boss';
import { POSTGRES_CONNECT_TIMEOUT_MS } from '../../store/dialects/postgres.ts';
import type { JobQueue, MessageHandler, SendOptions } from './job-queue.ts';
import { QueueWakeups, wakeChannel } from './queue-wakeups.ts';

export interface PgBossQueueOptions {
  connectionString: string;
  /** pg-boss's own schema (default `pgboss`): tests give each run its own. */
  schema?: string;
  /** How often expired deliveries are noticed (seconds, >= 1). */
  maintenanceIntervalSeconds?: number;
  /** How often an idle worker asks for messages (seconds, >= 0.5). */
  pollingIntervalSeconds?: number;
  log?: (line: string) => void;
}

/**
 * The error pg-boss keeps with a failed job (copied into its dead letter): `{ message }` as this queue fails a
 * job, `{ value: { message } }` when pg-boss expired it.
 */
function errorOf(output: unknown): { error?: string } {
  const record = output as { message?: unknown; value?: { message?: unknown } } | null | undefined;
  const message = record?.message ?? record?.value?.message;
  return typeof message === 'string' ? { error: message } : {};
}

/** Tries at creating a queue that other processes may be creating at the same moment. */
const QUEUE_CREATE_ATTEMPTS = 5;
/** How long a delivery's end is reported again while PostgreSQL does not answer (a restart takes seconds). */
const SETTLE_WITHIN_MS = 120_000;
const SETTLE_RETRY_MAX_MS = 2_000;

export class PgBossQueue implements JobQueue {
  readonly kind = 'pg-boss';
  readonly #boss: PgBoss;
  readonly #queues = new Set<string>();
  /** The pg-boss workers this process runs, by queue. */
  readonly #workers = new Map<string, string[]>();
  readonly #pollingIntervalSeconds: number;
  readonly #connectionString: string;
  readonly #schema: string;
  /** Wakes this process's workers when another process queues a message (started by the first work()). */
  #wakeups: QueueWakeups | undefined;
  readonly #log: (line: string) => void;
  /** Set by stop(): a delivery's end is then reported once, not asked again. */
  #stopping = false;

  constructor(options: PgBossQueueOptions) {
    this.#pollingIntervalSeconds = options.pollingIntervalSeconds ?? 1;
    this.#connectionString = options.connectionString;
    this.#schema = options.schema ?? 'pgboss';
    this.#boss = new PgBoss({
      connectionString: options.connectionString,
      schema: this.#schema,
      max: 4,
      // pg-boss hands these to its pg Pool (its types omit them). Without a timeout, a query waiting for one of the
      // pool's connections when stop() ends the pool waits forever: the worker loop that made it never stops, and
      // pg-boss's wait for that loop re-arms a 1 s timer for ever — the process cannot exit (after a PostgreSQL
      // restart under load, the pool is full of slow queries when the process is told to stop).
      connectionTimeoutMillis: POSTGRES_CONNECT_TIMEOUT_MS,
      maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 15,
    } as PgBoss.ConstructorOptions);
    const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
    this.#log = log;
    // pg-boss reports lost connections here and reconnects by itself; an unhandled 'error' event would end the process.
    this.#boss.on('error', (error) => log(`job queue: ${error.message}`));
  }

  async start(): Promise<void> {
    await this.#boss.start();
  }

  async #ensureQueue(queue: string): Promise<void> {
    if (this.#queues.has(queue)) return;
    // Workers started together create the same queues at once: PostgreSQL may then end one of them with a deadlock,
    // or the other's queue is not committed yet when the error comes. Look again a few times before giving up.
    for (let attempt = 1; (await this.#boss.getQueue(queue)) === null; attempt++) {
      try {
        await this.#boss.createQueue(queue, { name: queue, policy: 'standard' });
      } catch (error) {
        if (attempt >= QUEUE_CREATE_ATTEMPTS) throw error;
        await delay(50 * attempt + Math.random() * 100);
      }
    }
    this.#queues.add(queue);
  }

  async send<T extends object>(queue: string, data: T, options: SendOptions): Promise<void> {
    await this.#ensureQueue(queue);
    // pg-boss copies an exhausted job into its dead-letter queue, which must exist (a foreign key).
    if (options.deadLetter !== undefined) await this.#ensureQueue(options.deadLetter);
    await this.#boss.send(queue, data, {
      id: options.id,
      retryLimit: options.retryLimit,
      retryDelay: options.retryDelaySeconds,
      retryBackoff: options.retryBackoff,
      expireInSeconds: options.expireInSeconds,
      ...(options.deadLetter === undefined ? {} : { deadLetter: options.deadLetter }),
      ...(options.startAfterSeconds === undefined
        ? {}
        : { startAfter: new Date(Date.now() + options.startAfterSeconds * 1000) }),
    });
    if (options.startAfterSeconds !== undefined) return;
    // A message for a queue this process works (the merge the last shard queues) is fetched at once, not at the
    // next poll: a second of waiting on every job is a serial cost no number of workers shortens.
    this.#wakeLocal(queue);
    // So is one for the workers of other processes (the shards the server queues, the merge another worker queues):
    // pg-boss 10 only polls, so every idle worker would wait out its poll (up to a second, each at another moment).
    // A failed notification costs only that wait: the message is stored.
    await this.#boss
      .getDb()
      .executeSql('select pg_notify($1, $2)', [wakeChannel(this.#schema), queue])
      .catch(() => undefined);
  }

  #wakeLocal(queue: string): void {
    for (const workerId of this.#workers.get(queue) ?? []) this.#boss.notifyWorker(workerId);
  }

  async work<T extends object>(
    queue: string,
    options: { concurrency: number },
    handler: MessageHandler<T>,
  ): Promise<void> {
    await this.#ensureQueue(queue);
    if (this.#wakeups === undefined) {
      this.#wakeups = new QueueWakeups(this.#connectionString, this.#schema, (woken) =>
        this.#wakeLocal(woken),
      );
      await this.#wakeups.start();
    }
    // One fetch takes up to `concurrency` messages (fetching one at a time costs a round trip each).
    let workerId: string | undefined;
    workerId = await this.#boss.work<T>(
      queue,
      {
        batchSize: Math.max(1, options.concurrency),
        includeMetadata: true,
        pollingIntervalSeconds: this.#pollingIntervalSeconds,
      },
      async (jobs) => {
        await Promise.all(
          jobs.map(async (job) => {
            let failure: Error | undefined;
            try {
              await handler({
                id: job.id,
                data: job.data,
                retryCount: job.retryCount,
                retryLimit: job.retryLimit,
                ...errorOf(job.output),
              });
            } catch (error) {
              failure = error as Error;
            }
            // Each message settled alone (pg-boss's own settling of the batch after this finds them settled).
            await this.#settle(queue, job.id, failure);
          }),
        );
        // Messages were waiting: fetch again at once instead of sleeping out the polling interval.
        if (workerId !== undefined) this.#boss.notifyWorker(workerId);
      },
    );
    this.#workers.set(queue, [...(this.#workers.get(queue) ?? []), workerId]);
  }

  /**
   * Marks a delivery completed, or failed (to be retried after its delay), asking again while PostgreSQL does not
   * answer. pg-boss settles a batch once and drops the error: a handler that ended while the database was cut or
   * restarting left its message active until its expiry (ten minutes by default), and a job whose merge had ended
   * waited that long to be seen done or retried. Gives up after SETTLE_WITHIN_MS or when the queue stops: the expiry
   * still delivers it again.
   */
  async #settle(queue: string, id: string, failure: Error | undefined): Promise<void> {
    const giveUpAt = Date.now() + SETTLE_WITHIN_MS;
    for (let attempt = 0; ; attempt++) {
      try {
        if (failure === undefined) await this.#boss.complete(queue, id);
        else await this.#boss.fail(queue, id, { message: failure.message });
        return;
      } catch (error) {
        if (this.#stopping || Date.now() >= giveUpAt) {
          this.#log(
            `job queue: could not mark ${queue} message ${id} ${failure === undefined ? 'completed' : 'failed'} (${(error as Error).message}); it is delivered again when it expires`,
          );
          return;
        }
        await delay(Math.min(SETTLE_RETRY_MAX_MS, 100 * 2 ** attempt));
      }
    }
  }

  async cancel(queue: string, id: string): Promise<void> {
    await this.#ensureQueue(queue);
    await this.#boss.cancel(queue, id);
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    await this.#wakeups?.stop();
    await this.#boss.stop({ graceful: true, wait: true, timeout: 30_000 });
  }
}
