// The duplicate check against a plain Set of keys: exact whatever the keys, through the filter, the spilled runs and their merges; its files removed.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import type { Account, Platform } from '../../core/account.ts';
import { accountKey, DuplicateAccounts, repeatedKeys } from './duplicate-accounts.ts';
import { escapeKey, sortKeys, unescapeKey } from './sorted-key-runs.ts';

const dir = mkdtempSync(join(tmpdir(), 'realreach-duplicates-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const account = (platform: Platform, id: string) => ({ platform, id }) as Account;

/** Each record's answer from a plain Set: true when its key came before. */
function expected(records: readonly Account[]): boolean[] {
  const seen = new Set<string>();
  return records.map((record) => {
    const key = accountKey(record);
    if (seen.has(key)) return true;
    seen.add(key);
    return false;
  });
}

const platformArbitrary = fc.constantFrom<Platform>('x', 'mastodon', 'instagram');

describe('DuplicateAccounts', () => {
  it('answers as a Set of platform:id would, with keys spilled to disk and merged (tiny memory, tiny filter)', () => {
    fc.assert(
      fc.property(
        // Few distinct ids, so repeats are common, near and far; any characters, line ends and backslashes too; now
        // and then one longer than the room first made for a recent key's characters.
        fc.array(
          fc.tuple(
            platformArbitrary,
            fc.oneof(
              fc.nat(300).map(String),
              fc.string({ maxLength: 4 }),
              fc.nat(3).map((n) => `${'long id '.repeat(8)}${n}`),
            ),
          ),
          {
            maxLength: 800,
          },
        ),
        fc.constantFrom(8, 64, 1 << 12),
        fc.constantFrom(1, 3, 16, 1 << 20),
        (pairs, filterWords, recentKeys) => {
          const records = pairs.map(([platform, id]) => account(platform, id));
          const set = new DuplicateAccounts({ tmpdir: dir, filterWords, recentKeys });
          try {
            const answers = records.map((record) => set.repeats(record));
            assert.deepEqual(answers, expected(records));
            assert.equal(set.duplicates, answers.filter(Boolean).length);
          } finally {
            set.close();
          }
        },
      ),
      { numRuns: 150 },
    );
    assert.deepEqual(readdirSync(dir), [], 'close() removes every run file');
  });

  it('keeps 100,000 distinct followers apart and finds their repeats on disk after the merges', () => {
    const set = new DuplicateAccounts({ tmpdir: dir, recentKeys: 1000 });
    try {
      for (let i = 0; i < 100_000; i++) assert.equal(set.repeats(account('x', String(i * 7919))), false);
      // Every one again (each on disk by now), and new ones in between.
      for (let i = 0; i < 100_000; i += 1) {
        assert.equal(set.repeats(account('x', String(i * 7919))), true);
        assert.equal(set.repeats(account('mastodon', String(i * 7919))), false);
      }
      assert.equal(set.duplicates, 100_000);
      assert.ok(set.diskLookups > 0);
      assert.ok(existsSync(dir) && readdirSync(dir).length === 1, 'its run files sit in one folder');
    } finally {
      set.close();
    }
    assert.deepEqual(readdirSync(dir), []);
  });

  it('counts the followers it was told were seen elsewhere as repeats', () => {
    const set = new DuplicateAccounts({ tmpdir: dir, seen: ['x:1', 'x:2'] });
    assert.deepEqual(
      ['1', '3', '2', '3'].map((id) => set.repeats(account('x', id))),
      [true, false, true, true],
    );
    set.close();
  });

  it('keeps every key once in sorted files, and finds exactly the keys a later part repeats from the earlier ones through them', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(fc.oneof(fc.nat(200).map(String), fc.string({ maxLength: 3 })), { maxLength: 300 }),
          {
            minLength: 1,
            maxLength: 4,
          },
        ),
        (parts) => {
          const partsDir = mkdtempSync(join(dir, 'parts-'));
          const files = parts.map((ids) => {
            const set = new DuplicateAccounts({ tmpdir: partsDir, recentKeys: 7 });
            for (const id of ids) set.repeats(account('x', id));
            const kept = set.keepSortedKeys();
            set.close();
            assert.ok(
              kept.every((file) => existsSync(file)),
              'close() leaves the kept files',
            );
            // every distinct key once, each file sorted
            const keys = kept.map((file) => readFileSync(file, 'latin1').split('\n').slice(0, -1));
            for (const lines of keys) assert.deepEqual(lines, [...lines].sort());
            assert.deepEqual(
              keys.flat().map(unescapeKey).sort(),
              [...new Set(ids)].map((id) => `x:${id}`).sort(),
            );
            return kept;
          });
          const later = files.length - 1;
          const earlierIds = new Set(parts.slice(0, later).flat());
          const expectedRepeats = [...new Set(parts[later])].filter((id) => earlierIds.has(id));
          assert.deepEqual(
            repeatedKeys(files[later] as string[], files.slice(0, later).flat()).sort(),
            expectedRepeats.map((id) => `x:${id}`).sort(),
          );
          rmSync(partsDir, { recursive: true });
        },
      ),
      { numRuns: 100 },
    );
  });

  it('sorts keys as a comparison sort does: many or few, in order or not, sharing prefixes, tying on the packed characters, escaped or not', () => {
    // Keys from a small alphabet over a shared start, so that the packed six characters tie often and keys end inside them.
    const keyArbitrary = fc
      .tuple(
        fc.constantFrom('', 'x:', 'x:10000'),
        fc.string({ unit: fc.constantFrom('0', '1', ' ', '~', 'a'), maxLength: 9 }),
      )
      .map(([start, rest]) => start + rest);
    const keysArbitrary = fc.oneof(
      // past 256 keys the packed sort runs; under it the comparison sort
      fc.array(keyArbitrary, { minLength: 256, maxLength: 1200 }),
      fc.array(keyArbitrary, { maxLength: 300, size: 'max' }),
      fc.array(keyArbitrary, { minLength: 256, maxLength: 600 }).map((keys) => [...keys].sort()),
      fc.array(fc.string({ unit: 'binary', maxLength: 8 }), { minLength: 256, maxLength: 600 }),
    );
    fc.assert(
      fc.property(keysArbitrary, (keys) => {
        const before = [...keys];
        assert.deepEqual(sortKeys(keys), [...keys].sort());
        assert.deepEqual(keys, before, 'the keys given are left as they are');
      }),
      { numRuns: 300 },
    );
  });

  it('finds a key longer than a write of the run file', () => {
    const set = new DuplicateAccounts({ tmpdir: dir, recentKeys: 3 });
    try {
      const ids = ['1', 'z'.repeat(70_000), '2', '3', '4', '5', '6'];
      for (const id of ids) assert.equal(set.repeats(account('x', id)), false);
      for (const id of ids) assert.equal(set.repeats(account('x', id)), true);
      assert.ok(set.diskLookups > 0);
    } finally {
      set.close();
    }
  });

  it('escapes keys into printable ASCII lines, one to one', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        const [x, y] = [escapeKey(a), escapeKey(b)];
        assert.match(x, /^[\x20-\x7e]*$/);
        assert.equal(unescapeKey(x), a);
        assert.equal(x === y, a === b);
      }),
    );
  });
});
