// A job whose transaction committed while the store saw an error (the answer to COMMIT lost with a cut connection) is the job, not an error; one that did not commit stays an error.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import type { Database } from '../database.ts';
import { reserveSqliteAuditId } from '../dialects/reserve-audit-id.ts';
import { connectSqlite, SQLITE_MAX_PARAMETERS } from '../dialects/sqlite.ts';
import type { WriteTransaction } from '../kysely-store.ts';
import { migrateToLatest } from '../migrate.ts';
import { multiRowInsertWriter } from '../rows/follower-rows.ts';
import { JobCommitUnknownError, KyselyAuditJobStore } from './audit-job-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'realreach-job-commit-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function storeWith(name: string, writeTransaction: WriteTransaction) {
  const db: Kysely<Database> = connectSqlite(join(dir, name));
  await migrateToLatest(db, 'sqlite');
  const store = new KyselyAuditJobStore(db, db, writeTransaction, {
    rows: multiRowInsertWriter(SQLITE_MAX_PARAMETERS),
    reserveAuditId: reserveSqliteAuditId,
    lockJobRow: false,
  });
  return { db, store };
}

const job = {
  owner: 'tester',
  inputName: 'followers.jsonl',
  format: 'realreach-jsonl',
  notes: [],
  options: {},
};
const oneShard = async (
  add: (shard: { firstPosition: number; records: number; input: Buffer }) => Promise<void>,
) => {
  await add({ firstPosition: 0, records: 1, input: Buffer.from('x') });
  return { records: 1, followers: 1, model: 'x' };
};

describe('a job whose commit answer is lost', () => {
  it('is the job when the transaction committed', async () => {
    const { db, store } = await storeWith('committed.db', async (database, work) => {
      await database.transaction().execute(work);
      throw new Error('Connection terminated unexpectedly');
    });
    try {
      const id = await store.createJob(job, oneShard);
      const stored = await store.getJob(id);
      assert.equal(stored?.state, 'queued');
      assert.equal(stored?.shardCount, 1);
    } finally {
      await db.destroy();
    }
  });

  it('names the job when the database cannot be asked whether it committed (the client can look instead of sending it again)', async () => {
    const { db, store } = await storeWith('unknown.db', async (database, work) => {
      await database.transaction().execute(work);
      // the connection lost with the COMMIT's answer, and the database gone before it can be asked
      await database.destroy();
      throw new Error('Connection terminated unexpectedly');
    });
    const error = await store.createJob(job, oneShard).then(
      () => assert.fail('an unknown commit was answered as a job'),
      (error: unknown) => error,
    );
    assert.ok(error instanceof JobCommitUnknownError, String(error));
    assert.equal(error.jobId, 1);
    assert.match(error.message, /audit job 1 .*may or may not have been/);
    const again = connectSqlite(join(dir, 'unknown.db'));
    try {
      const rows = await again.selectFrom('audit_jobs').select('id').execute();
      assert.deepEqual(rows, [{ id: 1 }], 'the job it names is the one stored');
    } finally {
      await again.destroy();
      await db.destroy().catch(() => undefined);
    }
  });

  it('stays an error when it did not commit', async () => {
    const { db, store } = await storeWith('rolled-back.db', async (database, work) =>
      database.transaction().execute(async (trx) => {
        await work(trx);
        throw new Error('Connection terminated unexpectedly');
      }),
    );
    try {
      await assert.rejects(store.createJob(job, oneShard), /Connection terminated/);
      assert.deepEqual(await store.listJobs({ limit: 10 }), []);
    } finally {
      await db.destroy();
    }
  });
});
