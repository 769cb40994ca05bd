// Follower page cursors: what is encoded comes back, and anything else is refused.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeFollowerCursor, encodeFollowerCursor, InvalidCursorError } from './follower-cursor.ts';

describe('follower page cursor', () => {
  it('decodes what it encodes, as URL-safe text', () => {
    for (const cursor of [
      { pFake: 0, position: 0 },
      { pFake: 0.123456789012345, position: 999_999 },
      { pFake: 1, position: 7 },
    ]) {
      const text = encodeFollowerCursor(cursor);
      assert.match(text, /^[A-Za-z0-9_-]+$/);
      assert.deepEqual(decodeFollowerCursor(text), cursor);
    }
  });

  it('refuses text it did not make', () => {
    const made = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const text of [
      '',
      'not-a-cursor',
      made({ pFake: 0.5, position: 1 }),
      made([0.5]),
      made([0.5, -1]),
      made([0.5, 1.5]),
      made(['0.5', 1]),
      made([null, 1]),
    ])
      assert.throws(() => decodeFollowerCursor(text), InvalidCursorError, text);
  });
});
