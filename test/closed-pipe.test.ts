// A reader that closes the pipe early (`realreach score … | head -1`) ends the command quietly with exit code 0.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';
import { CLI } from '../src/interfaces/cli/_test-cli.ts';

const DEMO = resolve(import.meta.dirname, '..', 'examples', 'demo-audience');

/** Runs the CLI, reads its first line of output as `head -1` does, closes the pipe and waits for the exit. */
async function firstLineThenClose(args: string[]) {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  const exited = once(child, 'exit');
  let first: string | undefined;
  for await (const line of createInterface({ input: child.stdout })) {
    first = line;
    break;
  }
  child.stdout.destroy();
  const [code, signal] = await exited;
  return { first, code, signal, stderr };
}

describe('a closed stdout', () => {
  it('ends `score` quietly with exit code 0', async () => {
    const run = await firstLineThenClose(['score', join(DEMO, 'followers.jsonl')]);
    assert.match(run.first ?? '', /^\{"id":"1000000000"/);
    assert.deepEqual([run.code, run.signal], [0, null]);
    assert.doesNotMatch(run.stderr, /EPIPE|Error|at /);
  });

  it('ends `audit --format csv` quietly with exit code 0', async () => {
    const run = await firstLineThenClose([
      'audit',
      join(DEMO, 'followers.jsonl'),
      '--profile',
      join(DEMO, 'profile.json'),
      '--format',
      'csv',
    ]);
    assert.match(run.first ?? '', /^id,handle,platform,profile_url,pFake/);
    assert.deepEqual([run.code, run.signal], [0, null]);
    assert.doesNotMatch(run.stderr, /EPIPE|Error|at /);
  });
});
