import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { InputError } from '../../core/errors.ts';
import { type PostItem, postInteractions, readPosts } from './posts.ts';

const dir = mkdtempSync(join(tmpdir(), 'realreach-posts-'));

async function readAll(path: string): Promise<PostItem[]> {
  const items: PostItem[] = [];
  for await (const item of readPosts(path)) items.push(item);
  return items;
}

test('reads one post per line, and reports a bad line as file:line: field: reason and goes on', async () => {
  const path = join(dir, 'posts.jsonl');
  writeFileSync(
    path,
    [
      '{"id": "1", "createdAt": "2026-10-30T14:05:00Z", "likes": 12, "replies": 3, "reposts": 2}',
      '{"id": 2, "createdAt": "2026-10-29T09:00:00Z", "likes": 5, "replies": 0, "reposts": 1, "quotes": 4, "views": 900}',
      '{"id": "3", "createdAt": "2026-10-28", "likes": -1, "replies": 0, "reposts": 0}',
      '{"id": "4", "likes": 1, "replies": 0, "reposts": 0}',
      '{"id": "5", "createdAt": "2026-10-27T00:00:00Z", "likes": 1, "reposts": 0}',
      'not json',
    ].join('\n'),
  );
  const items = await readAll(path);
  assert.equal(items.length, 6);
  const [first, second, ...bad] = items;
  assert.ok(first?.ok && second?.ok);
  assert.deepEqual(first.post, {
    id: '1',
    createdAt: new Date('2026-10-30T14:05:00Z'),
    likes: 12,
    replies: 3,
    reposts: 2,
  });
  assert.equal(postInteractions(first.post), 17);
  assert.equal(postInteractions(second.post), 10);
  const errors = bad.map((item) => (item.ok ? 'ok' : `${item.error.line}: ${item.error.field}`));
  assert.deepEqual(errors, ['3: likes', '4: createdAt', '5: replies', '6: (record)']);
  const third = bad[0];
  assert.ok(third && !third.ok);
  assert.equal(third.error.file, path);
});

test('refuses a file that is not JSON', async () => {
  const path = join(dir, 'posts.csv');
  writeFileSync(path, 'id,createdAt,likes\n1,2026-10-30,3\n');
  await assert.rejects(readAll(path), InputError);
});
