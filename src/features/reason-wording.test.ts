// Tests for the wording of numbers in reason sentences.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countOf, formatCount, formatDays, formatPercent, formatRate, rateOf } from './reason-wording.ts';

describe('reason wording', () => {
  it('writes counts with thousands separators and the right noun', () => {
    assert.equal(formatCount(4100), '4,100');
    assert.equal(countOf(1, 'follower'), '1 follower');
    assert.equal(countOf(0, 'follower'), '0 followers');
    assert.equal(countOf(1_250_000, 'follower'), '1,250,000 followers');
  });

  it('gives rates as many digits as their size deserves', () => {
    assert.equal(formatRate(341.66), '342');
    assert.equal(formatRate(2.46), '2.5');
    assert.equal(formatRate(0.0123), '0.012');
    assert.equal(formatRate(1234.5), '1,235');
  });

  it('agrees a rate with its noun: singular only when it reads as exactly one', () => {
    assert.equal(rateOf(1, 'post'), '1 post');
    assert.equal(rateOf(1.02, 'post'), '1 post');
    assert.equal(rateOf(0.5, 'post'), '0.5 posts');
    assert.equal(rateOf(2.46, 'post'), '2.5 posts');
    assert.equal(rateOf(0, 'post'), '0 posts');
  });

  it('writes shares as whole percentages', () => {
    assert.equal(formatPercent(0.4), '40%');
    assert.equal(formatPercent(4 / 11), '36%');
  });

  it('writes spans of days in days, months or years', () => {
    assert.equal(formatDays(1), '1 day');
    assert.equal(formatDays(12), '12 days');
    assert.equal(formatDays(200), '7 months');
    assert.equal(formatDays(1200), '3.3 years');
  });
});
