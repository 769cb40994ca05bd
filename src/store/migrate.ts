// Brings a database to the latest schema: the versioned migrations, listed in code, run by Kysely's Migrator.
import { setTimeout as delay } from 'node:timers/promises';
import { type Kysely, type Migration, type MigrationResultSet, Migrator, type NoMigrations } from 'kysely';
import type { Database, DialectName } from './database.ts';
import { createTables } from './migrations/0001-create-tables.ts';
import { countsAs64Bit } from './migrations/0011-counts-64-bit.ts';
import { createSessions } from './migrations/0011-dashboard-sessions.ts';
import { createValueTables } from './migrations/0013-value-tables.ts';
import { createAuditJobTables } from './migrations/0014-audit-jobs.ts';
import { createFetchJobTables } from './migrations/0014-fetch-jobs.ts';
import { addFollowerCreatedAt } from './migrations/0015-follower-created-at.ts';
import { addFollowerFacts } from './migrations/0016-follower-facts.ts';
import { stageFollowerRows } from './migrations/0017-staged-follower-rows.ts';
import { addFetchPageRetention } from './migrations/0018-fetch-page-retention.ts';
import { addRateSlotServerLimit } from './migrations/0019-rate-slot-server-limit.ts';
import { dropFollowerPFakeIndex } from './migrations/0020-one-follower-page-index.ts';

/** Every migration, old and new, by name; names sort in the order they run. */
export function listMigrations(dialect: DialectName): Record<string, Migration> {
  return {
    '0001-create-tables': createTables(dialect),
    '0011-counts-64-bit': countsAs64Bit(dialect),
    '0011-dashboard-sessions': createSessions(dialect),
    '0013-value-tables': createValueTables(dialect),
    '0014-audit-jobs': createAuditJobTables(dialect),
    '0014-fetch-jobs': createFetchJobTables(dialect),
    '0015-follower-created-at': addFollowerCreatedAt(),
    '0016-follower-facts': addFollowerFacts(),
    '0017-staged-follower-rows': stageFollowerRows(dialect),
    '0018-fetch-page-retention': addFetchPageRetention(dialect),
    '0019-rate-slot-server-limit': addRateSlotServerLimit(),
    '0020-one-follower-page-index': dropFollowerPFakeIndex(),
  };
}

/**
 * Runs the migrations not yet applied; fails with the first migration's error. On PostgreSQL the schema of the
 * migration tables is named, or Kysely would take another schema's migration tables for ours.
 */
export async function migrateToLatest(
  db: Kysely<Database>,
  dialect: DialectName,
  schema?: string,
): Promise<void> {
  await migrateStore(db, dialect, schema, (migrator) => migrator.migrateToLatest());
}

/**
 * Migrates up or down to one migration (NO_MIGRATIONS: none), as migrateToLatest does: the way to an older schema,
 * for tests of rows saved before a migration.
 */
export async function migrateTo(
  db: Kysely<Database>,
  dialect: DialectName,
  target: string | NoMigrations,
  schema?: string,
): Promise<void> {
  await migrateStore(db, dialect, schema, (migrator) => migrator.migrateTo(target));
}

async function migrateStore(
  db: Kysely<Database>,
  dialect: DialectName,
  schema: string | undefined,
  step: (migrator: Migrator) => Promise<MigrationResultSet>,
): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => listMigrations(dialect) },
    // Migrations are numbered by the issue that brought them, so a lower number may land after a higher one.
    allowUnorderedMigrations: true,
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  });
  for (let attempt = 1; ; attempt++) {
    const { error, results } = await step(migrator);
    if (error === undefined) return;
    const failed = results?.find((result) => result.status === 'Error')?.migrationName;
    // Before any migration, the migrator looks at every table of the database (Kysely's introspection); another
    // session dropping a schema or table meanwhile fails that look, not the migration: look again.
    const code = (error as { code?: unknown }).code;
    if (
      failed === undefined &&
      typeof code === 'string' &&
      CONCURRENT_DDL.has(code) &&
      attempt < MIGRATE_ATTEMPTS
    ) {
      await delay(20 * attempt);
      continue;
    }
    throw new Error(`store migration ${failed ?? '(before any migration ran)'} failed: ${String(error)}`, {
      cause: error,
    });
  }
}

/**
 * SQLSTATEs of a schema (3F000), table (42P01) or column (42703: "column id of relation t1 does not exist", its
 * table dropped between listing its columns and asking for their sequences) dropped by another session while the
 * migrator listed them.
 */
const CONCURRENT_DDL = new Set(['3F000', '42P01', '42703']);
const MIGRATE_ATTEMPTS = 10;
