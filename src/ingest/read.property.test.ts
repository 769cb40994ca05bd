// Property tests: random bytes, random JSON and random CSV against every reader give record errors, never crashes or hangs.
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { InputError } from '../core/errors.ts';
import { accountArbitrary } from './_test-accounts.ts';
import { FORMATS } from './formats/index.ts';
import { REALREACH_CSV_HEADER, toRealreachCsvLine, toRealreachRecord } from './formats/realreach.ts';
import { openAccountReader, type ReadItem } from './read.ts';

/** Field names the formats read, so random records reach deep into the mappers. */
const KEYS = [
  'id',
  'id_str',
  'platform',
  'label',
  'screen_name',
  'name',
  'description',
  'url',
  'location',
  'followers_count',
  'friends_count',
  'statuses_count',
  'favourites_count',
  'listed_count',
  'created_at',
  'default_profile_image',
  'profile_image_url',
  'profile_banner_url',
  'verified',
  'protected',
  'updated',
  'crawled_at',
  'dataset',
  'user',
  'data',
  'meta',
  'public_metrics',
  'following_count',
  'tweet_count',
  'username',
  'acct',
  'display_name',
  'note',
  'avatar',
  'header',
  'bot',
  'group',
  'locked',
  'last_status_at',
  'fields',
  'did',
  'handle',
  'displayName',
  'followersCount',
  'followsCount',
  'postsCount',
  'createdAt',
  'labels',
  'followers',
  'profiles',
  'subject',
  'cursor',
  'userFollowerCount',
  'userFollowingCount',
  'userMediaCount',
  'isFake',
  'usernameLength',
  'handleLength',
  'hasDefaultAvatar',
  'observedAt',
];

const randomRecord = fc.dictionary(fc.constantFrom(...KEYS), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 12 });

/** Reads everything; an InputError (the input as a whole is unusable) is an allowed outcome, anything else thrown fails. */
async function readAll(bytes: Buffer | string, format?: string): Promise<{ ok: number; errors: number }> {
  let ok = 0;
  let errors = 0;
  try {
    const reader = await openAccountReader('-', { stdin: Readable.from([Buffer.from(bytes)]), format });
    for await (const item of reader) {
      if (item.ok) {
        ok++;
        assert.equal(typeof item.account.id, 'string');
      } else {
        errors++;
        assert.ok(item.error.field.length > 0 && item.error.reason.length > 0, JSON.stringify(item.error));
      }
    }
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
  }
  return { ok, errors };
}

const formatChoice = fc.option(fc.constantFrom(...FORMATS.map((f) => f.name)), { nil: undefined });
const runs = { numRuns: 150, interruptAfterTimeLimit: 20_000 };

describe('readers under random input', () => {
  it('random bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), formatChoice, async (bytes, format) => {
        await readAll(Buffer.from(bytes), format);
      }),
      runs,
    );
  });

  it('random JSON records as JSONL, arrays and pages', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(randomRecord, { minLength: 1, maxLength: 20 }),
        fc.constantFrom('jsonl', 'array', 'page'),
        formatChoice,
        async (records, layout, format) => {
          const text =
            layout === 'jsonl'
              ? records.map((r) => JSON.stringify(r)).join('\n')
              : layout === 'array'
                ? JSON.stringify(records)
                : JSON.stringify({ data: records, followers: records, profiles: records }, null, 2);
          await readAll(text, format);
        },
      ),
      runs,
    );
  });

  it('random truncations of valid JSON never hang or crash', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(randomRecord, { minLength: 1, maxLength: 10 }),
        fc.nat(),
        async (records, cut) => {
          const text = JSON.stringify(records);
          await readAll(text.slice(0, cut % (text.length + 1)));
        },
      ),
      runs,
    );
  });

  it('random CSV under known headers', async () => {
    const cell = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.integer().map(String),
      fc.constantFrom('', 'NULL', '1', '0'),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.constantFrom(...KEYS), { minLength: 1, maxLength: 12 }),
        fc.array(fc.array(cell, { maxLength: 14 }), { maxLength: 15 }),
        formatChoice,
        async (header, rows, format) => {
          const quote = (value: string) => `"${value.replaceAll('"', '""')}"`;
          const text = [header, ...rows].map((row) => row.map(quote).join(',')).join('\n');
          await readAll(text, format);
        },
      ),
      runs,
    );
  });
});

/** A good record (id `good-<n>`) or a bad one, in the order given. */
type Entry = { good: true; n: number } | { good: false; text: string };

async function items(body: string): Promise<ReadItem[]> {
  const out: ReadItem[] = [];
  const reader = await openAccountReader('-', { stdin: Readable.from([Buffer.from(body)]) });
  for await (const item of reader) out.push(item);
  return out;
}

function entries(bad: fc.Arbitrary<string>): fc.Arbitrary<Entry[]> {
  return fc.array(fc.oneof(fc.constant(null), bad), { minLength: 1, maxLength: 12 }).map((list) => {
    let n = 0;
    // the first record is good, so the format is settled by it
    return [null, ...list].map(
      (entry): Entry => (entry === null ? { good: true, n: n++ } : { good: false, text: entry }),
    );
  });
}

function assertNothingLost(written: Entry[], read: ReadItem[]): void {
  assert.equal(read.length, written.length, 'read = accepted + rejected = the records written');
  const accepted = read.flatMap((item) => (item.ok ? [item.account.id] : []));
  for (const entry of written)
    if (entry.good) assert.ok(accepted.includes(`good-${entry.n}`), `good record good-${entry.n} lost`);
}

describe('read = accepted + rejected, and no good record lost next to a bad one', () => {
  const oneLine = fc.string({ maxLength: 40 }).map((text) => text.replace(/[\r\n]/g, ' '));

  it('JSONL: every line is one item, good lines kept beside garbage', async () => {
    const bad = fc.oneof(
      oneLine.filter((text) => text.trim() !== ''),
      randomRecord.map((record) => JSON.stringify({ ...record, platform: 'nowhere' })),
      fc.constant('{"platform":"x","id":'),
    );
    await fc.assert(
      fc.asyncProperty(entries(bad), accountArbitrary, async (list, account) => {
        const body = list
          .map((entry) =>
            entry.good
              ? JSON.stringify(
                  toRealreachRecord({
                    ...account,
                    id: `good-${entry.n}`,
                    source: { format: 't', file: 't' },
                  }),
                )
              : entry.text,
          )
          .join('\n');
        assertNothingLost(list, await items(body));
      }),
      runs,
    );
  });

  it('CSV: every row is one item, good rows kept beside broken quotes and wrong field counts', async () => {
    const bad = fc.oneof(
      oneLine.filter((text) => text.trim() !== '').map((text) => `x,${text}`),
      fc.constantFrom('x,bad,"unclosed', 'x,"a"b,c', '"', 'x,1,2,3', 'x,bad,"""'),
    );
    await fc.assert(
      fc.asyncProperty(entries(bad), accountArbitrary, async (list, account) => {
        const rows = list.map((entry) =>
          entry.good
            ? toRealreachCsvLine({ ...account, id: `good-${entry.n}`, source: { format: 't', file: 't' } })
            : entry.text,
        );
        assertNothingLost(list, await items(`${REALREACH_CSV_HEADER.join(',')}\n${rows.join('\n')}\n`));
      }),
      runs,
    );
  });
});
