import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { CLI } from '../_test-cli.ts';

const ROOT = resolve(import.meta.dirname, '..', '..', '..', '..');

describe('realreach eval', () => {
  it('exits 1 with a clear message when the datasets folder is absent', () => {
    const result = spawnSync(process.execPath, [CLI, 'eval', '--datasets', '/nonexistent/datasets'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /no datasets folder at \/nonexistent\/datasets/);
    assert.equal(result.stdout, '');
  });
});
