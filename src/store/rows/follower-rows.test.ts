// A follower row's facts: kept as an array in a fixed order that names every fact, read back as the object, old objects read as they are; rows go to PostgreSQL's COPY in the type index's order, to SQLite as they come.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { type FollowerFacts, followerFactsSchema } from '../../audit/report-schema.ts';
import type { Database } from '../database.ts';
import {
  copyWriter,
  type FollowerRow,
  type FollowerRowWriter,
  multiRowInsertWriter,
  readStoredFacts,
  STORED_FACT_ORDER,
  storedFacts,
  writeFollowerRows,
} from './follower-rows.ts';

const facts: FollowerFacts = {
  displayName: 'Ada',
  bio: 'tab\there, "quoted", ☃',
  followers: 12,
  following: 2 ** 40,
  posts: null,
  lastPostAt: '2026-01-02T03:04:05.000Z',
  observedAt: '2026-11-01T00:00:00.000Z',
  defaultAvatar: false,
  verified: null,
  declaredBot: true,
  profileUrl: 'https://social.example/@ada',
};

describe('stored follower facts', () => {
  it('order every fact of the schema once', () => {
    assert.deepEqual([...STORED_FACT_ORDER].sort(), Object.keys(followerFactsSchema.shape).sort());
  });

  it('are a JSON array read back as the facts, in the schema’s order', () => {
    const text = storedFacts(facts);
    assert.ok(Array.isArray(JSON.parse(text)));
    const read = readStoredFacts(text);
    assert.deepEqual(read, facts);
    assert.deepEqual(Object.keys(read), Object.keys(followerFactsSchema.shape));
  });

  it('read a row saved as an object as it was, and facts missing from a shorter array as null', () => {
    assert.deepEqual(readStoredFacts(JSON.stringify(facts)), facts);
    const shorter = JSON.stringify(STORED_FACT_ORDER.slice(0, -1).map((name) => facts[name]));
    assert.deepEqual(readStoredFacts(shorter), { ...facts, profileUrl: null });
  });
});

describe('writing follower rows', () => {
  const row = (position: number, type: string, pFake: number) =>
    ({ audit_id: 1, position, type, p_fake: pFake }) as FollowerRow;
  const rows = () => [
    row(0, 'real', 0.2),
    row(1, 'suspicious', 0.9),
    row(2, 'real', 0.1),
    row(3, 'inactive', 0.4),
    row(4, 'real', 0.1),
    row(5, 'mass follower', 0.3),
  ];
  /** The writer's batches, as positions, written with its order and batch size but no database. */
  async function batches(writer: FollowerRowWriter): Promise<number[][]> {
    const written: number[][] = [];
    const capture: FollowerRowWriter = {
      batchSize: 4,
      ...(writer.order === undefined ? {} : { order: writer.order }),
      async write(_trx, batch) {
        written.push(batch.map((one) => one.position));
      },
    };
    await writeFollowerRows(capture, {} as Kysely<Database>, rows());
    return written;
  }

  it("PostgreSQL's COPY takes them in the type index's order: type, p(fake), position", async () => {
    assert.deepEqual(await batches(copyWriter(10_000)), [
      [3, 5, 2, 4],
      [0, 1],
    ]);
  });

  it('SQLite takes them as they come (its table is ordered by position)', async () => {
    assert.deepEqual(await batches(multiRowInsertWriter(999)), [
      [0, 1, 2, 3],
      [4, 5],
    ]);
  });
});
