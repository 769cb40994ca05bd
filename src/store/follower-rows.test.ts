// A follower row's facts: kept as an array in a fixed order that names every fact, read back as the object, old objects read as they are.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type FollowerFacts, followerFactsSchema } from '../audit/report-schema.ts';
import { readStoredFacts, STORED_FACT_ORDER, storedFacts } from './follower-rows.ts';

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
