// Tests of the rate-limit header readers of Mastodon, atproto and X, and of Retry-After.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  readAtprotoRateLimit,
  readMastodonRateLimit,
  readPolicyWindow,
  readResetTime,
  readRetryAfter,
  readXRateLimit,
} from './rate-limit-headers.ts';

const NOW = Date.parse('2026-03-01T12:00:00.000Z');

describe('rate-limit headers', () => {
  it('reads Mastodon’s X-RateLimit-* with an ISO 8601 reset', () => {
    const headers = new Headers({
      'X-RateLimit-Limit': '300',
      'X-RateLimit-Remaining': '299',
      'X-RateLimit-Reset': '2026-03-01T12:05:00.000000Z',
    });
    assert.deepEqual(readMastodonRateLimit(headers, NOW), {
      limit: 300,
      remaining: 299,
      resetAt: Date.parse('2026-03-01T12:05:00Z'),
    });
  });

  it('reads atproto’s RateLimit-* with an epoch-seconds reset, and X’s x-rate-limit-*', () => {
    const atproto = new Headers({
      'RateLimit-Limit': '3000',
      'RateLimit-Remaining': '2999',
      'RateLimit-Reset': '1772366700',
      'RateLimit-Policy': '3000;w=300',
    });
    assert.deepEqual(readAtprotoRateLimit(atproto, NOW), {
      limit: 3000,
      remaining: 2999,
      resetAt: 1_772_366_700_000,
      windowMs: 300_000,
    });
    const x = new Headers({
      'x-rate-limit-limit': '15',
      'x-rate-limit-remaining': '14',
      'x-rate-limit-reset': '1772366700',
    });
    assert.deepEqual(readXRateLimit(x, NOW), { limit: 15, remaining: 14, resetAt: 1_772_366_700_000 });
  });

  it('reads a small reset as seconds from now (the IETF draft) and leaves out what is absent or unreadable', () => {
    assert.equal(readResetTime('30', NOW), NOW + 30_000);
    assert.deepEqual(readMastodonRateLimit(new Headers({ 'X-RateLimit-Remaining': 'many' }), NOW), {
      limit: undefined,
      remaining: undefined,
      resetAt: undefined,
    });
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    assert.equal(readRetryAfter(new Headers({ 'Retry-After': '120' }), NOW), NOW + 120_000);
    assert.equal(
      readRetryAfter(new Headers({ 'Retry-After': 'Sun, 01 Mar 2026 12:01:00 GMT' }), NOW),
      NOW + 60_000,
    );
    assert.equal(readRetryAfter(new Headers(), NOW), undefined);
  });

  it('reads the window of an IETF-draft policy, and nothing from a policy without one', () => {
    assert.equal(readPolicyWindow('3000;w=300'), 300_000);
    assert.equal(readPolicyWindow('10;w=2.5'), 2_500);
    assert.equal(readPolicyWindow('100;w=60, 1000;w=3600'), 60_000);
    assert.equal(readPolicyWindow('100; w=60; comment="per user"'), 60_000);
    assert.equal(readPolicyWindow('100'), undefined);
    assert.equal(readPolicyWindow('100;w=0'), undefined);
    assert.equal(readPolicyWindow('100;window=60'), undefined);
    assert.equal(readPolicyWindow(null), undefined);
  });
});
