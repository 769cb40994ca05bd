// The store's migration on PostgreSQL while other sessions create and drop schemas in the same database (as parallel test files, or other apps sharing it, do): the migrator's look at every table must not fail on a schema dropped meanwhile.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { openPostgresStore } from '../src/store/dialects/postgres.ts';
import { POSTGRES_URL, postgresSkip } from './postgres-under-test.ts';
import { describe, it } from './skippable-tests.ts';

describe('store migration beside concurrent DDL (PostgreSQL)', { skip: postgresSkip }, () => {
  it('migrates fresh schemas while another session keeps creating and dropping schemas with tables', {
    timeout: 120_000,
  }, async () => {
    const churn = new pg.Client({ connectionString: POSTGRES_URL });
    await churn.connect();
    let churning = true;
    const prefix = `rr_churn_${randomBytes(4).toString('hex')}`;
    const loop = (async () => {
      for (let n = 0; churning; n++) {
        const schema = `${prefix}_${n}`;
        await churn.query(`create schema ${schema}`);
        for (let t = 0; t < 5; t++)
          await churn.query(`create table ${schema}.t${t} (id serial primary key, v text)`);
        await churn.query(`drop schema ${schema} cascade`);
        // a schema made and dropped every few tens of milliseconds: without the migration's second look, about a
        // third of the migrations here failed (9 of 30)
        await delay(20);
      }
    })();
    const made: string[] = [];
    try {
      for (let k = 0; k < 12; k++) {
        const schema = `rr_migr_${randomBytes(5).toString('hex')}`;
        made.push(schema);
        const store = await openPostgresStore({ connectionString: POSTGRES_URL, schema });
        await store.close();
      }
    } finally {
      churning = false;
      await loop;
      for (const schema of made) await churn.query(`drop schema if exists ${schema} cascade`);
      await churn.end();
    }
    assert.equal(made.length, 12);
  });
});
