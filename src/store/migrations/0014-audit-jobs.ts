// Migration 0014: audits as jobs — one row per submitted audit, one per shard (its input, then its partial result) under a unique (job, shard) key.
import type { ColumnDefinitionBuilder, Kysely, Migration } from 'kysely';
import type { DialectName } from '../database.ts';

export function createAuditJobTables(dialect: DialectName): Migration {
  const time = dialect === 'sqlite' ? 'text' : 'timestamptz';
  const bytes = dialect === 'sqlite' ? 'blob' : 'bytea';
  const identity = (column: ColumnDefinitionBuilder) =>
    dialect === 'sqlite'
      ? column.primaryKey().autoIncrement()
      : column.primaryKey().generatedAlwaysAsIdentity();
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('audit_jobs')
        .addColumn('id', 'integer', identity)
        .addColumn('created_at', time, (column) => column.notNull())
        .addColumn('updated_at', time, (column) => column.notNull())
        .addColumn('owner', 'text', (column) => column.notNull())
        .addColumn('state', 'text', (column) => column.notNull())
        .addColumn('input_name', 'text', (column) => column.notNull())
        .addColumn('format', 'text', (column) => column.notNull())
        .addColumn('notes', 'text', (column) => column.notNull())
        .addColumn('model', 'text', (column) => column.notNull())
        .addColumn('options', 'text', (column) => column.notNull())
        .addColumn('records', 'bigint', (column) => column.notNull())
        .addColumn('followers', 'bigint', (column) => column.notNull())
        .addColumn('shard_count', 'integer', (column) => column.notNull())
        .addColumn('audit_id', 'integer')
        .addColumn('error', 'text')
        .execute();
      await db.schema
        .createIndex('audit_jobs_by_state')
        .on('audit_jobs')
        .columns(['state', 'owner'])
        .execute();
      await db.schema
        .createTable('audit_job_shards')
        .addColumn('job_id', 'integer', (column) =>
          column.notNull().references('audit_jobs.id').onDelete('cascade'),
        )
        .addColumn('shard', 'integer', (column) => column.notNull())
        .addColumn('first_position', 'bigint', (column) => column.notNull())
        .addColumn('records', 'integer', (column) => column.notNull())
        .addColumn('input', bytes, (column) => column.notNull())
        .addColumn('partial', 'text')
        .addColumn('results', bytes)
        .addColumn('scored', 'integer')
        .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
        .addColumn('finished_at', time)
        .addPrimaryKeyConstraint('audit_job_shards_pk', ['job_id', 'shard'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('audit_job_shards').execute();
      await db.schema.dropTable('audit_jobs').execute();
    },
  };
}
