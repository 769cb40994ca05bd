// Migration 0013 (issue 13, the value stage): campaigns and their profiles, tracked links, click hits, daily visitor salts, conversions, webhook deliveries.
import type { ColumnDefinitionBuilder, Kysely, Migration } from 'kysely';
import type { DialectName } from '../database.ts';

/** Frozen once released: it spells out its own column types (see 0001). Hits and money use 64-bit integers in PostgreSQL. */
export function createValueTables(dialect: DialectName): Migration {
  const time = dialect === 'sqlite' ? 'text' : 'timestamptz';
  const bigint = dialect === 'sqlite' ? 'integer' : 'bigint';
  const identity = (column: ColumnDefinitionBuilder) =>
    dialect === 'sqlite'
      ? column.primaryKey().autoIncrement()
      : column.primaryKey().generatedAlwaysAsIdentity();

  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('campaigns')
        .addColumn('id', 'integer', identity)
        .addColumn('name', 'text', (column) => column.notNull())
        .addColumn('brand', 'text')
        .addColumn('starts_on', 'text')
        .addColumn('ends_on', 'text')
        .addColumn('cost_minor', bigint, (column) => column.notNull())
        .addColumn('currency', 'text', (column) => column.notNull())
        .addColumn('created_at', time, (column) => column.notNull())
        .execute();

      await db.schema
        .createTable('campaign_profiles')
        .addColumn('campaign_id', 'integer', (column) => column.notNull().references('campaigns.id'))
        .addColumn('profile_id', 'integer', (column) => column.notNull().references('profiles.id'))
        .addColumn('cost_minor', bigint)
        .addPrimaryKeyConstraint('campaign_profiles_pk', ['campaign_id', 'profile_id'])
        .execute();

      await db.schema
        .createTable('tracked_links')
        .addColumn('id', 'integer', identity)
        .addColumn('campaign_id', 'integer', (column) => column.notNull().references('campaigns.id'))
        .addColumn('profile_id', 'integer', (column) => column.notNull().references('profiles.id'))
        .addColumn('slug', 'text', (column) => column.notNull().unique())
        .addColumn('target', 'text', (column) => column.notNull())
        .addColumn('created_at', time, (column) => column.notNull())
        .execute();
      await db.schema
        .createIndex('tracked_links_by_campaign')
        .on('tracked_links')
        .column('campaign_id')
        .execute();

      // No foreign key to tracked_links: hits arrive in batches of a thousand and are checked against the slug first.
      await db.schema
        .createTable('click_hits')
        .addColumn('id', bigint, identity)
        .addColumn('click_id', 'text', (column) => column.notNull().unique())
        .addColumn('link_id', 'integer', (column) => column.notNull())
        .addColumn('at', time, (column) => column.notNull())
        .addColumn('visitor_key', 'text', (column) => column.notNull())
        .addColumn('referrer_host', 'text')
        .addColumn('method', 'text', (column) => column.notNull())
        .addColumn('reason', 'text', (column) => column.notNull())
        .execute();
      await db.schema.createIndex('click_hits_by_link').on('click_hits').columns(['link_id', 'at']).execute();

      await db.schema
        .createTable('visitor_salts')
        .addColumn('day', 'text', (column) => column.primaryKey())
        .addColumn('salt', 'text', (column) => column.notNull())
        .execute();

      await db.schema
        .createTable('conversions')
        .addColumn('id', 'integer', identity)
        .addColumn('campaign_id', 'integer', (column) => column.references('campaigns.id'))
        .addColumn('kind', 'text', (column) => column.notNull())
        .addColumn('external_id', 'text')
        .addColumn('click_id', 'text')
        .addColumn('amount_minor', bigint)
        .addColumn('currency', 'text')
        .addColumn('code', 'text')
        .addColumn('occurred_at', time, (column) => column.notNull())
        .addColumn('received_at', time, (column) => column.notNull())
        .addColumn('source', 'text', (column) => column.notNull())
        .addUniqueConstraint('conversions_external_id_unique', ['kind', 'external_id'])
        .execute();
      await db.schema
        .createIndex('conversions_by_campaign')
        .on('conversions')
        .column('campaign_id')
        .execute();
      await db.schema.createIndex('conversions_by_click').on('conversions').column('click_id').execute();

      await db.schema
        .createTable('webhook_deliveries')
        .addColumn('signature', 'text', (column) => column.primaryKey())
        .addColumn('received_at', time, (column) => column.notNull())
        .execute();
    },

    async down(db: Kysely<unknown>) {
      for (const table of [
        'webhook_deliveries',
        'conversions',
        'visitor_salts',
        'click_hits',
        'tracked_links',
        'campaign_profiles',
        'campaigns',
      ])
        await db.schema.dropTable(table).execute();
    },
  };
}
