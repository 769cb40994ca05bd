// Migration 0019: a request-slot bucket keeps the spacing its platform's stated limit implies (rate-limit headers' limit over their window), which every worker's next reservation honours.
import type { Kysely, Migration } from 'kysely';

export function addRateSlotServerLimit(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('rate_slots')
        .addColumn('server_interval_ms', 'bigint', (column) => column.notNull().defaultTo(0))
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('rate_slots').dropColumn('server_interval_ms').execute();
    },
  };
}
