// The request slots kept in PostgreSQL (table rate_slots, one row per platform + API key + endpoint family): each reservation is one atomic upsert, timed by the database's clock, so workers on any machine share one budget.
import pg from 'pg';
import type { RateSlots, SlotBucket } from './rate-slots.ts';

/** The database's clock in epoch milliseconds, read when the row lock is held. */
const NOW_MS = `(extract(epoch from clock_timestamp()) * 1000)::bigint`;

/**
 * One statement per reservation: the row is locked by the upsert, so concurrent reservations queue on it and each
 * takes the slot after the one before — never the same one. A pause pushes the next slot too.
 */
const RESERVE = `
  insert into rate_slots as r (bucket, platform, purpose, next_slot_ms, paused_until_ms, seen_ms)
  values ($1, $2, $3, ${NOW_MS} + $4, 0, ${NOW_MS})
  on conflict (bucket) do update
    set next_slot_ms = greatest(r.next_slot_ms, ${NOW_MS}, r.paused_until_ms) + greatest($4, r.server_interval_ms),
        seen_ms = ${NOW_MS}
  returning (next_slot_ms - greatest($4, server_interval_ms) - seen_ms)::float8 as wait_ms`;

const PAUSE = `
  insert into rate_slots as r (bucket, platform, purpose, next_slot_ms, paused_until_ms, seen_ms)
  values ($1, $2, $3, ${NOW_MS} + $4, ${NOW_MS} + $4, ${NOW_MS})
  on conflict (bucket) do update
    set paused_until_ms = greatest(r.paused_until_ms, ${NOW_MS} + $4),
        next_slot_ms = greatest(r.next_slot_ms, ${NOW_MS} + $4),
        seen_ms = ${NOW_MS}`;

const LIMIT_SPACING = `
  insert into rate_slots as r (bucket, platform, purpose, next_slot_ms, paused_until_ms, seen_ms, server_interval_ms)
  values ($1, $2, $3, ${NOW_MS}, 0, ${NOW_MS}, $4)
  on conflict (bucket) do update set server_interval_ms = $4, seen_ms = ${NOW_MS}`;

const PAUSED_FOR = `select greatest(0, paused_until_ms - ${NOW_MS})::float8 as ms from rate_slots where bucket = $1`;

export interface PostgresRateSlotsOptions {
  connectionString: string;
  /** The store's schema (REALREACH_PG_SCHEMA), where its migration made the table. */
  schema?: string;
}

export class PostgresRateSlots implements RateSlots {
  readonly #pool: pg.Pool;

  constructor(options: PostgresRateSlotsOptions) {
    if (options.schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(options.schema))
      throw new Error(
        `PostgreSQL schema name "${options.schema}": expected lower-case letters, digits and _`,
      );
    this.#pool = new pg.Pool({
      connectionString: options.connectionString,
      max: 2,
      ...(options.schema === undefined ? {} : { options: `-c search_path=${options.schema}` }),
    });
    // A lost connection is reported on the next query; an unhandled 'error' event would end the process.
    this.#pool.on('error', () => undefined);
  }

  async reserve(bucket: SlotBucket, intervalMs: number): Promise<number> {
    const { rows } = await this.#pool.query(RESERVE, [
      bucket.id,
      bucket.platform,
      bucket.purpose,
      Math.ceil(intervalMs),
    ]);
    return Math.max(0, Number(rows[0]?.wait_ms ?? 0));
  }

  async pause(bucket: SlotBucket, ms: number): Promise<void> {
    await this.#pool.query(PAUSE, [bucket.id, bucket.platform, bucket.purpose, Math.ceil(Math.max(0, ms))]);
  }

  async limitSpacing(bucket: SlotBucket, intervalMs: number): Promise<void> {
    await this.#pool.query(LIMIT_SPACING, [
      bucket.id,
      bucket.platform,
      bucket.purpose,
      Math.ceil(Math.max(0, intervalMs)),
    ]);
  }

  async pausedFor(bucket: SlotBucket): Promise<number> {
    const { rows } = await this.#pool.query(PAUSED_FOR, [bucket.id]);
    return Number(rows[0]?.ms ?? 0);
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}
