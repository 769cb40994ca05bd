// `realreach serve` in a child process, as `npm start` runs it: the example and a first token on first start only, the API on the printed URL.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, describe, it } from 'node:test';
import { CLI } from '../_test-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'realreach-serve-'));
const db = join(dir, 'serve.db');
after(() => rmSync(dir, { recursive: true, force: true }));

interface Started {
  child: ChildProcess;
  lines: string[];
  url: string;
}

/** Starts the server on a free port and reads its output up to the URL line. */
async function startServer(): Promise<Started> {
  return startServerOn(db);
}

async function startServerOn(database: string): Promise<Started> {
  const { DATABASE_URL: _url, REALREACH_DB: _db, ...env } = process.env;
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--db', database], {
    cwd: dir,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  for await (const line of createInterface({ input: child.stdout as NodeJS.ReadableStream })) {
    lines.push(line);
    const url = /dashboard (http:\/\/127\.0\.0\.1:\d+\/)/.exec(line)?.[1];
    if (url) return { child, lines, url };
  }
  throw new Error(`serve stopped before printing its URL:\n${lines.join('\n')}`);
}

async function stop(child: ChildProcess): Promise<number | null> {
  child.kill('SIGTERM');
  const [code] = await once(child, 'exit');
  return code;
}

describe('realreach serve', () => {
  it('stops on a port in use before it saves the example or makes the first token (shown once, it would be lost)', async () => {
    const taken = createServer();
    taken.listen(0, '127.0.0.1');
    await once(taken, 'listening');
    const { port } = taken.address() as { port: number };
    const { DATABASE_URL: _url, REALREACH_DB: _db, ...env } = process.env;
    const busyDb = join(dir, 'busy.db');
    try {
      const child = spawn(process.execPath, [CLI, 'serve', '--port', String(port), '--db', busyDb], {
        cwd: dir,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout?.on('data', (chunk) => {
        output += chunk;
      });
      child.stderr?.on('data', (chunk) => {
        output += chunk;
      });
      const [code] = await once(child, 'exit');
      assert.notEqual(code, 0);
      assert.match(output, new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}: the port is in use`));
      assert.doesNotMatch(output, /example|token/);
    } finally {
      taken.close();
    }
    // The next start on a free port is a first start: it saves the example and shows the first token.
    const { child, lines } = await startServerOn(busyDb);
    try {
      assert.match(lines.join('\n'), /first API token, shown this once/);
    } finally {
      assert.equal(await stop(child), 0);
    }
  });

  it('on first start saves the example, prints a token shown once and serves the API with it', async () => {
    const { child, lines, url } = await startServer();
    try {
      assert.match(
        lines.join('\n'),
        /saved the example as audit 1: ≈ [\d,]+ real followers of 2,500 \(95 % CI/,
      );
      const token = /first API token, shown this once .*: (rr_\S+)/.exec(lines.join('\n'))?.[1];
      assert.ok(token, lines.join('\n'));
      const audits = await fetch(`${url}api/v1/audits`, { headers: { Authorization: `Bearer ${token}` } });
      assert.equal(audits.status, 200);
      const { audits: list } = (await audits.json()) as { audits: { id: number; followersRead: number }[] };
      assert.deepEqual(
        list.map((audit) => [audit.id, audit.followersRead]),
        [[1, 2500]],
      );
      assert.equal((await fetch(`${url}api/v1/audits`)).status, 401);
      assert.equal((await fetch(url, { redirect: 'manual' })).status, 303);
      // Run from a folder without the project's tsconfig, the pages must still render.
      const signIn = await fetch(`${url}sign-in`);
      assert.equal(signIn.status, 200);
      assert.match(await signIn.text(), /^<!doctype html>.*name="token"/s);
    } finally {
      assert.equal(await stop(child), 0);
    }
  });

  it('on a later start neither saves the example again nor prints a token', async () => {
    const { child, lines } = await startServer();
    try {
      const output = lines.join('\n');
      assert.doesNotMatch(output, /example/);
      assert.doesNotMatch(output, /token/);
      assert.match(output, new RegExp(`database: SQLite file ${db.replaceAll('.', '\\.')}`));
    } finally {
      assert.equal(await stop(child), 0);
    }
  });
});
