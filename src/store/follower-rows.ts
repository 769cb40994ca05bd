// Bulk writes of an audit's per-follower rows, the fastest way each dialect offers through Kysely.
import { type CompiledQuery, type Insertable, type InsertQueryNode, type Kysely, sql } from 'kysely';
import type { AuditFollowersTable, Database } from './database.ts';

export type FollowerRow = Insertable<AuditFollowersTable>;

export interface FollowerRowWriter {
  /** The most rows one `write` takes. */
  readonly batchSize: number;
  write(trx: Kysely<Database>, rows: FollowerRow[]): Promise<void>;
}

/** Bound parameters of one per-follower row: the columns of audit_followers. */
const PARAMETERS_PER_ROW = 13;

/**
 * Multi-row INSERTs as large as the parameter limit allows. A full batch always compiles to the same SQL, so it is
 * compiled by Kysely once and run again with each batch's values, in the column order of the compiled statement.
 */
export function multiRowInsertWriter(maxParameters: number): FollowerRowWriter {
  const batchSize = Math.floor(maxParameters / PARAMETERS_PER_ROW);
  let fullBatch: { compiled: CompiledQuery; columns: (keyof FollowerRow)[] } | undefined;
  return {
    batchSize,
    async write(trx, rows) {
      if (rows.length < batchSize) {
        await trx.insertInto('audit_followers').values(rows).execute();
        return;
      }
      if (fullBatch === undefined) {
        const compiled = trx.insertInto('audit_followers').values(rows).compile();
        const columns = ((compiled.query as InsertQueryNode).columns ?? []).map(
          (node) => node.column.name as keyof FollowerRow,
        );
        fullBatch = { compiled, columns };
      }
      const { compiled, columns } = fullBatch;
      const parameters: unknown[] = [];
      for (const row of rows) for (const column of columns) parameters.push(row[column]);
      await trx.executeQuery({ ...compiled, parameters });
    },
  };
}

/**
 * PostgreSQL: each column as one array parameter, turned back into rows by unnest. Thirteen parameters whatever the
 * batch size, so the server parses one short statement per batch instead of 65,535 placeholders.
 */
export function unnestInsertWriter(batchSize: number): FollowerRowWriter {
  return {
    batchSize,
    async write(trx, rows) {
      const column = <K extends keyof FollowerRow>(name: K) => rows.map((row) => row[name]);
      await trx
        .insertInto('audit_followers')
        .columns([
          'audit_id',
          'position',
          'follower_id',
          'handle',
          'platform',
          'p_fake',
          'type',
          'unlike_training',
          'reasons',
          'source',
          'label',
          'created_at',
          'facts',
        ])
        .expression(
          sql`select * from unnest(
            ${column('audit_id')}::integer[], ${column('position')}::integer[], ${column('follower_id')}::text[],
            ${column('handle')}::text[], ${column('platform')}::text[], ${column('p_fake')}::double precision[],
            ${column('type')}::text[], ${column('unlike_training')}::integer[], ${column('reasons')}::text[],
            ${column('source')}::text[], ${column('label')}::text[], ${column('created_at')}::text[],
            ${column('facts')}::text[])`,
        )
        .execute();
    },
  };
}
