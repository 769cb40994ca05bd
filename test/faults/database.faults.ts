// Fault suite: the server on a private PostgreSQL whose connections are cut and which is stopped and restarted under load — 503s while it is down, answers after, the process never dies, each audit saved once.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { after, before, describe, it } from '../skippable-tests.ts';
import {
  type PrivatePostgres,
  privatePostgresSkip,
  type RunningServer,
  startPrivatePostgres,
  startServer,
} from './fault-processes.ts';
import { type Answer, isServed, percentile, runLoad, tally } from './load.ts';
import { savedOnce } from './saved-once.ts';

describe('the server while its PostgreSQL fails', { skip: privatePostgresSkip, timeout: 240_000 }, () => {
  const work = mkdtempSync(join(tmpdir(), 'realreach-faults-db-'));
  let postgres: PrivatePostgres;
  let server: RunningServer;
  let token: string;

  before(async () => {
    postgres = await startPrivatePostgres();
    server = await startServer([], { DATABASE_URL: postgres.url, TMPDIR: work }, work);
    token = server.token as string;
    assert.ok(token, server.log());
  });
  after(async () => {
    await server?.stop();
    postgres?.destroy();
    rmSync(work, { recursive: true, force: true });
  });

  async function phase(ms: number, during?: () => void | Promise<void>): Promise<Answer[]> {
    const stop = new AbortController();
    const load = runLoad(server.url, token, stop.signal, { workers: 4, uploadEvery: 3 });
    await delay(200);
    await during?.();
    await delay(ms);
    stop.abort();
    return load;
  }

  function report(name: string, answers: Answer[]): string {
    return `${name}: ${JSON.stringify(tally(answers))}, p99 ${Math.round(
      percentile(
        answers.map((a) => a.ms),
        99,
      ),
    )} ms`;
  }

  it('cuts its connections, stops and restarts PostgreSQL under load: 503 problem+json while down, then answers; the process lives; each audit saved once', async (t) => {
    const healthy = await phase(1_500);
    t.diagnostic(report('healthy', healthy));
    assert.ok(healthy.length > 0 && healthy.every(isServed), report('healthy', healthy));

    const cut = await phase(1_500, () => {
      const ended = postgres.terminateConnections();
      t.diagnostic(`pg_terminate_backend ended ${ended} sessions`);
      assert.ok(ended >= 1);
    });
    t.diagnostic(report('connections cut', cut));
    assert.ok(
      cut.every((a) => isServed(a) || a.status === 503),
      `${report('cut', cut)}\n${server.log().slice(-4000)}`,
    );

    const down = await phase(3_000, () => postgres.stop());
    t.diagnostic(report('PostgreSQL down', down));
    assert.ok(
      down.every((a) => a.status !== 0 && a.status !== 500),
      report('down', down),
    );
    const downAnswers = down.filter((a) => a.at > Date.now() - 2_500);
    assert.ok(
      downAnswers.some((a) => a.status === 503),
      'requests while it is down are refused with 503',
    );
    assert.ok(
      down.filter((a) => a.status === 503).every((a) => a.ms < 6_000),
      'the 503s come fast (within the 5 s connection timeout)',
    );
    const problem = await fetch(`${server.url}/api/v1/audits`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    assert.equal(problem.status, 503);
    assert.equal(problem.headers.get('content-type'), 'application/problem+json');
    assert.equal(problem.headers.get('retry-after'), '5');

    postgres.start();
    const back = await phase(2_000);
    t.diagnostic(report('restarted', back));
    const late = back.filter((a) => a.at > Date.now() - 1_000);
    assert.ok(late.length > 0 && late.every(isServed), report('back', back));
    assert.equal(server.child.exitCode, null, 'the server never died');
    assert.equal(server.child.signalCode, null);

    const counts = await savedOnce(postgres.url, [...healthy, ...cut, ...down, ...back]);
    t.diagnostic(`saved once: ${JSON.stringify(counts)}`);
    assert.equal(counts.extra, 0, 'no audit saved twice, none without an accepted upload');
    assert.equal(counts.lost, 0, 'no accepted upload lost');
    // A merge or shard that ended while PostgreSQL was away is settled when it is back, not when its delivery expires
    // (ten minutes): every accepted job is done within the minute savedOnce waits.
    assert.equal(counts.done + counts.failed, counts.accepted, 'every accepted job ended within a minute');
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    try {
      // A job's shards write their followers' rows under the audit id it reserved; they are an audit's only once its
      // audit row is saved. Rows of a job still open are work in progress; any other row without its audit is a half audit.
      const { rows: orphans } = await client.query(
        `select count(*)::int as n from audit_followers f
         where not exists (select 1 from audits a where a.id = f.audit_id)
           and not exists (select 1 from audit_jobs j where j.staged_audit_id = f.audit_id and j.state in ('queued', 'running'))`,
      );
      assert.equal(orphans[0].n, 0, 'no half audit');
    } finally {
      await client.end();
    }
  });
});
