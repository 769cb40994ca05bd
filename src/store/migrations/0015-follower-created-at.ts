// Migration 0015: each follower row keeps its account's creation date, for the follow-order picture and bought batches.
import type { Kysely, Migration } from 'kysely';

/** ISO 8601 text in both dialects: a follower attribute shown and compared in order, never a query key. */
export function addFollowerCreatedAt(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('audit_followers').addColumn('created_at', 'text').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('audit_followers').dropColumn('created_at').execute();
    },
  };
}
