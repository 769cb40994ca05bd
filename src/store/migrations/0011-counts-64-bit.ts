// Migration 0011: counts as 64-bit integers — a profile's follower count can pass 2^31 (a 32-bit integer's limit).
import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../database.ts';

/** The count columns; SQLite's INTEGER is 64-bit already, so only PostgreSQL's `integer` columns are widened. */
const COUNT_COLUMNS: Array<[table: string, column: string]> = [
  ['audits', 'followers_read'],
  ['follower_count_snapshots', 'followers_count'],
  ['follower_count_snapshots', 'following_count'],
  ['follower_count_snapshots', 'posts_count'],
];

export function countsAs64Bit(dialect: DialectName): Migration {
  const alter = async (db: Kysely<unknown>, type: 'bigint' | 'integer') => {
    if (dialect === 'sqlite') return;
    for (const [table, column] of COUNT_COLUMNS)
      await db.schema
        .alterTable(table)
        .alterColumn(column, (change) => change.setDataType(type))
        .execute();
  };
  return {
    up: (db) => alter(db, 'bigint'),
    down: (db) => alter(db, 'integer'),
  };
}
