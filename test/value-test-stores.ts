// Stores for the value tests: a SQLite file in a temporary folder, and the local PostgreSQL in a schema of its own, dropped after.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import pg from 'pg';
import type { Database, DialectName } from '../src/store/database.ts';
import { connectPostgres, openPostgresStore } from '../src/store/dialects/postgres.ts';
import { connectSqlite, openSqliteStore } from '../src/store/dialects/sqlite.ts';
import type { Store } from '../src/store/store.ts';
import { POSTGRES_URL } from './postgres-under-test.ts';

export interface TestStore {
  store: Store;
  /** Kysely on the same tables, for what the Store does not show. */
  raw: Kysely<Database>;
  /** What a child process is given to open the same store: --db or DATABASE_URL with the schema. */
  env: Record<string, string>;
  args: string[];
  close(): Promise<void>;
}

export const TEST_DIALECTS: DialectName[] = ['sqlite', 'postgres'];

export async function openTestStore(dialect: DialectName): Promise<TestStore> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'realreach-value-'));
    const path = join(dir, 'value.db');
    const store = await openSqliteStore(path);
    const raw = connectSqlite(path);
    return {
      store,
      raw,
      env: {},
      args: ['--db', path],
      async close() {
        await store.close();
        await raw.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  // A database of its own (not a schema): child processes open it from a plain DATABASE_URL.
  const name = `realreach_value_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  const store = await openPostgresStore({ connectionString: url.href });
  const raw = connectPostgres({ connectionString: url.href });
  return {
    store,
    raw,
    env: { DATABASE_URL: url.href },
    args: [],
    async close() {
      await store.close();
      await raw.destroy();
      const cleanup = new pg.Client({ connectionString: POSTGRES_URL });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}
