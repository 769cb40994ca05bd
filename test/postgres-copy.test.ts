// COPY FROM STDIN through Kysely on the real local PostgreSQL: in the caller's transaction, a refused row fails the statement, rolls back with it and leaves the connection usable.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { CompiledQuery, sql } from 'kysely';
import { connectPostgres, openPostgresStore } from '../src/store/dialects/postgres.ts';
import { CopyData } from '../src/store/dialects/postgres-copy.ts';
import { syntheticFollower } from '../src/store/fixtures/synthetic-audit.ts';
import { copyWriter, followerRow } from '../src/store/rows/follower-rows.ts';
import { POSTGRES_URL, postgresSkip } from './postgres-under-test.ts';
import { describe, it } from './skippable-tests.ts';

describe('COPY FROM STDIN through the PostgreSQL store', { skip: postgresSkip }, () => {
  it('writes in the transaction it is run in; a duplicate row fails the COPY, the transaction rolls back, the connection goes on', async () => {
    const schema = `rr_copy_${randomBytes(5).toString('hex')}`;
    const location = { connectionString: POSTGRES_URL, schema };
    await (await openPostgresStore(location)).close();
    const db = connectPostgres(location);
    try {
      const writer = copyWriter(1_000);
      const rows = (positions: number[]) =>
        positions.map((position) => followerRow(7, position, syntheticFollower(position)));
      const count = async () =>
        Number(
          (
            await db
              .selectFrom('audit_followers')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      await db.connection().execute(async (connection) => {
        // Seen by this transaction before it commits, and not by another connection.
        await connection.transaction().execute(async (trx) => {
          await writer.write(trx, rows(Array.from({ length: 1_200 }, (_, i) => i)));
          const inside = await trx
            .selectFrom('audit_followers')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow();
          assert.equal(Number(inside.n), 1_200);
          assert.equal(await count(), 0);
        });
        assert.equal(await count(), 1_200);
        await assert.rejects(
          connection.transaction().execute(async (trx) => {
            await writer.write(trx, rows([5_000, 5_001]));
            await writer.write(trx, rows([5_002, 3]));
          }),
          /duplicate key value violates unique constraint "audit_followers_pk"/,
        );
        assert.equal(await count(), 1_200);
        // The connection that ran the failed COPY takes the next statement.
        const { rows: after } = await connection.executeQuery<{ one: number }>(
          CompiledQuery.raw('select 1 as one'),
        );
        assert.deepEqual(after, [{ one: 1 }]);
        // Data the server cannot read (text in an integer column) rejects the statement the same way.
        await assert.rejects(
          connection.executeQuery(
            CompiledQuery.raw('copy audit_followers (audit_id, position, follower_id) from stdin', [
              new CopyData(['8\tnot a number\ta\n']),
            ]),
          ),
          /invalid input syntax for type integer/,
        );
        assert.deepEqual((await sql<{ one: number }>`select 1 as one`.execute(connection)).rows, [
          { one: 1 },
        ]);
      });
    } finally {
      await db.schema.dropSchema(schema).ifExists().cascade().execute();
      await db.destroy();
    }
  });
});
