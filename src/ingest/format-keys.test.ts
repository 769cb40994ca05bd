// Formats that name their keys (JSONL read by the key picker) read every line as JSON.parse would: the same accounts and the same errors as the same records read as a JSON array, and their mappers read no key they do not name.
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { JsonFormat } from './format.ts';
import { FORMATS } from './formats/index.ts';
import { openAccountReader, type ReadItem } from './read.ts';

const OBSERVED = new Date('2025-06-01T00:00:00.000Z');
const PICKED = FORMATS.filter(
  (format): format is JsonFormat => format.framing === 'json' && format.keys !== undefined,
);

async function read(body: string, format: string): Promise<ReadItem[]> {
  const reader = await openAccountReader('-', {
    stdin: Readable.from([Buffer.from(body)]),
    observedAt: OBSERVED,
    format,
  });
  const items: ReadItem[] = [];
  for await (const item of reader) items.push(item);
  return items;
}

/** An item without where it was read (a line in JSONL, an index in an array). */
function withoutPlace(item: ReadItem): unknown {
  if (!item.ok) return { field: item.error.field, reason: item.error.reason };
  const { source: _source, ...account } = item.account;
  return { account, label: item.label };
}

/** Values a field may hold in an export, good and bad. */
const valueArbitrary = fc.oneof(
  fc.constantFrom(null, true, false, 0, 1, -1, 12.5, '', 'NULL', '0', '1', 'true', '123'),
  fc.constantFrom(
    'Fri Apr 06 10:58:22 +0000 2007',
    '2015-02-14 10:54:49',
    'https://x.example/default_profile_images/a.png',
  ),
  fc.string({ maxLength: 12 }),
  fc.integer({ min: 0, max: 2 ** 40 }),
  fc.jsonValue({ maxDepth: 2 }),
);

describe('formats read by the key picker', () => {
  it('x-v1 names its keys (the bench and the bundled examples read through it)', () => {
    assert.ok(PICKED.some((format) => format.name === 'x-v1'));
  });

  for (const format of PICKED) {
    const keys = format.keys as readonly string[];
    const recordArbitrary = fc.dictionary(
      fc.oneof(fc.constantFrom(...keys), fc.constantFrom('extra', 'entities', 'status')),
      valueArbitrary,
      { maxKeys: keys.length + 3 },
    );

    it(`${format.name}: JSONL lines read as the same records in a JSON array`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(recordArbitrary, { minLength: 1, maxLength: 8 }), async (records) => {
          // the first record is a whole one, so the format settles on it and the others go through the picker
          const first = Object.fromEntries(keys.map((key) => [key, key.endsWith('id') ? '7' : null]));
          const all = [
            { ...first, id_str: '7', screen_name: 'a', followers_count: 1, friends_count: 1 },
            ...records,
          ];
          const lines = await read(all.map((record) => JSON.stringify(record)).join('\n'), format.name);
          const array = await read(JSON.stringify(all), format.name);
          assert.deepEqual(lines.map(withoutPlace), array.map(withoutPlace));
        }),
        { numRuns: 300 },
      );
    });

    it(`${format.name}: its mapper reads only the keys it names`, () => {
      fc.assert(
        fc.property(recordArbitrary, (record) => {
          const read = new Set<string>();
          const watched = new Proxy(record, {
            get(target, key, receiver) {
              if (typeof key === 'string') read.add(key);
              return Reflect.get(target, key, receiver);
            },
            has(target, key) {
              if (typeof key === 'string') read.add(key);
              return Reflect.has(target, key);
            },
          });
          try {
            format.map(watched, { file: '-' });
          } catch {
            // a record it refuses still reads only its keys
          }
          for (const key of read) assert.ok(keys.includes(key), `${format.name} reads ${key}`);
        }),
        { numRuns: 300 },
      );
    });
  }
});
