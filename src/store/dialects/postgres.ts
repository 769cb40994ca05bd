// The PostgreSQL store: a pg pool behind Kysely, in a schema of its own when asked (tests, several instances), migrated on open.
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { InputError } from '../../core/errors.ts';
import type { Database } from '../database.ts';
import { KyselyStore } from '../kysely-store.ts';
import { migrateToLatest } from '../migrate.ts';
import { copyWriter, type FollowerRowWriter } from '../rows/follower-rows.ts';
import type { Store } from '../store.ts';
import { copyingPool } from './postgres-copy.ts';
import { reservePostgresAuditId } from './reserve-audit-id.ts';

/** Bound parameters one PostgreSQL statement may carry (the protocol counts them in 16 bits). */
export const POSTGRES_MAX_PARAMETERS = 65_535;

/** Follower rows per unnest INSERT: thirteen arrays this long, about 1 MB of parameters. */
export const POSTGRES_FOLLOWERS_PER_INSERT = 2_500;

/**
 * Follower rows per COPY: a shard of 25,000 in three. The rows are made before they are sent, so this bounds the
 * rows a one-pass save holds (about 7 MB), not what the server reads at a time (chunks of 500 lines).
 */
export const POSTGRES_FOLLOWERS_PER_COPY = 10_000;

export interface PostgresLocation {
  /** A libpq URL: postgres://user:password@host:port/database. */
  connectionString: string;
  /** Keep the tables in this schema (made when missing) instead of `public`. */
  schema?: string;
  /**
   * Told when the server closes a connection (a restart, `pg_terminate_backend`, `idle_session_timeout`); the pool
   * drops that connection and opens a new one for the next query. One line on stderr by default.
   */
  onConnectionError?: (error: Error) => void;
}

/** How long a query waits for a connection before it fails (then the API answers 503): a database that is down fails fast. */
export const POSTGRES_CONNECT_TIMEOUT_MS = 5_000;

/** int8 (bigint: counts, count(*)) as a JS number: counts of followers stay far below 2^53. */
const INT8_OID = 20;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary'
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

function logConnectionError(error: Error): void {
  process.stderr.write(
    `realreach: a PostgreSQL connection failed (it is replaced on next use): ${error.message}\n`,
  );
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** A Kysely on a pool whose connections have the schema first on their search path, and that outlives lost connections. */
export function connectPostgres(location: PostgresLocation): Kysely<Database> {
  const { connectionString, schema, onConnectionError = logConnectionError } = location;
  if (schema !== undefined && !SCHEMA_NAME.test(schema))
    throw new InputError(`PostgreSQL schema name "${schema}": expected lower-case letters, digits and _`);
  const pool = new pg.Pool({
    connectionString,
    connectionTimeoutMillis: POSTGRES_CONNECT_TIMEOUT_MS,
    keepAlive: true,
    types,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  // Without these listeners a connection the server closes is an unhandled 'error' event that ends the process.
  // Each client's listener tells it, idle or checked out between two queries of a transaction; the pool re-emits
  // an idle client's error (after dropping the client), which is already told.
  pool.on('connect', (client) => client.on('error', onConnectionError));
  pool.on('error', () => undefined);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: copyingPool(pool) }) });
}

/**
 * Follower rows go in by COPY by default; the store benchmark passes the unnest and multi-row writers to compare.
 */
export async function openPostgresStore(
  location: PostgresLocation,
  followerRows: FollowerRowWriter = copyWriter(POSTGRES_FOLLOWERS_PER_COPY),
): Promise<Store> {
  const db = connectPostgres(location);
  try {
    await db.connection().execute(async () => undefined);
  } catch (error) {
    await db.destroy();
    throw new InputError(`cannot connect to PostgreSQL (DATABASE_URL): ${(error as Error).message}`);
  }
  try {
    if (location.schema !== undefined) await db.schema.createSchema(location.schema).ifNotExists().execute();
    await migrateToLatest(db, 'postgres', location.schema ?? 'public');
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return new KyselyStore(db, followerRows, { reserveAuditId: reservePostgresAuditId, lockJobRow: true });
}
