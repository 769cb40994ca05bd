// Migration 0018: a fetch job records when its saved pages were dropped (its followers consumed and kept past the retention window) and how many bytes of them went.
import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../database.ts';

export function addFetchPageRetention(dialect: DialectName): Migration {
  const time = dialect === 'sqlite' ? 'text' : 'timestamptz';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('fetch_jobs').addColumn('pages_dropped_at', time).execute();
      await db.schema
        .alterTable('fetch_jobs')
        .addColumn('page_bytes_dropped', 'bigint', (column) => column.notNull().defaultTo(0))
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('fetch_jobs').dropColumn('page_bytes_dropped').execute();
      await db.schema.alterTable('fetch_jobs').dropColumn('pages_dropped_at').execute();
    },
  };
}
