// inspect finds an account labelled both ways by two records of one file (what train leaves out) and says where.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { inspectInput } from './inspect.ts';

const dir = mkdtempSync(join(tmpdir(), 'realreach-inspect-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('inspect and labels that contradict each other', () => {
  it('counts a record whose label contradicts its account’s earlier one, and names both lines', async () => {
    const path = join(dir, 'labelled.csv');
    // id 1: fake on line 2, human on line 4, fake again on line 6 (agrees with the first); id 2 repeated, same label
    writeFileSync(
      path,
      'platform,id,handle,followersCount,label\nx,1,a,1,fake\nx,2,b,2,human\nx,1,a,1,human\nx,2,b,2,human\nx,1,a,1,fake\n',
    );
    const summary = await inspectInput(path);
    assert.equal(summary.accepted, 5);
    assert.equal(summary.duplicates, 3);
    assert.equal(summary.labelConflicts, 1);
    assert.ok(
      summary.notes.includes(
        `${path}:4: id 1 is labelled human here and fake at line 2: conflicting labels (train leaves every record of it out)`,
      ),
      summary.notes.join('\n'),
    );
  });

  it('finds none where every repeat agrees', async () => {
    const path = join(dir, 'agree.jsonl');
    const record = JSON.stringify({ platform: 'x', id: '7', label: 'bot' });
    writeFileSync(path, `${record}\n${record}\n`);
    const summary = await inspectInput(path);
    assert.equal(summary.labelConflicts, 0);
    assert.deepEqual(summary.notes, []);
  });
});
