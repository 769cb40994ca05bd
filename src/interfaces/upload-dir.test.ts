import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { makeUploadDir, removeStaleUploadDirs } from './upload-dir.ts';

const parent = mkdtempSync(join(tmpdir(), 'realreach-upload-dirs-'));
after(() => rmSync(parent, { recursive: true, force: true }));

describe('upload folders', () => {
  it("removes the folders of processes that are gone, never a running one's (issue 11)", async () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    const deadPid = Number(dead.stdout);
    const left = join(parent, `realreach-upload-${deadPid}-abc123`);
    mkdirSync(left);
    writeFileSync(join(left, 'spooled-upload'), 'x'.repeat(1000));
    const mine = await makeUploadDir(parent);
    const unrelated = join(parent, 'something-else');
    mkdirSync(unrelated);

    assert.deepEqual(await removeStaleUploadDirs(parent), [`realreach-upload-${deadPid}-abc123`]);
    assert.equal(existsSync(left), false);
    assert.equal(existsSync(mine), true);
    assert.equal(existsSync(unrelated), true);
  });
});
