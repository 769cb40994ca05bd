// Migration 0016: each follower row keeps the profile facts a person verifying it judges it by (counts, dates, bio, picture).
import type { Kysely, Migration } from 'kysely';

/**
 * One JSON text column in both dialects: the facts are shown and downloaded, never queried. Rows saved before
 * keep null, which the review page tells as "not stored".
 */
export function addFollowerFacts(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('audit_followers').addColumn('facts', 'text').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('audit_followers').dropColumn('facts').execute();
    },
  };
}
