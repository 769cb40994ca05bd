// A delivery whose handler ended while PostgreSQL could not be reached is marked completed, or failed and retried, once it answers again — not left active until it expires.
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import net from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { PgBossQueue } from '../src/jobs/queue/pg-boss-queue.ts';
import { POSTGRES_URL, postgresSkip } from './postgres-under-test.ts';
import { after, describe, it } from './skippable-tests.ts';

/** A TCP relay to the test PostgreSQL that can refuse every connection for a while: the database cut, then back. */
class CuttableRelay {
  readonly #target = new URL(POSTGRES_URL);
  readonly #sockets = new Set<net.Socket>();
  #server: net.Server | undefined;
  port = 0;

  async open(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(Number(this.#target.port || 5432), this.#target.hostname);
      for (const [a, b] of [
        [client, upstream],
        [upstream, client],
      ] as const) {
        this.#sockets.add(a);
        a.on('error', () => b.destroy());
        a.on('close', () => {
          this.#sockets.delete(a);
          b.destroy();
        });
        a.pipe(b);
      }
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as net.AddressInfo).port;
    this.#server = server;
  }

  /** Ends every connection and refuses new ones until open() again. */
  async cut(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    for (const socket of this.#sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  url(): string {
    const url = new URL(POSTGRES_URL);
    url.hostname = '127.0.0.1';
    url.port = String(this.port);
    return url.toString();
  }
}

const schema = `rr_settle_${randomBytes(5).toString('hex')}`;
/** Far beyond the test's wait: a message still active after a few seconds would have waited for this. */
const EXPIRE_SECONDS = 120;

describe('settling deliveries across a lost database (pg-boss, PostgreSQL)', { skip: postgresSkip }, () => {
  const relay = new CuttableRelay();
  let queue: PgBossQueue | undefined;

  after(async () => {
    await queue?.stop();
    await relay.cut();
    const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 1 });
    await pool.query(`drop schema if exists ${schema} cascade`);
    await pool.end();
  });

  async function stateOf(id: string): Promise<string | undefined> {
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    try {
      const { rows } = await client.query<{ state: string }>(
        `select state from ${schema}.job where id = $1`,
        [id],
      );
      return rows[0]?.state;
    } finally {
      await client.end();
    }
  }

  async function waitForState(id: string, state: string, withinMs: number): Promise<number> {
    const started = performance.now();
    for (;;) {
      const now = await stateOf(id);
      if (now === state) return performance.now() - started;
      assert.ok(
        performance.now() - started < withinMs,
        `message still ${now} ${withinMs} ms after the database came back (it expires after ${EXPIRE_SECONDS} s)`,
      );
      await delay(100);
    }
  }

  it('completes a message whose handler succeeded while the database was cut, and retries one whose handler failed then', {
    timeout: 90_000,
  }, async () => {
    await relay.open();
    queue = new PgBossQueue({ connectionString: relay.url(), schema, log: () => {} });
    await queue.start();
    const calls = new Map<string, number>();
    await queue.work<{ name: string; fails: boolean }>('settle-test', { concurrency: 1 }, async (message) => {
      const call = (calls.get(message.data.name) ?? 0) + 1;
      calls.set(message.data.name, call);
      if (call > 1) return;
      // The first delivery ends while nothing reaches PostgreSQL.
      await relay.cut();
      if (message.data.fails) throw new Error('the handler failed while the database was away');
    });
    for (const [name, fails] of [
      ['succeeds', false],
      ['fails', true],
    ] as const) {
      const id = randomUUID();
      await queue.send(
        'settle-test',
        { name, fails },
        { id, retryLimit: 2, retryDelaySeconds: 1, retryBackoff: false, expireInSeconds: EXPIRE_SECONDS },
      );
      for (let waited = 0; !calls.has(name); waited += 50) {
        assert.ok(waited < 10_000, `${name}: never delivered`);
        await delay(50);
      }
      await delay(1_500);
      await relay.open();
      await waitForState(id, 'completed', 15_000);
      assert.equal(calls.get(name), fails ? 2 : 1, `${name}: delivered ${calls.get(name)} times`);
    }
  });
});
