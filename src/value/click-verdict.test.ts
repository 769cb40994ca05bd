import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { judgeHit } from './click-verdict.ts';

const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

describe('judgeHit', () => {
  it('counts a browser GET as human', () => {
    assert.equal(judgeHit({ method: 'GET', userAgent: CHROME, purpose: undefined }), 'human');
  });
  it('names HEADs, prefetches, empty agents, preview fetchers and crawlers', () => {
    assert.equal(judgeHit({ method: 'HEAD', userAgent: CHROME, purpose: undefined }), 'head-request');
    assert.equal(judgeHit({ method: 'GET', userAgent: CHROME, purpose: 'prefetch;prerender' }), 'prefetch');
    assert.equal(judgeHit({ method: 'GET', userAgent: '  ', purpose: undefined }), 'empty-user-agent');
    assert.equal(judgeHit({ method: 'GET', userAgent: undefined, purpose: undefined }), 'empty-user-agent');
    assert.equal(
      judgeHit({ method: 'GET', userAgent: 'Twitterbot/1.0', purpose: undefined }),
      'link-preview',
    );
    assert.equal(
      judgeHit({
        method: 'GET',
        userAgent: 'http.rb/5.1.1 (Mastodon/4.2.1; +https://mastodon.social/)',
        purpose: undefined,
      }),
      'link-preview',
    );
    assert.equal(
      judgeHit({
        method: 'GET',
        userAgent: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
        purpose: undefined,
      }),
      'bot-user-agent',
    );
    assert.equal(judgeHit({ method: 'GET', userAgent: 'curl/8.5.0', purpose: undefined }), 'bot-user-agent');
  });
});
