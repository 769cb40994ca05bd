// The PostgreSQL store: a pg pool behind Kysely, in a schema of its own when asked (tests, several instances), migrated on open.
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { InputError } from '../core/errors.ts';
import type { Database } from './database.ts';
import { type FollowerRowWriter, unnestInsertWriter } from './follower-rows.ts';
import { KyselyStore } from './kysely-store.ts';
import { migrateToLatest } from './migrate.ts';
import type { Store } from './store.ts';

/** Bound parameters one PostgreSQL statement may carry (the protocol counts them in 16 bits). */
export const POSTGRES_MAX_PARAMETERS = 65_535;

/** Follower rows per unnest INSERT: eleven arrays this long, a few MB of parameters. */
export const POSTGRES_FOLLOWERS_PER_INSERT = 10_000;

export interface PostgresLocation {
  /** A libpq URL: postgres://user:password@host:port/database. */
  connectionString: string;
  /** Keep the tables in this schema (made when missing) instead of `public`. */
  schema?: string;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** A Kysely on a pool whose connections have the schema first on their search path. */
export function connectPostgres(location: PostgresLocation): Kysely<Database> {
  const { connectionString, schema } = location;
  if (schema !== undefined && !SCHEMA_NAME.test(schema))
    throw new InputError(`PostgreSQL schema name "${schema}": expected lower-case letters, digits and _`);
  const pool = new pg.Pool({
    connectionString,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/**
 * Follower rows go in as column arrays (unnest) by default; the benchmark passes the multi-row writer to compare.
 */
export async function openPostgresStore(
  location: PostgresLocation,
  followerRows: FollowerRowWriter = unnestInsertWriter(POSTGRES_FOLLOWERS_PER_INSERT),
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
  return new KyselyStore(db, followerRows);
}
