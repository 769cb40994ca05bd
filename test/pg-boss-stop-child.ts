// Child process of the pg-boss stop test: works six queues while another connection locks pg-boss's job table, so every connection of the queue's pool is busy and one worker's fetch waits for a connection; stops the queue then, says `stopped`, and should then exit by itself.
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { PgBossQueue } from '../src/jobs/queue/pg-boss-queue.ts';

const [url, schema] = process.argv.slice(2) as [string, string];
const queue = new PgBossQueue({ connectionString: url, schema, pollingIntervalSeconds: 0.5, log: () => {} });
await queue.start();
const names = ['a', 'b', 'c', 'd', 'e', 'f'];
for (const name of names) await queue.work(name, { concurrency: 1 }, async () => undefined);
const locker = new pg.Client({ connectionString: url });
await locker.connect();
await locker.query('begin');
await locker.query(`lock table ${schema}.job in access exclusive mode`);
// Six workers' fetches now block on the lock: four hold the pool's connections, two wait for one.
await delay(1500);
const stopped = queue.stop();
await delay(500);
await locker.query('commit');
await locker.end();
await stopped;
process.stdout.write('stopped\n');
