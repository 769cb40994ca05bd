// Migration 0014 (fetch jobs): one row per queued fetch, one per page of followers written under a unique (job, page) key, and the request slots every worker shares per platform and API key.
import type { ColumnDefinitionBuilder, Kysely, Migration } from 'kysely';
import type { DialectName } from '../database.ts';

export function createFetchJobTables(dialect: DialectName): Migration {
  const time = dialect === 'sqlite' ? 'text' : 'timestamptz';
  const bytes = dialect === 'sqlite' ? 'blob' : 'bytea';
  const identity = (column: ColumnDefinitionBuilder) =>
    dialect === 'sqlite'
      ? column.primaryKey().autoIncrement()
      : column.primaryKey().generatedAlwaysAsIdentity();
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('fetch_jobs')
        .addColumn('id', 'integer', identity)
        .addColumn('created_at', time, (column) => column.notNull())
        .addColumn('updated_at', time, (column) => column.notNull())
        .addColumn('owner', 'text', (column) => column.notNull())
        .addColumn('state', 'text', (column) => column.notNull())
        .addColumn('profile_ref', 'text', (column) => column.notNull())
        .addColumn('platform', 'text', (column) => column.notNull())
        .addColumn('base_url', 'text')
        .addColumn('max', 'bigint')
        .addColumn('rate_limit', 'text')
        .addColumn('audit_options', 'text')
        .addColumn('profile', 'text')
        .addColumn('snapshot', 'text')
        .addColumn('next_cursor', 'text')
        .addColumn('pages_done', 'integer', (column) => column.notNull().defaultTo(0))
        .addColumn('list_ended', 'integer', (column) => column.notNull().defaultTo(0))
        .addColumn('followers_fetched', 'bigint', (column) => column.notNull().defaultTo(0))
        .addColumn('followers_withheld', 'bigint', (column) => column.notNull().defaultTo(0))
        .addColumn('followers_rejected', 'bigint', (column) => column.notNull().defaultTo(0))
        .addColumn('incomplete_because', 'text')
        .addColumn('audit_job_id', 'integer')
        .addColumn('error', 'text')
        .execute();
      await db.schema
        .createIndex('fetch_jobs_by_state')
        .on('fetch_jobs')
        .columns(['state', 'owner'])
        .execute();
      await db.schema
        .createTable('fetch_job_pages')
        .addColumn('job_id', 'integer', (column) =>
          column.notNull().references('fetch_jobs.id').onDelete('cascade'),
        )
        .addColumn('page', 'integer', (column) => column.notNull())
        .addColumn('followers', bytes, (column) => column.notNull())
        .addColumn('count', 'integer', (column) => column.notNull())
        .addColumn('rejected', 'text', (column) => column.notNull())
        .addColumn('fetched_at', time, (column) => column.notNull())
        .addPrimaryKeyConstraint('fetch_job_pages_pk', ['job_id', 'page'])
        .execute();
      await db.schema
        .createTable('rate_slots')
        .addColumn('bucket', 'text', (column) => column.primaryKey())
        .addColumn('platform', 'text', (column) => column.notNull())
        .addColumn('purpose', 'text', (column) => column.notNull())
        .addColumn('next_slot_ms', 'bigint', (column) => column.notNull())
        .addColumn('paused_until_ms', 'bigint', (column) => column.notNull())
        .addColumn('seen_ms', 'bigint', (column) => column.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('rate_slots').execute();
      await db.schema.dropTable('fetch_job_pages').execute();
      await db.schema.dropTable('fetch_jobs').execute();
    },
  };
}
