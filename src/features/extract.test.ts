// Tests for the extractors: row layout, feature subsets, and that no feature reads how or when an account was collected.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { type Account, PLATFORMS } from '../core/account.ts';
import { ALL_FEATURES, extractFeatures, extractMatrix, selectFeatures } from './extract.ts';
import { FEATURES, GENERAL_FEATURES } from './feature-list.ts';

const SOURCE = { format: 'test', file: 'extract.test.ts' };
const YEAR = 365.25 * 86_400_000;

const human: Account = {
  platform: 'x',
  id: '42',
  handle: 'jdoe',
  displayName: 'Jane Doe',
  bio: 'Runner, reader.',
  location: 'Rome',
  followersCount: 820,
  followingCount: 310,
  postsCount: 5400,
  likesCount: 2100,
  listedCount: 12,
  hasDefaultAvatar: false,
  hasBanner: true,
  isVerified: false,
  isPrivate: false,
  createdAt: new Date('2011-03-04T10:00:00Z'),
  lastPostAt: new Date('2015-06-01T08:00:00Z'),
  observedAt: new Date('2015-06-02T12:00:00Z'),
  source: SOURCE,
};

const fake: Account = {
  platform: 'instagram',
  id: 'train.csv:9',
  handleLength: 14,
  handleDigits: 6,
  bioLength: 0,
  followersCount: 2,
  followingCount: 7000,
  postsCount: 0,
  hasDefaultAvatar: true,
  source: { format: 'kaggle', file: 'train.csv', line: 9 },
};

const timeArbitrary = fc.date({
  min: new Date('2006-01-01T00:00:00Z'),
  max: new Date('2024-01-01T00:00:00Z'),
  noInvalidDate: true,
});
const countArbitrary = fc.nat({ max: 10_000_000 });
const textArbitrary = fc.string({ unit: 'grapheme', maxLength: 40 });

/** Any account: every field may be absent, texts are any Unicode, counts and times any plausible value. */
const accountArbitrary: fc.Arbitrary<Account> = fc
  .record(
    {
      handle: textArbitrary,
      displayName: textArbitrary,
      bio: textArbitrary,
      url: textArbitrary,
      location: textArbitrary,
      followersCount: countArbitrary,
      followingCount: countArbitrary,
      postsCount: countArbitrary,
      likesCount: countArbitrary,
      listedCount: countArbitrary,
      hasDefaultAvatar: fc.boolean(),
      hasBanner: fc.boolean(),
      isVerified: fc.boolean(),
      isPrivate: fc.boolean(),
      isSelfDeclaredBot: fc.boolean(),
      createdAt: timeArbitrary,
      lastPostAt: timeArbitrary,
      observedAt: timeArbitrary,
      bioLength: fc.nat({ max: 500 }),
      handleLength: fc.nat({ max: 30 }),
      handleDigits: fc.nat({ max: 30 }),
      handleDigitRatio: fc.double({ min: 0, max: 1, noNaN: true }),
      displayNameWords: fc.nat({ max: 10 }),
      displayNameDigitRatio: fc.double({ min: 0, max: 1, noNaN: true }),
      displayNameEqualsHandle: fc.boolean(),
      hasUrl: fc.boolean(),
    },
    { requiredKeys: [] },
  )
  .map((fields) => ({ platform: 'x', id: '1', source: SOURCE, ...fields }));

function assertSameRows(left: Float64Array, right: Float64Array): void {
  assert.equal(left.length, right.length);
  for (let i = 0; i < left.length; i++) {
    assert.ok(
      Object.is(left[i], right[i]),
      `${FEATURES[i % FEATURES.length]?.name}: ${left[i]} ≠ ${right[i]}`,
    );
  }
}

describe('extractFeatures', () => {
  it('gives one value per feature, in FEATURES order', () => {
    const row = extractFeatures(human);
    assert.equal(row.length, FEATURES.length);
    assert.equal(row[FEATURES.findIndex((spec) => spec.name === 'handle_length')], 4);
  });

  it('writes into a given row at an offset and leaves the rest alone', () => {
    const out = new Float64Array(FEATURES.length + 3).fill(-1);
    assert.equal(extractFeatures(human, out, 2), out);
    assert.equal(out[0], -1);
    assert.equal(out[1], -1);
    assert.equal(out[FEATURES.length + 2], -1);
    assertSameRows(out.subarray(2, 2 + FEATURES.length), extractFeatures(human));
  });

  it('refuses a row that does not fit instead of dropping values', () => {
    assert.throws(() => extractFeatures(human, new Float64Array(FEATURES.length), 1), RangeError);
  });
});

describe('extractMatrix', () => {
  it('lays rows out one account after another', () => {
    const matrix = extractMatrix([human, fake]);
    assert.equal(matrix.length, 2 * FEATURES.length);
    assertSameRows(matrix.subarray(0, FEATURES.length), extractFeatures(human));
    assertSameRows(matrix.subarray(FEATURES.length), extractFeatures(fake));
  });

  it('is empty for no accounts', () => {
    assert.equal(extractMatrix([]).length, 0);
  });
});

describe('selectFeatures', () => {
  it('keeps the order a model lists its features in', () => {
    const set = selectFeatures(['handle_length', 'log_followers']);
    assert.deepEqual(set.names, ['handle_length', 'log_followers']);
    assert.deepEqual([...set.extract(human)], [4, Math.log1p(820)]);
    assert.deepEqual([...set.extractMatrix([human, fake])], [4, Math.log1p(820), 14, Math.log1p(2)]);
  });

  it('gives the general model only the general features', () => {
    const general = selectFeatures(GENERAL_FEATURES);
    assert.ok(general.features.every((spec) => spec.general));
    assert.equal(general.features.length, FEATURES.filter((spec) => spec.general).length);
    assert.equal(ALL_FEATURES.features.length, FEATURES.length);
  });

  it('rejects unknown and repeated names', () => {
    assert.throws(() => selectFeatures(['log_followers', 'user_id']), /unknown feature "user_id"/);
    assert.throws(() => selectFeatures(['log_followers', 'log_followers']), /listed twice/);
  });
});

describe('what features must not read', () => {
  it('never reads id, source or platform, in compute or in describe', () => {
    fc.assert(
      fc.property(accountArbitrary, (account) => {
        const read = new Set<PropertyKey>();
        const watched = new Proxy(account, {
          get(target, key, receiver) {
            read.add(key);
            return Reflect.get(target, key, receiver);
          },
        });
        const row = extractFeatures(watched);
        FEATURES.forEach((spec, i) => {
          spec.describe(row[i] as number, watched);
        });
        for (const key of ['id', 'source', 'platform']) assert.ok(!read.has(key), `read ${key}`);
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same row to accounts that differ only in id, source and platform', () => {
    fc.assert(
      fc.property(
        accountArbitrary,
        fc.string(),
        fc.constantFrom(...PLATFORMS),
        fc.string(),
        (account, id, platform, file) => {
          const other: Account = { ...account, id, platform, source: { format: 'elsewhere', file, line: 7 } };
          assertSameRows(extractFeatures(account), extractFeatures(other));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives the same row when createdAt, lastPostAt and observedAt all move by the same years', () => {
    fc.assert(
      fc.property(accountArbitrary, fc.integer({ min: -30, max: 30 }), (account, years) => {
        const shift = (time: Date | undefined) =>
          time === undefined ? undefined : new Date(time.getTime() + Math.round(years * YEAR));
        const shifted: Account = {
          ...account,
          createdAt: shift(account.createdAt),
          lastPostAt: shift(account.lastPostAt),
          observedAt: shift(account.observedAt),
        };
        assertSameRows(extractFeatures(account), extractFeatures(shifted));
      }),
      { numRuns: 300 },
    );
  });

  it('does read observedAt as the clock: a later capture makes an older account', () => {
    const later = { ...human, observedAt: new Date('2016-06-02T12:00:00Z') };
    const age = FEATURES.findIndex((spec) => spec.name === 'log_age_days');
    assert.ok((extractFeatures(later)[age] as number) > (extractFeatures(human)[age] as number));
  });
});
