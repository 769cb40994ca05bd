// The README's offline fetch: scripts/local-api-servers.ts starts the three local APIs and prints a fetch command for each; each command, run as printed through the built CLI, writes every follower.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { CLI } from '../src/interfaces/cli/_test-cli.ts';
import { after, describe, it } from './skippable-tests.ts';

const ROOT = resolve(import.meta.dirname, '..');
const FOLLOWERS = 120;
const dir = mkdtempSync(join(tmpdir(), 'realreach-local-apis-'));
let servers: ChildProcess | undefined;
after(async () => {
  if (servers !== undefined && servers.exitCode === null) {
    servers.kill('SIGTERM');
    await once(servers, 'exit');
  }
  rmSync(dir, { recursive: true, force: true });
});

/** The heading and one line per platform; fewer when the script ends first. */
async function printedLines(child: ChildProcess): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of createInterface({ input: child.stdout as NodeJS.ReadableStream })) {
    lines.push(line);
    if (lines.length === 4) break;
  }
  return lines;
}

describe('the local API servers of the README', { timeout: 300_000 }, () => {
  it('print a fetch command per platform that fetches every follower offline', async () => {
    servers = spawn(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'scripts', 'local-api-servers.ts'), '--followers', String(FOLLOWERS)],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const lines = await printedLines(servers);
    assert.equal(lines.length, 4, lines.join('\n'));
    for (const platform of ['Mastodon', 'Bluesky', 'X']) {
      const line = lines.find((text) => text.startsWith(`${platform} `));
      assert.ok(line, `a line for ${platform}`);
      const command = line.slice(line.indexOf('realreach fetch'));
      const env = /X_BEARER_TOKEN=(\S+)/.exec(line)?.[1];
      const args = command.split(/\s+/).slice(1);
      const out = args[args.indexOf('--out') + 1] as string;
      args[args.indexOf('--out') + 1] = join(dir, out);
      const run = spawnSync(process.execPath, [CLI, ...args], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, ...(env === undefined ? {} : { X_BEARER_TOKEN: env }) },
      });
      assert.equal(run.status, 0, `${platform}: ${run.stderr}`);
      const written = readFileSync(join(dir, out), 'utf8').trim().split('\n');
      const meta = JSON.parse(readFileSync(join(dir, `${out}.meta.json`), 'utf8')) as {
        complete: boolean;
        followersFetched: number;
        followersWithheld: number;
      };
      assert.equal(meta.complete, true, platform);
      // Bluesky withholds the followers that ask not to be shown logged out: counted, not written.
      assert.equal(meta.followersFetched + meta.followersWithheld, FOLLOWERS, platform);
      assert.equal(written.length, meta.followersFetched, platform);
      assert.ok(written.length >= FOLLOWERS * 0.8, `${platform}: ${written.length} written`);
    }
  });
});
