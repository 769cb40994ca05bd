import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countOf, nounFor } from './plural.ts';

describe('counts in words', () => {
  it('agree in number: only a whole 1 is singular', () => {
    assert.equal(countOf(1, 'follower'), '1 follower');
    assert.equal(countOf(0, 'follower'), '0 followers');
    assert.equal(countOf(2, 'conversion'), '2 conversions');
    assert.equal(countOf(0.5, 'post'), '0.5 posts');
    assert.equal(countOf(1.5, 'post'), '1.5 posts');
  });

  it('write thousands with commas and take an irregular plural', () => {
    assert.equal(countOf(12_345, 'reply', 'replies'), '12,345 replies');
    assert.equal(countOf(1, 'reply', 'replies'), '1 reply');
    assert.equal(nounFor(3, 'person', 'people'), 'people');
  });
});
