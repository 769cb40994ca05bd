// Migration 0011 (sessions): the dashboard's sessions, kept on the server — a browser's cookie names one, never holds an API token.
import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../database.ts';

export function createSessions(dialect: DialectName): Migration {
  const time = dialect === 'sqlite' ? 'text' : 'timestamptz';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('dashboard_sessions')
        // SHA-256 of the session's secret, hex: the secret itself lives only in the browser's cookie.
        .addColumn('secret_hash', 'text', (column) => column.primaryKey())
        .addColumn('token_id', 'integer', (column) => column.notNull().references('api_tokens.id'))
        .addColumn('created_at', time, (column) => column.notNull())
        .addColumn('expires_at', time, (column) => column.notNull())
        .execute();
      await db.schema
        .createIndex('dashboard_sessions_by_expiry')
        .on('dashboard_sessions')
        .column('expires_at')
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('dashboard_sessions').execute();
    },
  };
}
