// Wakes a process's idle pg-boss workers as soon as any process queues a message for them: a PostgreSQL channel per pg-boss schema that every send notifies, and a LISTEN on it in each working process (pg-boss 10 only polls, so without it a shard queued elsewhere waits for the next poll, up to a second).
import { createHash } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { POSTGRES_CONNECT_TIMEOUT_MS } from '../../store/dialects/postgres.ts';

/**
 * The channel the queues of a pg-boss schema notify, its payload the queue's name: an identifier whatever the
 * schema's name (a hash of it), so it needs no quoting in LISTEN.
 */
export const wakeChannel = (schema: string) =>
  `realreach_queue_${createHash('sha256').update(schema).digest('hex').slice(0, 16)}`;

/** Reconnection waits after the listening connection is lost (ms): polling covers the gap. */
const RECONNECT_MS = [250, 1_000, 5_000, 15_000];

/**
 * A LISTEN on the schema's channel that calls `wake(queue)` for each message queued there. A lost connection is
 * opened again in the background (with a growing wait); meanwhile workers still poll, so nothing waits longer
 * than it would without wake-ups.
 */
export class QueueWakeups {
  readonly #connectionString: string;
  readonly #schema: string;
  readonly #wake: (queue: string) => void;
  #client: pg.Client | undefined;
  #stopped = false;
  #failures = 0;
  #reconnecting: Promise<void> | undefined;

  constructor(connectionString: string, schema: string, wake: (queue: string) => void) {
    this.#connectionString = connectionString;
    this.#schema = schema;
    this.#wake = wake;
  }

  /** Listens; a database that cannot be reached now is tried again in the background (the workers poll meanwhile). */
  async start(): Promise<void> {
    if (!(await this.#listen())) this.#reconnect();
  }

  async #listen(): Promise<boolean> {
    const client = new pg.Client({
      connectionString: this.#connectionString,
      connectionTimeoutMillis: POSTGRES_CONNECT_TIMEOUT_MS,
      keepAlive: true,
    });
    // A lost connection emits 'error' (and 'end'): without a listener the process would end.
    client.on('error', () => this.#lost(client));
    client.on('end', () => this.#lost(client));
    client.on('notification', (message) => {
      if (message.payload !== undefined) this.#wake(message.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${wakeChannel(this.#schema)}`);
    } catch {
      await client.end().catch(() => undefined);
      return false;
    }
    if (this.#stopped) {
      await client.end().catch(() => undefined);
      return true;
    }
    this.#client = client;
    this.#failures = 0;
    return true;
  }

  #lost(client: pg.Client): void {
    if (this.#client !== client) return;
    this.#client = undefined;
    client.end().catch(() => undefined);
    this.#reconnect();
  }

  #reconnect(): void {
    if (this.#stopped || this.#reconnecting) return;
    this.#reconnecting = (async () => {
      while (!this.#stopped) {
        const wait = RECONNECT_MS[Math.min(this.#failures, RECONNECT_MS.length - 1)] as number;
        this.#failures++;
        await delay(wait, undefined, { ref: false });
        if (this.#stopped || (await this.#listen())) break;
      }
      this.#reconnecting = undefined;
    })();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => undefined);
  }
}
