// The SQLite store: one better-sqlite3 file behind Kysely, in WAL mode with foreign keys on, migrated on open; writers wait for the file's lock without blocking the process.
import { setTimeout as delay } from 'node:timers/promises';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { InputError } from '../../core/errors.ts';
import type { Database } from '../database.ts';
import { KyselyStore, type WriteTransaction } from '../kysely-store.ts';
import { migrateToLatest } from '../migrate.ts';
import { multiRowInsertWriter } from '../rows/follower-rows.ts';
import type { Store } from '../store.ts';
import { reserveSqliteAuditId } from './reserve-audit-id.ts';

/** SQLITE_MAX_VARIABLE_NUMBER of the SQLite that better-sqlite3 bundles (the default since SQLite 3.32). */
export const SQLITE_MAX_PARAMETERS = 32_766;

/**
 * better-sqlite3 waits for a locked file synchronously, which stops the whole process (every other request of a
 * server): connections here wait at most this long in one go, and a writer retries asynchronously instead.
 */
const SYNC_BUSY_TIMEOUT_MS = 50;
/** How long opening the file (and migrating it) may wait for another process's write. */
const OPEN_BUSY_TIMEOUT_MS = 30_000;
/** How long a save waits for another process (a CLI `audit --save`, another server) to finish its write. */
export const SQLITE_WRITE_WAIT_MS = 120_000;

function openSqliteFile(path: string, busyTimeoutMs: number): BetterSqlite3.Database {
  try {
    const database = new BetterSqlite3(path, { timeout: busyTimeoutMs });
    database.pragma('journal_mode = WAL');
    database.pragma('foreign_keys = ON');
    // A 64 MiB page cache keeps the per-follower indexes of a million-row audit in memory while it is written.
    database.pragma('cache_size = -65536');
    return database;
  } catch (error) {
    throw new InputError(`cannot open the SQLite database ${path}: ${(error as Error).message}`);
  }
}

/** A Kysely on the file, made when missing. WAL lets readers go on while an audit is being written. */
export function connectSqlite(path: string, busyTimeoutMs: number = SYNC_BUSY_TIMEOUT_MS): Kysely<Database> {
  return new Kysely<Database>({
    dialect: new SqliteDialect({ database: openSqliteFile(path, busyTimeoutMs) }),
  });
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}

/**
 * Takes the file's write lock first (BEGIN IMMEDIATE), retrying with pauses while another process holds it, so a
 * transaction never fails half-way on a lock and the process keeps answering meanwhile.
 */
function immediateTransaction(waitMs: number): WriteTransaction {
  return (db, work) =>
    db.connection().execute(async (connection) => {
      const deadline = Date.now() + waitMs;
      for (let pause = 10; ; pause = Math.min(pause * 2, 250)) {
        try {
          await sql`begin immediate`.execute(connection);
          break;
        } catch (error) {
          if (!isBusy(error)) throw error;
          if (Date.now() > deadline)
            throw new Error(
              `the SQLite database is locked by another writer (another realreach process?) for more than ${Math.round(waitMs / 1000)} s`,
              { cause: error },
            );
          await delay(pause);
        }
      }
      try {
        const result = await work(connection);
        await sql`commit`.execute(connection);
        return result;
      } catch (error) {
        await sql`rollback`.execute(connection).catch(() => undefined);
        throw error;
      }
    });
}

/**
 * Writes go through one connection, reads through another, so reads go on while an audit is being written. A
 * token's last use goes through a third that never waits: a locked file drops that best-effort write.
 */
export async function openSqliteStore(path: string): Promise<Store> {
  const db = connectSqlite(path, OPEN_BUSY_TIMEOUT_MS);
  try {
    await migrateToLatest(db, 'sqlite');
    await sql`pragma busy_timeout = ${sql.lit(SYNC_BUSY_TIMEOUT_MS)}`.execute(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  const toucher = connectSqlite(path, 0);
  return new KyselyStore(db, multiRowInsertWriter(SQLITE_MAX_PARAMETERS), {
    reserveAuditId: reserveSqliteAuditId,
    reader: connectSqlite(path),
    writeTransaction: immediateTransaction(SQLITE_WRITE_WAIT_MS),
    touchToken: (id, at) =>
      toucher
        .updateTable('api_tokens')
        .set({ last_used_at: at })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .execute(),
    closing: () => toucher.destroy(),
  });
}
