// Samples what the workers' PostgreSQL backends are doing (pg_stat_activity's state and wait event) many times a second while a job runs, so the scale benchmark can say where their time went: on a core, waiting for a lock, for the WAL, for the disk, or for the worker's next rows.
import pg from 'pg';

/** What a backend was doing in one sample: `on a core` when active with no wait event (or waiting for a core). */
function activityOf(row: {
  state: string | null;
  wait_event_type: string | null;
  wait_event: string | null;
}) {
  if (row.state !== 'active') return row.state ?? 'unknown';
  return row.wait_event_type === null
    ? 'active, on a core (or waiting for one)'
    : `active, waiting: ${row.wait_event_type}:${row.wait_event}`;
}

export class BackendWaits {
  readonly #connectionString: string;
  readonly #applicationName: string;
  readonly #intervalMs: number;
  readonly #counts = new Map<string, number>();
  #client: pg.Client | undefined;
  #running = false;
  #loop: Promise<void> = Promise.resolve();
  #startedAt = 0;
  #samples = 0;

  constructor(connectionString: string, applicationName: string, intervalMs = 20) {
    this.#connectionString = connectionString;
    this.#applicationName = applicationName;
    this.#intervalMs = intervalMs;
  }

  async start(): Promise<void> {
    this.#client = new pg.Client({ connectionString: this.#connectionString });
    await this.#client.connect();
    this.#running = true;
    this.#startedAt = performance.now();
    this.#loop = this.#run();
  }

  async #run(): Promise<void> {
    const client = this.#client as pg.Client;
    while (this.#running) {
      const started = performance.now();
      const { rows } = await client.query<{
        state: string | null;
        wait_event_type: string | null;
        wait_event: string | null;
      }>(
        "select state, wait_event_type, wait_event from pg_stat_activity where application_name = $1 and state <> 'idle'",
        [this.#applicationName],
      );
      this.#samples++;
      for (const row of rows) {
        const key = activityOf(row);
        this.#counts.set(key, (this.#counts.get(key) ?? 0) + 1);
      }
      const left = this.#intervalMs - (performance.now() - started);
      if (left > 0) await new Promise((done) => setTimeout(done, left));
    }
  }

  /**
   * Stops sampling: the seconds spent in each activity by all backends together, most first (each sample stands
   * for the time between samples, whatever the machine's load made it).
   */
  async stop(): Promise<{ activity: string; seconds: number }[]> {
    this.#running = false;
    await this.#loop;
    const elapsed = (performance.now() - this.#startedAt) / 1000;
    await this.#client?.end();
    const seconds = (count: number) => (count * elapsed) / Math.max(1, this.#samples);
    return [...this.#counts]
      .map(([activity, count]) => ({ activity, seconds: seconds(count) }))
      .sort((a, b) => b.seconds - a.seconds);
  }
}
