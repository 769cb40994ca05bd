// Reserves an audit's id before the audit exists, the way each dialect hands out ids: an audit job's shards write their followers' rows under it, and the audit row that makes them visible comes last.
import { type Kysely, sql } from 'kysely';
import type { Database } from '../database.ts';

/** Takes the next id of `audits` in the transaction `trx`; no other audit will get it. */
export type ReserveAuditId = (trx: Kysely<Database>) => Promise<number>;

/** PostgreSQL: the identity column's own sequence. */
export const reservePostgresAuditId: ReserveAuditId = async (trx) => {
  const { rows } = await sql<{
    id: number | string;
  }>`select nextval(pg_get_serial_sequence('audits', 'id')) as id`.execute(trx);
  return Number(rows[0]?.id);
};

/**
 * SQLite: AUTOINCREMENT keeps the largest id ever handed out in sqlite_sequence (a table SQLite lets us update) and
 * never hands out one at or below it; raising it by one reserves that id.
 */
export const reserveSqliteAuditId: ReserveAuditId = async (trx) => {
  await sql`insert into sqlite_sequence (name, seq)
    select 'audits', coalesce((select max(id) from audits), 0)
    where not exists (select 1 from sqlite_sequence where name = 'audits')`.execute(trx);
  const { rows } = await sql<{ seq: number }>`update sqlite_sequence set seq = seq + 1 where name = 'audits'
    returning seq`.execute(trx);
  return Number(rows[0]?.seq);
};
