// Opens the store a command or server is pointed at: PostgreSQL when given a database URL, else a SQLite file.
import { resolve } from 'node:path';
import type { Store } from '../store.ts';
import { openPostgresStore } from './postgres.ts';
import { openSqliteStore } from './sqlite.ts';

export const DEFAULT_SQLITE_FILE = 'realreach.db';

export interface OpenStoreOptions {
  /** SQLite file (--db). */
  db?: string;
  /** PostgreSQL URL. */
  databaseUrl?: string;
}

export type StoreLocation =
  | { dialect: 'postgres'; connectionString: string; schema?: string }
  | { dialect: 'sqlite'; path: string };

/**
 * Options given by the caller win over the environment: databaseUrl, then db, then DATABASE_URL, then
 * REALREACH_DB, then ./realreach.db in the working directory. On PostgreSQL, REALREACH_PG_SCHEMA keeps the tables
 * in a schema of their own (several instances, or tests, on one database).
 */
export function locateStore(options: OpenStoreOptions, env: NodeJS.ProcessEnv = process.env): StoreLocation {
  const schema = env.REALREACH_PG_SCHEMA ? { schema: env.REALREACH_PG_SCHEMA } : {};
  if (options.databaseUrl) return { dialect: 'postgres', connectionString: options.databaseUrl, ...schema };
  if (options.db) return { dialect: 'sqlite', path: resolve(options.db) };
  if (env.DATABASE_URL) return { dialect: 'postgres', connectionString: env.DATABASE_URL, ...schema };
  return { dialect: 'sqlite', path: resolve(env.REALREACH_DB || DEFAULT_SQLITE_FILE) };
}

/** Opens the store and brings its schema to the latest migration. */
export function openStore(
  options: OpenStoreOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): Promise<Store> {
  const location = locateStore(options, env);
  return location.dialect === 'postgres'
    ? openPostgresStore({ connectionString: location.connectionString, schema: location.schema })
    : openSqliteStore(location.path);
}
