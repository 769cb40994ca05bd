// The SQLite store: one better-sqlite3 file behind Kysely, in WAL mode with foreign keys on, migrated on open.
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { InputError } from '../core/errors.ts';
import type { Database } from './database.ts';
import { multiRowInsertWriter } from './follower-rows.ts';
import { KyselyStore } from './kysely-store.ts';
import { migrateToLatest } from './migrate.ts';
import type { Store } from './store.ts';

/** SQLITE_MAX_VARIABLE_NUMBER of the SQLite that better-sqlite3 bundles (the default since SQLite 3.32). */
export const SQLITE_MAX_PARAMETERS = 32_766;

/** A Kysely on the file, made when missing. WAL lets readers go on while an audit is being written. */
export function connectSqlite(path: string): Kysely<Database> {
  let database: BetterSqlite3.Database;
  try {
    database = new BetterSqlite3(path);
    database.pragma('journal_mode = WAL');
    database.pragma('foreign_keys = ON');
    // A 64 MiB page cache keeps the per-follower indexes of a million-row audit in memory while it is written.
    database.pragma('cache_size = -65536');
  } catch (error) {
    throw new InputError(`cannot open the SQLite database ${path}: ${(error as Error).message}`);
  }
  return new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
}

/** Writes go through one connection, reads through another, so reads go on while an audit is being written. */
export async function openSqliteStore(path: string): Promise<Store> {
  const db = connectSqlite(path);
  try {
    await migrateToLatest(db, 'sqlite');
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return new KyselyStore(db, multiRowInsertWriter(SQLITE_MAX_PARAMETERS), connectSqlite(path));
}
