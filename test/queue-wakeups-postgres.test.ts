// pg-boss workers are woken by a message another process queues, not at their next poll; and again after their listening connection was lost.
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import type { SendOptions } from '../src/jobs/queue/job-queue.ts';
import { PgBossQueue } from '../src/jobs/queue/pg-boss-queue.ts';
import { wakeChannel } from '../src/jobs/queue/queue-wakeups.ts';
import { POSTGRES_URL, postgresSkip } from './postgres-under-test.ts';
import { after, describe, it } from './skippable-tests.ts';

const schema = `rr_wake_${randomBytes(5).toString('hex')}`;
/** The worker polls every 30 s: a message taken within a few seconds was taken because it was woken. */
const POLL_SECONDS = 30;
const options = (): SendOptions => ({
  id: randomUUID(),
  retryLimit: 0,
  retryDelaySeconds: 1,
  retryBackoff: false,
  expireInSeconds: 60,
});

describe('queue wake-ups (pg-boss, PostgreSQL)', { skip: postgresSkip }, () => {
  const worker = new PgBossQueue({
    connectionString: POSTGRES_URL,
    schema,
    pollingIntervalSeconds: POLL_SECONDS,
    log: () => {},
  });
  const sender = new PgBossQueue({ connectionString: POSTGRES_URL, schema, log: () => {} });
  const taken: { n: number; at: number }[] = [];

  after(async () => {
    await worker.stop();
    await sender.stop();
    const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 1 });
    await pool.query(`drop schema if exists ${schema} cascade`);
    await pool.end();
  });

  async function sendAndWait(n: number): Promise<number> {
    const sent = performance.now();
    await sender.send('wake-test', { n }, options());
    for (;;) {
      const got = taken.find((message) => message.n === n);
      if (got) return got.at - sent;
      assert.ok(performance.now() - sent < 10_000, `message ${n} not taken within 10 s`);
      await delay(20);
    }
  }

  it('takes a message queued by another process at once, though its next poll is 30 s away', {
    timeout: 60_000,
  }, async () => {
    await worker.start();
    await sender.start();
    await worker.work<{ n: number }>('wake-test', { concurrency: 1 }, async (message) => {
      taken.push({ n: message.data.n, at: performance.now() });
    });
    // The worker's first fetch (at start) found nothing: it now sleeps until its next poll or a wake-up.
    await delay(1_000);
    const waited = await sendAndWait(1);
    assert.ok(waited < 5_000, `taken ${Math.round(waited)} ms after it was queued`);
  });

  it('listens again after its connection is lost, and is woken as before', { timeout: 60_000 }, async () => {
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ pid: number }>(
        'select pid from pg_stat_activity where query = $1 and pid <> pg_backend_pid()',
        [`LISTEN ${wakeChannel(schema)}`],
      );
      assert.ok(rows.length >= 1, 'no connection listens');
      for (const { pid } of rows) await admin.query('select pg_terminate_backend($1)', [pid]);
      // Reconnected after 0.25 s (then 1 s, 5 s…): wait until a connection listens again.
      for (let waited = 0; ; waited += 100) {
        const again = await admin.query(
          'select count(*)::int as n from pg_stat_activity where query = $1 and not (pid = any($2))',
          [`LISTEN ${wakeChannel(schema)}`, rows.map((row) => row.pid)],
        );
        if (again.rows[0].n >= 1) break;
        assert.ok(waited < 20_000, 'nothing listens 20 s after the connection was lost');
        await delay(100);
      }
    } finally {
      await admin.end();
    }
    await delay(1_000);
    const waited = await sendAndWait(2);
    assert.ok(waited < 5_000, `taken ${Math.round(waited)} ms after it was queued`);
  });
});
