// Fault suite: `realreach fetch` against a hostile platform server (endless body, 1 GB body, drip, huge Retry-After, cross-host redirect) and the CLI against a gzip bomb and a 200 MB line — a clear error within seconds, bounded memory, nothing written twice.
import assert from 'node:assert/strict';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { syntheticMastodonAccount } from '../../src/connectors/mastodon/local-mastodon-server.ts';
import { after, before, describe, it } from '../skippable-tests.ts';
import { runCli } from './fault-processes.ts';

/** Peak memory a CLI process may reach on any of these inputs. */
const CLI_MEMORY_BOUND_MIB = 400;
const work = mkdtempSync(join(tmpdir(), 'realreach-faults-hostile-'));
after(() => rmSync(work, { recursive: true, force: true }));

async function listen(server: Server): Promise<string> {
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('realreach fetch against a hostile platform server', { timeout: 240_000 }, () => {
  let base: string;
  let elsewhere: string;
  let elsewhereHits = 0;
  const profile = { ...syntheticMastodonAccount(1, 'mastodon.example'), username: 'alice', acct: 'alice' };
  /** Each mode is a path prefix the fetch is pointed at with --base-url; the lookup answers well, the followers do not. */
  const hostile = createServer((request, response) => {
    const [, mode, ...rest] = (request.url ?? '/').split('/');
    const path = `/${rest.join('/')}`;
    if (path.startsWith('/api/v1/accounts/lookup')) {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify(profile));
      return;
    }
    if (mode === 'endless' || mode === 'gigabyte') {
      response.writeHead(200, {
        'content-type': 'application/json',
        ...(mode === 'gigabyte' ? { 'content-length': String(1024 ** 3) } : {}),
      });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      chunk[0] = 0x5b;
      const pump = () => {
        while (!response.destroyed && response.write(chunk));
        if (!response.destroyed) response.once('drain', pump);
      };
      pump();
      return;
    }
    if (mode === 'drip') {
      response.writeHead(200, { 'content-type': 'application/json' });
      const timer = setInterval(() => (response.destroyed ? clearInterval(timer) : response.write(' ')), 200);
      response.on('close', () => clearInterval(timer));
      return;
    }
    if (mode === 'retry-after') {
      response.writeHead(429, { 'retry-after': '99999999' });
      response.end('{"error":"slow down"}');
      return;
    }
    if (mode === 'redirect') {
      response.writeHead(302, { location: `${elsewhere}/api/v1/accounts/1/followers` });
      response.end();
      return;
    }
    response.writeHead(404);
    response.end();
  });
  const other = createServer((_request, response) => {
    elsewhereHits += 1;
    response.end('[]');
  });

  before(async () => {
    base = await listen(hostile);
    elsewhere = await listen(other);
  });
  after(() => {
    hostile.closeAllConnections();
    hostile.close();
    other.close();
  });

  const cases: { mode: string; error: RegExp }[] = [
    { mode: 'endless', error: /larger than 16 MiB, not an API page/ },
    { mode: 'gigabyte', error: /larger than 16 MiB, not an API page/ },
    { mode: 'drip', error: /no complete answer within 2 s/ },
    { mode: 'retry-after', error: /rate limited until .*more than the 15 min realreach waits/ },
    { mode: 'redirect', error: /redirected to another host/ },
  ];
  for (const { mode, error } of cases) {
    it(`${mode}: a clear error within seconds, bounded memory, no follower written`, async (t) => {
      const out = join(work, `${mode}.jsonl`);
      const run = await runCli(
        [
          'fetch',
          '@alice@mastodon.example',
          '--base-url',
          `${base}/${mode}/`,
          '--out',
          out,
          '--timeout',
          '2',
          '--retries',
          '1',
        ],
        { cwd: work, timeoutMs: 60_000 },
      );
      t.diagnostic(
        `${mode}: exit ${run.code} in ${Math.round(run.ms)} ms, peak ${Math.round(run.peakMiB)} MiB: ${run.stderr.trim().split('\n').at(-1)}`,
      );
      assert.notEqual(run.code, 0);
      assert.equal(run.signal, null, 'ended on its own, not by the test timeout');
      assert.match(run.stderr, error);
      assert.ok(run.ms < 30_000, `${run.ms} ms`);
      assert.ok(run.peakMiB < CLI_MEMORY_BOUND_MIB, `peak ${run.peakMiB} MiB`);
      const written = existsSync(out) ? readFileSync(out, 'utf8').trim() : '';
      assert.equal(written, '', 'no follower written');
    });
  }

  it('sent nothing to the other host', () => assert.equal(elsewhereHits, 0));
});

/** Writes a JSONL file holding one record whose handle is `mib` MiB long, gzipped or not. */
async function oneLongLine(path: string, mib: number, gzipped: boolean): Promise<void> {
  const file = createWriteStream(path);
  const gzip = gzipped ? createGzip({ level: 9 }) : undefined;
  gzip?.pipe(file);
  const sink = gzip ?? file;
  const write = async (chunk: string | Buffer) => {
    if (!sink.write(chunk)) await new Promise<void>((done) => sink.once('drain', () => done()));
  };
  await write('{"platform":"x","id":"1","handle":"');
  const block = Buffer.alloc(1024 * 1024, 0x61);
  for (let i = 0; i < mib; i += 1) await write(block);
  sink.end('"}\n');
  await finished(file);
}

async function auditFails(
  t: { diagnostic(message: string): void },
  name: string,
  path: string,
): Promise<void> {
  const run = await runCli(['audit', path], { cwd: work, timeoutMs: 120_000 });
  t.diagnostic(
    `${name}: exit ${run.code} in ${Math.round(run.ms)} ms, peak ${Math.round(run.peakMiB)} MiB: ${run.stderr.trim().split('\n').at(-1)}`,
  );
  assert.notEqual(run.code, 0);
  assert.equal(run.signal, null, 'ended on its own, not by the test timeout');
  assert.ok(run.ms < 60_000, `${name}: ${run.ms} ms`);
  assert.ok(run.peakMiB < CLI_MEMORY_BOUND_MIB, `${name}: peak ${run.peakMiB} MiB`);
  assert.ok(run.stderr.trim() !== '', 'an error message');
}

describe('the CLI against a 200 MB line and a gzip bomb', { timeout: 300_000 }, () => {
  it('a 200 MB line: a clear error within seconds in bounded memory', async (t) => {
    const path = join(work, 'long-line.jsonl');
    await oneLongLine(path, 200, false);
    await auditFails(t, 'a 200 MB line', path);
  });

  it('a 1 GiB line gzipped to 1 MB: a clear error within seconds in bounded memory', async (t) => {
    const path = join(work, 'one-line-bomb.jsonl.gz');
    await oneLongLine(path, 1024, true);
    await auditFails(t, 'a 1 GiB line gzipped to 1 MB', path);
  });
});
