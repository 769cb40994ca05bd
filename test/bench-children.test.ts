// The benchmarks' child scripts load the built library by path (dist/…), which tsc cannot check: each is run here on the demo so a moved module fails a test, not the next `npm run bench`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { CLI, ensureBuiltCli } from '../src/interfaces/cli/_test-cli.ts';

const ROOT = resolve(import.meta.dirname, '..');
const DEMO = join(ROOT, 'examples', 'demo-audience', 'followers.jsonl');

function run(args: string[]) {
  const result = spawnSync(process.execPath, args, {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  assert.equal(result.status, 0, `${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return result.stdout;
}

describe('the benchmarks’ child scripts', () => {
  ensureBuiltCli();
  const cliHeadline = (JSON.parse(run([CLI, 'audit', DEMO, '--format', 'json'])) as { headline: string })
    .headline;

  for (const threads of ['1', '2']) {
    it(`bench/audit-rate.ts audits the demo on ${threads} thread(s) as the CLI does`, () => {
      const out = JSON.parse(
        run(['--import', 'tsx', join('bench', 'audit-rate.ts'), DEMO, '--threads', threads]),
      ) as { followers: number; rejected: number; headline: string; cpuSeconds: number };
      assert.equal(out.followers, 2500);
      assert.equal(out.rejected, 0);
      assert.equal(out.headline, cliHeadline);
      assert.ok(out.cpuSeconds > 0);
    });
  }

  it('bench/hot-paths.ts runs the key picker, the time parser and the duplicate check', () => {
    assert.match(
      run(['--import', 'tsx', join('bench', 'hot-paths.ts'), 'picker', DEMO]),
      /key picker [\d.]+ CPU-us a line \(median of 7 passes over 2500 lines; 17500 picked\)/,
    );
    assert.match(
      run(['--import', 'tsx', join('bench', 'hot-paths.ts'), 'time']),
      /xV1Time [\d.]+ CPU-ns a call/,
    );
    assert.match(
      run(['--import', 'tsx', join('bench', 'hot-paths.ts'), 'duplicates', '--ids', '20000']),
      /duplicate check of 20,000 [\d.]+ CPU-s/,
    );
  });
});
