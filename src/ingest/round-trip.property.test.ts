// Round trips as properties: every format realreach writes (JSONL and CSV of its own columns, which is what fetch writes through toRealreachRecord) reads back as the same Account, field for field, known-empty text included.
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { type Account, LABELS, type Label } from '../core/account.ts';
import { accountArbitrary, optional } from './_test-accounts.ts';
import { REALREACH_CSV_HEADER, toRealreachCsvLine, toRealreachRecord } from './formats/realreach.ts';
import { openAccountReader } from './read.ts';

const OBSERVED = new Date('2025-06-01T00:00:00.000Z');
const labelled = fc.record({ account: accountArbitrary, label: optional(fc.constantFrom(...LABELS)) });

/** The fields that are set, so absent and undefined compare equal. */
function defined(account: Omit<Account, 'source'>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(account).filter(([key, value]) => key !== 'source' && value !== undefined),
  );
}

async function readBack(body: string): Promise<{ account: Record<string, unknown>; label?: Label }[]> {
  const reader = await openAccountReader('-', {
    stdin: Readable.from([Buffer.from(body)]),
    observedAt: OBSERVED,
  });
  const out: { account: Record<string, unknown>; label?: Label }[] = [];
  for await (const item of reader) {
    assert.ok(item.ok, item.ok ? '' : JSON.stringify(item.error));
    out.push(
      item.label === undefined
        ? { account: defined(item.account) }
        : { account: defined(item.account), label: item.label },
    );
  }
  return out;
}

const expected = (rows: { account: Omit<Account, 'source'>; label?: Label }[]) =>
  rows.map((row) =>
    row.label === undefined
      ? { account: defined(row.account) }
      : { account: defined(row.account), label: row.label },
  );

const runs = { numRuns: 200 };

describe('round trips', () => {
  it('JSONL of toRealreachRecord (what fetch writes) reads back field for field', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(labelled, { minLength: 1, maxLength: 8 }), async (rows) => {
        const body = rows
          .map((row) =>
            JSON.stringify(
              toRealreachRecord({ ...row.account, source: { format: 't', file: 't' } }, row.label),
            ),
          )
          .join('\n');
        assert.deepEqual(await readBack(body), expected(rows));
      }),
      runs,
    );
  });

  it('a JSON array of the same records reads back field for field', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(labelled, { minLength: 1, maxLength: 8 }), async (rows) => {
        const records = rows.map((row) =>
          toRealreachRecord({ ...row.account, source: { format: 't', file: 't' } }, row.label),
        );
        assert.deepEqual(await readBack(JSON.stringify(records, null, 1)), expected(rows));
      }),
      runs,
    );
  });

  it('realreach CSV reads back field for field, known-empty text as "" and unknown as absent', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(labelled, { minLength: 1, maxLength: 8 }), async (rows) => {
        const lines = rows.map((row) =>
          toRealreachCsvLine({ ...row.account, source: { format: 't', file: 't' } }, row.label),
        );
        const body = `${REALREACH_CSV_HEADER.join(',')}\n${lines.join('\r\n')}\n`;
        assert.deepEqual(await readBack(body), expected(rows));
      }),
      runs,
    );
  });

  it('keeps an empty bio known-empty through JSONL and CSV (fetch wrote "" and it read back as unknown)', async () => {
    const account: Account = {
      platform: 'mastodon',
      id: '42',
      handle: 'quiet',
      displayName: '',
      bio: '',
      url: '',
      location: '',
      observedAt: OBSERVED,
      source: { format: 't', file: 't' },
    };
    const jsonl = await readBack(JSON.stringify(toRealreachRecord(account)));
    assert.equal(jsonl[0]?.account.bio, '');
    const csv = await readBack(`${REALREACH_CSV_HEADER.join(',')}\n${toRealreachCsvLine(account)}\n`);
    assert.deepEqual(csv[0]?.account, jsonl[0]?.account);
  });
});
