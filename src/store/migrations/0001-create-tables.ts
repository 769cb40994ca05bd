// Migration 0001: the first tables — profiles, audits, their per-follower rows, follower-count snapshots, API tokens.
import { type ColumnDefinitionBuilder, type Kysely, type Migration, sql } from 'kysely';
import type { DialectName } from '../database.ts';

/**
 * A migration is frozen once released, so it spells out its own column types instead of sharing them with later code.
 * The two dialects differ in ids (SQLite's rowid alias, PostgreSQL's identity), times (ISO-8601 text in SQLite,
 * which sorts as time; timestamptz in PostgreSQL) and the layout of the per-follower table.
 */
export function createTables(dialect: DialectName): Migration {
  const time = dialect === 'sqlite' ? 'text' : 'timestamptz';
  const identity = (column: ColumnDefinitionBuilder) =>
    dialect === 'sqlite'
      ? column.primaryKey().autoIncrement()
      : column.primaryKey().generatedAlwaysAsIdentity();

  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('profiles')
        .addColumn('id', 'integer', identity)
        .addColumn('platform', 'text', (column) => column.notNull())
        .addColumn('platform_id', 'text')
        .addColumn('handle', 'text')
        .addUniqueConstraint('profiles_platform_id_unique', ['platform', 'platform_id'])
        .execute();
      await db.schema
        .createIndex('profiles_by_handle')
        .on('profiles')
        .columns(['platform', 'handle'])
        .execute();

      await db.schema
        .createTable('audits')
        .addColumn('id', 'integer', identity)
        .addColumn('profile_id', 'integer', (column) => column.references('profiles.id'))
        .addColumn('created_at', time, (column) => column.notNull())
        .addColumn('model', 'text', (column) => column.notNull())
        .addColumn('headline', 'text', (column) => column.notNull())
        .addColumn('followers_read', 'integer', (column) => column.notNull())
        .addColumn('fake_share_estimate', 'double precision', (column) => column.notNull())
        .addColumn('fake_share_low', 'double precision', (column) => column.notNull())
        .addColumn('fake_share_high', 'double precision', (column) => column.notNull())
        .addColumn('real_followers_estimate', 'double precision', (column) => column.notNull())
        .addColumn('real_followers_low', 'double precision', (column) => column.notNull())
        .addColumn('real_followers_high', 'double precision', (column) => column.notNull())
        .addColumn('quality_score', 'double precision', (column) => column.notNull())
        .addColumn('schema_version', 'integer', (column) => column.notNull())
        .addColumn('report', 'text', (column) => column.notNull())
        .execute();
      await db.schema
        .createIndex('audits_by_profile')
        .on('audits')
        .columns(['profile_id', 'created_at'])
        .execute();
      await db.schema.createIndex('audits_by_time').on('audits').columns(['created_at', 'id']).execute();

      // No foreign key to audits: PostgreSQL checks it row by row, a third of the time of a million-row insert
      // (measured). The rows are written only by saveAudit, in the transaction that makes their audit.
      await db.schema
        .createTable('audit_followers')
        .addColumn('audit_id', 'integer', (column) => column.notNull())
        .addColumn('position', 'integer', (column) => column.notNull())
        .addColumn('follower_id', 'text', (column) => column.notNull())
        .addColumn('handle', 'text')
        .addColumn('platform', 'text', (column) => column.notNull())
        .addColumn('p_fake', 'double precision', (column) => column.notNull())
        .addColumn('type', 'text', (column) => column.notNull())
        .addColumn('unlike_training', 'integer', (column) => column.notNull())
        .addColumn('reasons', 'text', (column) => column.notNull())
        .addColumn('source', 'text', (column) => column.notNull())
        .addColumn('label', 'text')
        .addPrimaryKeyConstraint('audit_followers_pk', ['audit_id', 'position'])
        // In SQLite the rows then live in the primary key's own b-tree: one index fewer to fill per row.
        .$call((table) => (dialect === 'sqlite' ? table.modifyEnd(sql`without rowid`) : table))
        .execute();
      // Follower pages are read by p(fake), with or without a type filter; position breaks ties.
      await db.schema
        .createIndex('audit_followers_by_p_fake')
        .on('audit_followers')
        .columns(['audit_id', 'p_fake', 'position'])
        .execute();
      await db.schema
        .createIndex('audit_followers_by_type')
        .on('audit_followers')
        .columns(['audit_id', 'type', 'p_fake', 'position'])
        .execute();

      await db.schema
        .createTable('follower_count_snapshots')
        .addColumn('id', 'integer', identity)
        .addColumn('profile_id', 'integer', (column) => column.notNull().references('profiles.id'))
        .addColumn('observed_at', time, (column) => column.notNull())
        .addColumn('followers_count', 'integer', (column) => column.notNull())
        .addColumn('following_count', 'integer')
        .addColumn('posts_count', 'integer')
        .addColumn('source', 'text', (column) => column.notNull())
        .addUniqueConstraint('follower_count_snapshots_unique', ['profile_id', 'observed_at', 'source'])
        .execute();

      await db.schema
        .createTable('api_tokens')
        .addColumn('id', 'integer', identity)
        .addColumn('name', 'text', (column) => column.notNull())
        .addColumn('token_hash', 'text', (column) => column.notNull().unique())
        .addColumn('created_at', time, (column) => column.notNull())
        .addColumn('last_used_at', time)
        .addColumn('revoked_at', time)
        .execute();
    },

    async down(db: Kysely<unknown>) {
      for (const table of ['api_tokens', 'follower_count_snapshots', 'audit_followers', 'audits', 'profiles'])
        await db.schema.dropTable(table).execute();
    },
  };
}
