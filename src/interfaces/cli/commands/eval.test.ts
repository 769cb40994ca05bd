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
    assert.match(result.stderr, /docs\/DATASETS\.md/);
    assert.equal(result.stdout, '');
  });

  it('says a misused --only first (exit 2), even where the datasets are absent', () => {
    const result = spawnSync(
      process.execPath,
      [CLI, 'eval', '--only', 'kinds', '--datasets', '/nonexistent/datasets'],
      { cwd: ROOT, encoding: 'utf8' },
    );
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, /--only: expected verification or accuracy, got "kinds"/);
  });

  it('looks in $REALREACH_DATASETS when --datasets is not given, as docs/DATASETS.md says', () => {
    const result = spawnSync(process.execPath, [CLI, 'eval'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, REALREACH_DATASETS: '/nonexistent/env-datasets' },
      // before the fix eval ignored the variable and started the whole evaluation on ../shared/datasets
      timeout: 60_000,
    });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /no datasets folder at \/nonexistent\/env-datasets/);
  });
});
