// The pg-boss queue lets its process exit after stop() even when a worker's fetch was waiting for a pool connection at that moment (the handle that outlived a PostgreSQL restart in the jobs test).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import pg from 'pg';
import { POSTGRES_URL, postgresSkip } from './postgres-under-test.ts';
import { describe, it } from './skippable-tests.ts';

const CHILD = resolve(import.meta.dirname, 'pg-boss-stop-child.ts');

describe('pg-boss queue stop', { skip: postgresSkip }, () => {
  it('leaves nothing running once stopped with its pool full and a fetch waiting: the process exits by itself', {
    timeout: 120_000,
  }, async () => {
    const schema = `rr_stop_${randomBytes(5).toString('hex')}`;
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, POSTGRES_URL, schema], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    try {
      for (let waited = 0; !output.includes('stopped'); waited += 100) {
        assert.ok(waited < 60_000, `the child never stopped its queue: ${output}`);
        assert.equal(child.exitCode, null, `the child ended before stopping its queue: ${output}`);
        await new Promise((done) => setTimeout(done, 100));
      }
      // The waiting fetch gives up within the connection timeout (5 s); then nothing may keep the process alive.
      const code = await Promise.race([
        exited,
        new Promise<'alive'>((done) => setTimeout(() => done('alive'), 20_000)),
      ]);
      assert.equal(code, 0, `the process was still alive 20 s after its queue stopped: ${output}`);
    } finally {
      child.kill('SIGKILL');
      const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 1 });
      await pool.query(`drop schema if exists ${schema} cascade`);
      await pool.end();
    }
  });
});
